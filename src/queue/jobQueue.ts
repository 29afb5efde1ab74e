import { Queue } from '@forge/events';

/** The queue the job runner consumes (manifest.yml: consumer `job-runner-consumer`). */
export const JOB_RUNNER_QUEUE = 'csm-bulk-job-runner';

export interface RunnerEvent {
  [key: string]: unknown;
  jobId: string;
  token: string;
}

export interface JobQueue {
  enqueueRunner(event: RunnerEvent, delaySeconds?: number): Promise<void>;
}

export const forgeJobQueue: JobQueue = {
  async enqueueRunner(event, delaySeconds = 0) {
    const queue = new Queue<RunnerEvent>({ key: JOB_RUNNER_QUEUE });
    await queue.push({ body: event, delayInSeconds: Math.max(0, Math.min(900, Math.round(delaySeconds))) });
  },
};
