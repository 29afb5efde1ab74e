import { InternalServerError, RateLimitError, TooManyEventsError } from '@forge/events';
import { createLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { ManualClock } from '../../local/runtime/clock';
import { MAX_RETRIES } from '../../local/runtime/queue/eventQueue';
import { FIXTURE_APP } from './echoServer';

type Consumed = {
  body: Record<string, unknown>;
  jobId: string;
  eventId: string;
  queueName: string;
  retryContext: { retryCount: number; retryReason: string; retryData: unknown } | null;
  installContext: string;
};

describe('async events through the real @forge/events', () => {
  let runtime: LocalRuntime;
  let logLines: string[];
  let clock: ManualClock;

  beforeEach(async () => {
    logLines = [];
    // Time moves only when a test moves it: delays, retries and timeouts happen exactly when they are due.
    clock = new ManualClock();
    runtime = await createLocalRuntime({
      appRoot: FIXTURE_APP,
      csmUrl: 'http://127.0.0.1:9',
      clock,
      log: (l) => logLines.push(l),
    });
  });
  afterEach(() => runtime.close());

  it('delivers an event pushed with a delay to the queue consumer, after the delay', async () => {
    const pushed = await runtime.invokeResolver<{ jobId: string }>('push', {
      events: [{ body: { id: 'a', rows: 3 }, delayInSeconds: 5 }],
    });
    expect(runtime.queueStats()).toMatchObject({ pushed: 1, pending: 1, delivered: 0 });
    await clock.advance(4_999);
    expect(runtime.queueStats()).toMatchObject({ pending: 1, delivered: 0 });
    expect(runtime.kvsDump()).toEqual({});

    await clock.advance(1);
    await runtime.drainQueue();
    const consumed = runtime.kvsDump()['consumed:a:0'] as Consumed;
    expect(consumed).toMatchObject({
      body: { id: 'a', rows: 3 },
      jobId: pushed.jobId,
      queueName: 'fixture-queue',
      retryContext: null,
      installContext: expect.stringMatching(/^ari:cloud:jira::site\//),
    });
    expect(consumed.eventId).toEqual(expect.any(String));
    expect(runtime.queueStats()).toEqual({
      pushed: 1,
      delivered: 1,
      retried: 0,
      failed: 0,
      redelivered: 0,
      pending: 0,
      peakRunning: 1,
    });
  });

  it('redelivers after retryAfter when the consumer returns an InvocationError, with a retryContext', async () => {
    await runtime.invokeResolver('push', { events: [{ body: { id: 'b', failFirst: true } }] });
    await clock.advance(0);
    expect(Object.keys(runtime.kvsDump())).toEqual(['consumed:b:0']);
    // The consumer asked for retryAfter: 2 (seconds).
    await clock.advance(1_999);
    expect(Object.keys(runtime.kvsDump())).toEqual(['consumed:b:0']);
    await clock.advance(1);
    await runtime.drainQueue();
    const dump = runtime.kvsDump();
    expect((dump['consumed:b:0'] as Consumed).retryContext).toBeNull();
    const retried = dump['consumed:b:1'] as Consumed;
    expect(retried.retryContext).toEqual({
      retryCount: 1,
      retryReason: 'FUNCTION_RETRY_REQUEST',
      retryData: { attempt: 0 },
    });
    expect(retried.eventId).toBe((dump['consumed:b:0'] as Consumed).eventId);
    expect(runtime.queueStats()).toMatchObject({ pushed: 1, delivered: 1, retried: 1, failed: 0, pending: 0 });
  });

  it(`gives an event up after ${MAX_RETRIES} retries`, async () => {
    await runtime.invokeResolver('push', { events: [{ body: { id: 'c', alwaysRetry: true } }] });
    for (let retry = 0; retry <= MAX_RETRIES; retry += 1) await clock.advance(2_000);
    await runtime.drainQueue();
    const attempts = Object.keys(runtime.kvsDump()).filter((k) => k.startsWith('consumed:c:'));
    expect(attempts).toHaveLength(MAX_RETRIES + 1);
    expect(runtime.queueStats()).toMatchObject({ retried: MAX_RETRIES, failed: 1, delivered: 0 });
    expect(logLines.join('\n')).toContain('Event dropped');
  });

  it('delivers again, for 24 hours, an event whose consumer throws, then drops it', async () => {
    await runtime.invokeResolver('push', { events: [{ body: { id: 'd', throw: true } }] });
    await clock.advance(0);
    expect(runtime.queueStats()).toMatchObject({ delivered: 0, retried: 0, redelivered: 1, failed: 0, pending: 1 });
    expect(logLines.join('\n')).toMatch(
      /consumer failed on purpose\. FUNCTION_PLATFORM_UNKNOWN_ERROR: delivered again in 30 s/,
    );
    await clock.advance(29_999);
    const attempts = () => Object.keys(runtime.kvsDump()).filter((key) => key.startsWith('consumed:d:'));
    expect(attempts()).toEqual(['consumed:d:0']);
    await clock.advance(1);
    expect((runtime.kvsDump()['consumed:d:1'] as Consumed).retryContext).toEqual({
      retryCount: 1,
      retryReason: 'FUNCTION_PLATFORM_UNKNOWN_ERROR',
      retryData: undefined,
    });
    // After 30, 60, 120, 240 and 480 s, then every 900 s while the 24 hours last: 100 deliveries in all.
    for (let step = 0; step < 100; step += 1) await clock.advance(900_000);
    await runtime.drainQueue();
    expect(attempts()).toHaveLength(100);
    expect(runtime.queueStats()).toMatchObject({ delivered: 0, redelivered: 99, failed: 1, pending: 0 });
    expect(logLines.join('\n')).toMatch(/consumer failed on purpose[\s\S]*Event dropped/);
  });

  it('runs events in parallel, stops a consumer at its timeoutSeconds and delivers it again', async () => {
    // Four events whose consumer never ends by itself: all four run at once, and its 1 s limit stops each.
    await runtime.invokeResolver('push', {
      queue: 'slow-queue',
      events: [{ body: { hang: true } }, { body: { hang: true } }, { body: { hang: true } }, { body: {} }],
    });
    await clock.advance(0);
    expect(runtime.queueStats()).toMatchObject({ peakRunning: 4, delivered: 1, failed: 0, pending: 3 });
    await clock.advance(999);
    expect(runtime.queueStats()).toMatchObject({ failed: 0, pending: 3 });
    await clock.advance(1);
    // Stopped, and delivered again later: a time-out is redelivered as a throw is.
    expect(runtime.queueStats()).toMatchObject({ delivered: 1, redelivered: 3, failed: 0, pending: 3 });
    expect(logLines.join('\n')).toMatch(/consume-slowly' did not finish within its 1 s limit/);
    expect(logLines.join('\n')).toContain('FUNCTION_TIME_OUT: delivered again in 30 s');
  });

  it('validates pushes as Forge does', async () => {
    const tooMany = Array.from({ length: 51 }, (_, i) => ({ body: { id: i } }));
    const refusedCount = runtime.invokeResolver('push', { events: tooMany });
    await expect(refusedCount).rejects.toBeInstanceOf(TooManyEventsError);
    await expect(refusedCount).rejects.toThrow(/more than the 50 events allowed/);
    const refusedQueue = runtime.invokeResolver('push', { queue: 'nobody-listens', events: [{ body: {} }] });
    await expect(refusedQueue).rejects.toBeInstanceOf(InternalServerError);
    await expect(refusedQueue).rejects.toThrow(/No consumer in manifest.yml listens to queue 'nobody-listens'/);
    expect(runtime.queueStats().pushed).toBe(0);
  });

  it('refuses pushes past 500 events a minute with RateLimitError, and takes them a minute later', async () => {
    const fifty = Array.from({ length: 50 }, (_, i) => ({ body: { id: `r${i}` }, delayInSeconds: 900 }));
    for (let push = 0; push < 10; push += 1) await runtime.invokeResolver('push', { events: fifty });
    const refused = runtime.invokeResolver('push', { events: [{ body: { id: 'one-more' }, delayInSeconds: 900 }] });
    await expect(refused).rejects.toBeInstanceOf(RateLimitError);
    expect(runtime.queueStats().pushed).toBe(500);
    await clock.advance(59_999);
    await expect(runtime.invokeResolver('push', { events: fifty.slice(0, 1) })).rejects.toBeInstanceOf(RateLimitError);
    await clock.advance(1);
    await runtime.invokeResolver('push', { events: fifty.slice(0, 1) });
    expect(runtime.queueStats().pushed).toBe(501);
  });

  it('drops events still waiting when the runtime closes', async () => {
    await runtime.invokeResolver('push', { events: [{ body: { id: 'e' }, delayInSeconds: 900 }] });
    const drained = runtime.drainQueue();
    await runtime.close();
    await expect(drained).resolves.toBeUndefined();
  });
});
