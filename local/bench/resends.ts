import { createLocalRuntime, type LocalRuntime } from '../runtime';
import { APP_ROOT } from '../cli/session';
import { applyFile, followUpJob, type ApplySummary } from '../cli/bulkApply';
import { fnv1a64Hex } from '../../src/domain/plan';
import { splitTextByBytes } from '../../src/domain/text/parts';
import { nativeProfilesCsv } from './data';
import { startEmulatorProcess } from './emulatorProcess';
import { warmUp } from './jobs';
import { CAP, type BenchSize } from './size';

export interface Resend {
  writes: number;
  /** The requests the file was planned in: what sending every row as planned takes. */
  planned: number;
  ms: number;
  rows: number;
  unchanged: number;
}

const resend = (summary: ApplySummary): Resend => {
  if (summary.status !== 'SUCCEEDED') throw new Error(`re-import job ended ${summary.status}`);
  return {
    writes: summary.requests.write,
    planned: summary.chunks,
    ms: summary.elapsedMs,
    rows: summary.operations,
    unchanged: summary.unchanged,
  };
};

/**
 * One site, one after another: the file imported; the same file with a tenth of the Regions moved, only changes
 * sent, then its undo; the same file again sending every row (`sendAll`), then the undo of that job (every row);
 * every Region moved (one value of each organization, through the details endpoint), then the same changes sent
 * back as planned, as profiles.
 */
export async function runResends(size: BenchSize) {
  const emulator = await startEmulatorProcess();
  const runtime = await createLocalRuntime({ appRoot: APP_ROOT, csmUrl: emulator.url });
  const apply = async (text: string, sendAll = false) =>
    resend(await applyFile(runtime, { text, kind: 'profiles', pollMs: 20, sendAll }));
  const undo = async (jobId: string | null) =>
    resend(await followUpJob(runtime, { jobId: jobId!, action: 'undoJob', pollMs: 20 }));
  try {
    await runtime.invokeResolver('saveSettings', { taskCap: CAP });
    await warmUp(runtime);
    const tenth = nativeProfilesCsv(size.rows, (i) => i % 10 === 0);
    await apply(nativeProfilesCsv(size.rows));
    const changed = await applyFile(runtime, { text: tenth, kind: 'profiles', pollMs: 20 });
    const onlyChanges = resend(changed);
    const undoChanges = await undo(changed.jobId);
    const everyRow = await applyFile(runtime, { text: tenth, kind: 'profiles', pollMs: 20, sendAll: true });
    const sendAll = resend(everyRow);
    const undoAll = await undo(everyRow.jobId);
    const oneValue = await apply(nativeProfilesCsv(size.rows, () => true));
    const asProfiles = await apply(nativeProfilesCsv(size.rows), true);
    const lookup = await previewLookup(runtime, emulator.url, tenth);
    return { onlyChanges, undoChanges, sendAll, undoAll, oneValue, asProfiles, lookup };
  } finally {
    await runtime.close();
    emulator.stop();
  }
}

const PROFILE_FETCH = 'POST /jsm/csm/api/v1/organization/profile/fetch';

/**
 * The page's preview of a file of size.rows rows on a site that holds them: sent in parts, previewed, then followed as
 * the page follows it until the background lookup has counted every row. Its time and its reads of the site.
 */
export async function previewLookup(runtime: LocalRuntime, emulatorUrl: string, text: string) {
  type Answer<T> = { ok: true; data: T } | { ok: false; code: string; message: string };
  const invoke = async <T>(name: string, payload: unknown): Promise<T> => {
    const answer = await runtime.invokeResolver<Answer<T>>(name, payload);
    if (!answer.ok) throw new Error(`${name}: ${answer.code} ${answer.message}`);
    return answer.data;
  };
  const fetches = async () =>
    ((await (await fetch(`${emulatorUrl}/_emulator/stats`)).json()) as { requests: Record<string, number> }).requests[
      PROFILE_FETCH
    ] ?? 0;
  const readsBefore = await fetches();
  const started = performance.now();
  const parts = splitTextByBytes(text);
  const uploadId = `up-bench-${Date.now().toString(36)}`;
  for (const [part, partText] of parts.entries())
    await invoke('uploadPart', { uploadId, part, parts: parts.length, fileHash: fnv1a64Hex(text), text: partText });
  const preview = await invoke<{ lookup?: { id: string } }>('previewImport', {
    kind: 'profiles',
    uploadId,
    lookUpAll: true,
  });
  type Lookup = { status: string; looked: number; counts: Record<string, number> };
  let lookup = await invoke<Lookup>('getLookup', { lookupId: preview.lookup!.id });
  while (lookup.status === 'RUNNING') {
    await new Promise((resolve) => setTimeout(resolve, 100));
    lookup = await invoke<Lookup>('getLookup', { lookupId: preview.lookup!.id });
  }
  if (lookup.status !== 'DONE') throw new Error(`the preview's lookup ended ${lookup.status}`);
  return {
    ms: Math.round(performance.now() - started),
    reads: (await fetches()) - readsBefore,
    looked: lookup.looked,
    counts: lookup.counts,
  };
}
