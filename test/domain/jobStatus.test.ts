import {
  FINAL_JOB_STATUSES,
  JOB_TRANSITIONS,
  JobTransitionError,
  transition,
  type JobStatus,
  type JobStatusFields,
} from '../../src/domain/jobStatus';

const job = (status: JobStatus, extra: Partial<JobStatusFields> = {}): JobStatusFields => ({
  status,
  updatedAt: 1,
  ...extra,
});

describe('the status gate', () => {
  it('refuses every move out of a final status', () => {
    for (const from of FINAL_JOB_STATUSES) {
      for (const to of Object.keys(JOB_TRANSITIONS) as JobStatus[]) {
        if (to === from) continue;
        const record = job(from, { finishedAt: 5 });
        expect(() => transition(record, to, 10)).toThrow(JobTransitionError);
        expect(record).toEqual({ status: from, updatedAt: 1, finishedAt: 5 });
      }
    }
  });

  it('refuses a queued job going back to queued from anywhere else', () => {
    for (const from of ['RUNNING', 'WAITING_FOR_USER', 'CANCELLING'] as JobStatus[]) {
      expect(() => transition(job(from), 'QUEUED', 10)).toThrow(`A job cannot go from ${from} to QUEUED.`);
    }
  });

  it('stamps the end of a job on a final status', () => {
    const record = job('RUNNING');
    transition(record, 'PARTIAL', 42);
    expect(record).toEqual({ status: 'PARTIAL', updatedAt: 42, finishedAt: 42, waitingReason: undefined });
  });

  it('keeps a reason only while the job waits for a user', () => {
    const record = job('RUNNING');
    transition(record, 'WAITING_FOR_USER', 20, 'The owner is no longer an administrator.');
    expect(record.waitingReason).toBe('The owner is no longer an administrator.');
    transition(record, 'WAITING_FOR_USER', 21, 'CSM refused the owner.');
    expect(record).toMatchObject({ waitingReason: 'CSM refused the owner.', updatedAt: 21 });
    transition(record, 'RUNNING', 30);
    expect(record).toEqual({ status: 'RUNNING', updatedAt: 30, waitingReason: undefined });
    expect(record.finishedAt).toBeUndefined();
  });

  it('lets a cancel end a job at once or wait for its open tasks', () => {
    const waiting = job('CANCELLING');
    transition(waiting, 'CANCELLED', 50);
    expect(waiting).toMatchObject({ status: 'CANCELLED', finishedAt: 50 });
    const queued = job('QUEUED');
    transition(queued, 'CANCELLING', 60);
    expect(queued).toMatchObject({ status: 'CANCELLING', updatedAt: 60 });
    expect(queued.finishedAt).toBeUndefined();
  });

  it('changes nothing when a job stays where it is', () => {
    const record = job('RUNNING', { updatedAt: 7 });
    transition(record, 'RUNNING', 99);
    expect(record).toEqual({ status: 'RUNNING', updatedAt: 7 });
  });
});
