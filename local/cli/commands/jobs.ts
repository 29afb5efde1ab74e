import { existsSync } from 'node:fs';
import path from 'node:path';
import { isFinal } from '../../../src/domain/job';
import { ledgerLine } from '../../../src/frontend/words';
import { listJobs, type JobLine } from '../bulkJobs';
import { UsageError, type ParsedFlags } from '../flags';
import { resolveIn, say, type CliIo } from '../io';
import { openSession } from '../session';
import { EXIT } from '../summary';
import { command, DEFAULT_STATE_DIR } from './command';
import { stateDirFlag } from '../words';

const JOBS_FLAGS = {
  'state-dir': { type: 'string', value: 'DIR', help: 'where apply kept the jobs (default .local/)' },
  json: { type: 'boolean', help: 'print one JSON array on stdout' },
} as const;

export const jobs = command({
  synopsis: 'npm run --silent bulk -- jobs [flags]',
  description:
    'Lists the jobs kept in the state directory, newest first: id, status, where its rows are (created, updated, deleted, unchanged, failed, skipped, not sent, pending: from the ledger of the job) and what the job was. A job that did not end (its command was killed) is finished by resume JOB_ID.',
  flags: JOBS_FLAGS,
  run: runJobs,
});

/** `bulk jobs`: reads the store only; a directory without one has no jobs (and is not created). */
async function runJobs({ positionals, values }: ParsedFlags<typeof JOBS_FLAGS>, io: CliIo): Promise<number> {
  if (positionals.length > 0) throw new UsageError(`jobs takes no argument; got '${positionals[0]}'.`);
  const stateDir = values['state-dir'] ?? DEFAULT_STATE_DIR;
  let jobs: JobLine[] = [];
  if (existsSync(path.join(resolveIn(io, stateDir), 'kvs.json'))) {
    // No CSM is called: the embedded emulator a session starts keeps its organizations in memory, untouched.
    const session = await openSession({
      stateDir: resolveIn(io, stateDir),
      emulatorInStateDir: false,
      command: 'jobs',
    });
    try {
      jobs = await listJobs(session.runtime);
    } finally {
      await session.close();
    }
  }
  if (values.json === true) {
    io.stdout.write(`${JSON.stringify(jobs)}\n`);
    return EXIT.ok;
  }
  if (jobs.length === 0) io.stdout.write(`No jobs are kept in ${stateDir}.\n`);
  for (const job of jobs) io.stdout.write(`${textOf(job)}\n`);
  const unfinished = jobs.filter((job) => !isFinal(job.status));
  if (unfinished.length > 0) {
    // This command holds the state directory: no other bulk command is running those jobs.
    const [have, them] = unfinished.length === 1 ? ['1 job has', 'it'] : [`${unfinished.length} jobs have`, 'them'];
    say(
      io,
      `${have} not ended and no bulk command is running ${them} (killed, or CSM went away). Finish one with: npm run --silent bulk -- resume JOB_ID${stateDirFlag(values['state-dir'])}`,
    );
  }
  return EXIT.ok;
}

function textOf(job: JobLine): string {
  return `${job.jobId}  ${job.status.padEnd(16)}  ${ledgerLine(job)}  ${job.title}`;
}
