import { existsSync } from 'node:fs';
import path from 'node:path';
import { isFinal, type JobLedger, type JobStatus } from '../../src/domain/job';
import { jobTitle, ledgerLine } from '../../src/frontend/words';
import type { HandlerResults } from '../../src/resolvers/handlers';
import type { LocalRuntime } from '../runtime';
import { call, EXIT } from './bulkApply';
import { UsageError, type ParsedFlags } from './flags';
import { openSession } from './session';

/** One job of `bulk jobs`, its counts from the job's ledger (the page's jobs list shows the same). */
export interface JobLine extends Omit<JobLedger, 'pending'> {
  jobId: string;
  /** What the page calls the job: "Organization profiles from customers.csv, started 2026-11-30 09:15 UTC". */
  title: string;
  status: JobStatus;
  kind: string;
  createdAt: string;
  succeeded: number;
  /** Rows not decided yet (a job that has not ended). */
  pending: number;
}

export const JOBS_FLAGS = {
  'state-dir': { type: 'string', value: 'DIR', help: 'where apply kept the jobs (default .local/)' },
  json: { type: 'boolean', help: 'print one JSON array on stdout' },
} as const;

export const JOBS_COMMAND = {
  synopsis: 'npm run --silent bulk -- jobs [flags]',
  description:
    'Lists the jobs kept in the state directory, newest first: id, status, where its rows are (created, updated, deleted, unchanged, failed, skipped, not sent, pending: from the ledger of the job) and what the job was. A job that did not end (its command was killed) is finished by resume JOB_ID.',
  flags: JOBS_FLAGS,
} as const;

/** Every job the store holds, newest first (job ids sort newest first: store/keys.ts newJobId). */
export async function listJobs(runtime: LocalRuntime): Promise<JobLine[]> {
  const lines: JobLine[] = [];
  let cursor: string | undefined;
  do {
    const page: HandlerResults['listJobs'] = await call(runtime, 'listJobs', {
      limit: 100,
      ...(cursor ? { cursor } : {}),
    });
    lines.push(...page.jobs.map(lineOf));
    cursor = page.cursor;
  } while (cursor);
  return lines;
}

function lineOf(job: HandlerResults['listJobs']['jobs'][number]): JobLine {
  return {
    jobId: job.id,
    title: jobTitle(job),
    status: job.status,
    kind: job.kind,
    createdAt: new Date(job.createdAt).toISOString(),
    ...job.ledger,
    succeeded: job.progress.succeeded,
  };
}

/** `bulk jobs`: reads the store only; a directory without one has no jobs (and is not created). */
export async function jobsCommand({ positionals, values }: ParsedFlags<typeof JOBS_FLAGS>, defaultDir: string) {
  if (positionals.length > 0) throw new UsageError(`jobs takes no argument; got '${positionals[0]}'.`);
  const stateDir = values['state-dir'] ?? defaultDir;
  const json = values.json === true;
  let jobs: JobLine[] = [];
  if (existsSync(path.join(stateDir, 'kvs.json'))) {
    // No CSM is called: the embedded emulator a session starts keeps its organizations in memory, untouched.
    const session = await openSession({ stateDir, emulatorInStateDir: false, command: 'jobs' });
    try {
      jobs = await listJobs(session.runtime);
    } finally {
      await session.close();
    }
  }
  if (json) {
    process.stdout.write(`${JSON.stringify(jobs)}\n`);
    return EXIT.ok;
  }
  if (jobs.length === 0) process.stdout.write(`No jobs are kept in ${stateDir}.\n`);
  for (const job of jobs) process.stdout.write(`${textOf(job)}\n`);
  const unfinished = jobs.filter((job) => !isFinal(job.status));
  if (unfinished.length > 0) {
    // This command holds the state directory: no other bulk command is running those jobs.
    const dirFlag = values['state-dir'] === undefined ? '' : ` --state-dir ${values['state-dir']}`;
    process.stderr.write(
      `${unfinished.length === 1 ? '1 job has' : `${unfinished.length} jobs have`} not ended and no bulk command is running ${unfinished.length === 1 ? 'it' : 'them'} (killed, or CSM went away). Finish one with: npm run --silent bulk -- resume JOB_ID${dirFlag}\n`,
    );
  }
  return EXIT.ok;
}

function textOf(job: JobLine): string {
  return `${job.jobId}  ${job.status.padEnd(16)}  ${ledgerLine(job)}  ${job.title}`;
}
