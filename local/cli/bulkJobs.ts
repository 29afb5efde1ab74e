import type { JobLedger, JobStatus } from '../../src/domain/job';
import { jobTitle } from '../../src/frontend/words';
import type { ResolverAnswers } from '../../src/resolvers/contract';
import type { LocalRuntime } from '../runtime';
import { call } from './resolverCall';

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

/** Every job the store holds, newest first (job ids sort newest first: store/keys.ts newJobId). */
export async function listJobs(runtime: LocalRuntime): Promise<JobLine[]> {
  const lines: JobLine[] = [];
  let cursor: string | undefined;
  do {
    const page: ResolverAnswers['listJobs'] = await call(runtime, 'listJobs', {
      limit: 100,
      ...(cursor ? { cursor } : {}),
    });
    lines.push(...page.jobs.map(lineOf));
    cursor = page.cursor;
  } while (cursor);
  return lines;
}

function lineOf(job: ResolverAnswers['listJobs']['jobs'][number]): JobLine {
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
