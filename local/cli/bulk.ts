/**
 * `npm run --silent bulk -- apply FILE [--kind organizations|profiles|details] [--csm-url URL] [--dry-run] [--json]`
 * `npm run --silent bulk -- export [--csm-url URL] [--out FILE]`
 * `npm run --silent bulk -- sync SOURCE [--csm-url URL] [--state-dir DIR] [--json]`
 * Runs the app's own handlers (resolvers → queue consumer → triggers) in the local Forge runtime.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { JobKindSchema } from '../../src/domain/operations';
import { parseArgs, UsageError } from './args';
import { applyFile, EXIT, exitCodeOf, type ApplySummary } from './bulkApply';
import { exportOrganizationsCsv } from './exportCsv';
import { drawProgress, endProgress, progressLine } from './progressBar';
import { openSession } from './session';
import { syncOnce, type SyncSummary } from './bulkSync';

const USAGE = `usage:
  npm run --silent bulk -- apply FILE [--kind organizations|profiles|details] [--csm-url URL] [--dry-run] [--json]
  npm run --silent bulk -- export [--csm-url URL] [--out FILE]
  npm run --silent bulk -- sync SOURCE [--csm-url URL] [--state-dir DIR] [--json]`;

async function apply(args: ReturnType<typeof parseArgs>): Promise<number> {
  const file = args.positionals[1];
  if (!file) throw new UsageError('apply needs a FILE.');
  const kind = JobKindSchema.safeParse(args.flags.get('kind') ?? 'profiles');
  if (!kind.success) throw new UsageError('--kind must be organizations, profiles or details.');
  const json = args.flags.has('json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    process.stderr.write(`Cannot read ${file}: ${(error as Error).message}\n`);
    return EXIT.invalid;
  }
  const csmUrl = args.flags.get('csm-url') as string | undefined;
  const session = await openSession({ csmUrl });
  try {
    const summary = await applyFile(session.runtime, {
      text,
      kind: kind.data,
      fileName: path.basename(file),
      dryRun: args.flags.has('dry-run'),
      onProgress: (view) =>
        drawProgress(progressLine(view.progress.succeeded + view.progress.failed, view.progress.total, `${view.status.toLowerCase()}, ${view.progress.openTasks} open tasks`)),
    });
    report(summary, json);
    return exitCodeOf(summary);
  } finally {
    await session.close();
  }
}

function report(summary: ApplySummary, json: boolean) {
  if (summary.jobId) endProgress(progressLine(summary.succeeded + summary.failed, summary.operations, summary.status.toLowerCase()));
  for (const error of summary.errors.slice(0, 50)) process.stderr.write(`${error.message}\n`);
  if (summary.errors.length > 50) process.stderr.write(`… and ${summary.errors.length - 50} more problems.\n`);
  for (const failure of summary.failures.slice(0, 50)) process.stderr.write(`Row ${failure.row}: ${failure.error}\n`);
  if (json) {
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } else if (summary.status === 'INVALID') {
    process.stdout.write(`INVALID: nothing was sent. Fix the ${summary.errors.length} problem(s) above and run again.\n`);
  } else {
    process.stdout.write(
      `${summary.status}: ${summary.succeeded} succeeded, ${summary.failed} failed of ${summary.operations} operations in ${summary.chunks} requests (${summary.elapsedMs} ms)\n`,
    );
  }
}

async function exportCommand(args: ReturnType<typeof parseArgs>): Promise<number> {
  const session = await openSession({ csmUrl: args.flags.get('csm-url') as string | undefined });
  try {
    const csv = await exportOrganizationsCsv(session.runtime);
    const out = args.flags.get('out') as string | undefined;
    if (out) writeFileSync(out, csv);
    else process.stdout.write(csv);
    return EXIT.ok;
  } finally {
    await session.close();
  }
}

async function syncCommand(args: ReturnType<typeof parseArgs>): Promise<number> {
  const source = args.positionals[1];
  if (!source) throw new UsageError('sync needs a SOURCE: a file path or an http(s) URL.');
  let syncSource: { url: string } | { text: string; fileName: string };
  if (/^https?:\/\//i.test(source)) syncSource = { url: source };
  else {
    try {
      syncSource = { text: readFileSync(source, 'utf8'), fileName: path.basename(source) };
    } catch (error) {
      process.stderr.write(`Cannot read ${source}: ${(error as Error).message}\n`);
      return EXIT.invalid;
    }
  }
  const stateDir = path.resolve((args.flags.get('state-dir') as string | undefined) ?? '.local');
  mkdirSync(stateDir, { recursive: true });
  const session = await openSession({ csmUrl: args.flags.get('csm-url') as string | undefined, store: { kind: 'file', path: path.join(stateDir, 'kvs.json') } });
  try {
    const summary = await syncOnce(session.runtime, {
      source: syncSource,
      onProgress: (view) => drawProgress(progressLine(view.progress.succeeded + view.progress.failed, view.progress.total, view.status.toLowerCase())),
    });
    reportSync(summary, args.flags.has('json'));
    if (summary.sync.status === 'WAITING') return EXIT.other;
    return exitCodeOf(summary);
  } finally {
    await session.close();
  }
}

function reportSync(summary: SyncSummary, json: boolean) {
  if (summary.jobId) endProgress(progressLine(summary.succeeded + summary.failed, summary.operations, summary.status.toLowerCase()));
  for (const reason of summary.sync.reasons ?? []) process.stderr.write(`${reason}\n`);
  for (const failure of summary.failures.slice(0, 50)) process.stderr.write(`Row ${failure.row}: ${failure.error}\n`);
  if (json) process.stdout.write(`${JSON.stringify(summary)}\n`);
  else if (summary.sync.status === 'FAILED' && !summary.jobId) process.stdout.write('FAILED: the source has problems (above); nothing was sent.\n');
  else if (summary.sync.status === 'WAITING') process.stdout.write('WAITING: CSM refused the call; open the admin page to let the run go on.\n');
  else {
    process.stdout.write(
      `${summary.sync.status}: ${summary.sync.changed} of ${summary.sync.compared} rows changed; ${summary.succeeded} succeeded, ${summary.failed} failed in ${summary.requests.write} write requests (${summary.elapsedMs} ms)\n`,
    );
  }
}

async function main(argv: string[]): Promise<number> {
  try {
    const args = parseArgs(argv, { values: ['kind', 'csm-url', 'out', 'state-dir'], switches: ['dry-run', 'json'] });
    switch (args.positionals[0]) {
      case 'apply':
        return await apply(args);
      case 'export':
        return await exportCommand(args);
      case 'sync':
        return await syncCommand(args);
      default:
        throw new UsageError(args.positionals[0] ? `Unknown command "${args.positionals[0]}".` : 'Name a command.');
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n${USAGE}\n`);
      return EXIT.invalid;
    }
    process.stderr.write(`bulk failed: ${(error as Error).stack ?? error}\n`);
    return EXIT.other;
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code));
