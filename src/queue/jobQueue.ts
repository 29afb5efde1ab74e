import { Queue } from '@forge/events';

/** The queue the job runner consumes (manifest.yml: consumer `job-runner-consumer`). */
export const JOB_RUNNER_QUEUE = 'csm-bulk-job-runner';

export interface RunnerEvent {
  [key: string]: unknown;
  jobId: string;
  token: string;
  /** The lease token of the runner before, which storage's quota kept from giving it back (lifecycle/runners.ts). */
  replacing?: string;
}

/** The queue the sync plan runner consumes (manifest.yml: consumer `sync-plan-runner-consumer`): one event a plan. */
export const SYNC_RUNNER_QUEUE = 'csm-sync-plan-runner';

export interface SyncRunEvent {
  [key: string]: unknown;
  planId: string;
}

/** The queue the preview lookup consumes (manifest.yml: consumer `preview-lookup-consumer`): a slice an event. */
export const LOOKUP_QUEUE = 'csm-preview-lookup';

export interface LookupEvent {
  [key: string]: unknown;
  lookupId: string;
  /** The slice's token: only the event the lookup names runs (jobs/preview/lookup.ts). */
  slice: string;
}

export interface JobQueue {
  enqueueRunner(event: RunnerEvent, delaySeconds?: number): Promise<void>;
  /** Each due plan runs in an invocation of its own: a slow source holds up no other plan. */
  enqueueSyncRuns(planIds: string[]): Promise<void>;
  /** The next slice of a preview's lookup of a whole file (jobs/preview/lookup.ts). */
  enqueueLookup(lookupId: string, slice: string, delaySeconds?: number): Promise<void>;
}

/** A push carries at most 50 events (@forge/events validators.js). */
const EVENTS_PER_PUSH = 50;

export const forgeJobQueue: JobQueue = {
  async enqueueRunner(event, delaySeconds = 0) {
    const queue = new Queue<RunnerEvent>({ key: JOB_RUNNER_QUEUE });
    await queue.push({ body: event, delayInSeconds: Math.max(0, Math.min(900, Math.round(delaySeconds))) });
  },
  async enqueueLookup(lookupId, slice, delaySeconds = 0) {
    const queue = new Queue<LookupEvent>({ key: LOOKUP_QUEUE });
    await queue.push({
      body: { lookupId, slice },
      delayInSeconds: Math.max(0, Math.min(900, Math.round(delaySeconds))),
    });
  },
  async enqueueSyncRuns(planIds) {
    const queue = new Queue<SyncRunEvent>({ key: SYNC_RUNNER_QUEUE });
    for (let start = 0; start < planIds.length; start += EVENTS_PER_PUSH) {
      await queue.push(planIds.slice(start, start + EVENTS_PER_PUSH).map((planId) => ({ body: { planId } })));
    }
  },
};
