import { useEffect, useRef, useState } from 'react';
import { deletionsCsv, type CountedOrganization, type DuplicateGroup } from '../../domain/cleanup';
import type { Question } from '../components/ConfirmModal';
import type { ShownError } from '../components/ResolverError';
import { scanDuplicates, scanEmpty, ScanFailed, type ScanProgress } from '../finders';
import { deleteOrganizationsQuestion, previewedDeletes } from '../jobQuestions';
import { newUploadId, sendFile, UploadFailure } from '../upload';
import type { Preview } from './useImportPreview';
import { call } from './useResolver';

export type Finder = 'empty' | 'duplicates';
export type Found =
  { finder: 'empty'; orgs: CountedOrganization[] } | { finder: 'duplicates'; groups: DuplicateGroup[] };

/** The name the deletions file has, in the job's title and on the Import tab when downloaded. */
export const DELETIONS_FILE = 'deletions.csv';

const send = (text: string) =>
  sendFile(text, { sendPart: (payload) => call('uploadPart', payload), newUploadId: () => newUploadId() });

function shown(failure: unknown, action: string): ShownError {
  const code = failure instanceof ScanFailed || failure instanceof UploadFailure ? failure.code : 'INTERNAL';
  return { code, message: (failure as Error).message, action };
}

/**
 * The Clean up tab's state: a finder scanning the site to its end, and what it found (useDeletions has the rest). A
 * scan started again, or the tab left, drops the answers of the one before (a generation, as the import preview's).
 */
export function useCleanUp(onStarted: (jobId: string) => void) {
  const [scanning, setScanning] = useState<Finder>();
  /** How far the last scan went: kept once it ended, as what the list found covers. */
  const [progress, setProgress] = useState<ScanProgress>();
  const [found, setFound] = useState<Found>();
  const [error, setError] = useState<ShownError>();
  const deletions = useDeletions(found, onStarted);
  const generation = useRef(0);
  useEffect(
    () => () => {
      generation.current += 1;
    },
    [],
  );

  const find = async (finder: Finder) => {
    const mine = ++generation.current;
    const wanted = () => mine === generation.current;
    setFound(undefined);
    deletions.reset();
    setError(undefined);
    setScanning(finder);
    setProgress(undefined);
    const onProgress = (event: ScanProgress) => {
      if (wanted()) setProgress(event);
    };
    try {
      if (finder === 'empty') {
        const orgs = await scanEmpty(onProgress, wanted);
        if (orgs) setFound({ finder, orgs });
      } else {
        const groups = await scanDuplicates(onProgress, wanted);
        if (groups) setFound({ finder, groups });
      }
    } catch (failure) {
      if (wanted()) setError(shown(failure, 'Finding the organizations'));
    } finally {
      if (wanted()) setScanning(undefined);
    }
  };

  return { scanning, progress, found, find, deletions, error: error ?? deletions.error };
}

/**
 * The empty organizations found, as a deletions file: its import preview (what each row deletes), and the deletions
 * job started once the admin confirmed (startJob refuses a deletions file without confirmDelete).
 */
function useDeletions(found: Found | undefined, onStarted: (jobId: string) => void) {
  const [preview, setPreview] = useState<Preview>();
  const [busy, setBusy] = useState<'previewing' | 'starting'>();
  const [error, setError] = useState<ShownError>();
  const [asking, setAsking] = useState<Question>();
  const file = found?.finder === 'empty' ? deletionsCsv(found.orgs) : undefined;

  const run = async (next: 'previewing' | 'starting', action: string, work: (text: string) => Promise<void>) => {
    if (!file) return;
    setAsking(undefined);
    setBusy(next);
    setError(undefined);
    try {
      await work(file);
    } catch (failure) {
      setError(shown(failure, action));
    } finally {
      setBusy(undefined);
    }
  };
  const previewFile = () =>
    run('previewing', 'The preview', async (text) => {
      const source = await send(text);
      const result = await call('previewImport', {
        kind: 'deletions',
        format: 'csv',
        fileName: DELETIONS_FILE,
        ...source,
      });
      if (result.ok) setPreview({ ...result.data, checkedOnServer: true });
      else setError({ code: result.code, message: result.message, action: 'The preview' });
    });
  const start = () =>
    run('starting', 'Starting the deletions', async (text) => {
      const source = await send(text);
      const result = await call('startJob', {
        kind: 'deletions',
        format: 'csv',
        fileName: DELETIONS_FILE,
        skipInvalid: false,
        allowOverlap: false,
        sendAll: false,
        confirmDelete: true,
        ...source,
      });
      if (result.ok) onStarted(result.data.id);
      else setError({ code: result.code, message: result.message, action: 'Starting the deletions' });
    });
  const askDelete = () => {
    if (found?.finder === 'empty' && preview)
      setAsking(deleteOrganizationsQuestion(previewedDeletes(preview), () => void start()));
  };
  const reset = () => {
    setPreview(undefined);
    setError(undefined);
  };
  return { file, preview, busy, error, asking, setAsking, previewFile, askDelete, reset };
}
