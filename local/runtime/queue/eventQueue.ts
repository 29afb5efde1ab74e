import { randomUUID } from 'node:crypto';
import type { ConsumerModule } from '../manifest';
import type { RuntimeClock } from '../clock';
import { retryRequestOf, type AsyncEvent, type RetryContext } from './asyncEvent';

/**
 * The async events service behind `new Queue({ key }).push(...)`, which @forge/events 3 posts as the app to
 * `/webhook/queue/publish|stats|cancel/{contextAri}/{environmentId}/{appId}/{appVersion}` (queries.js).
 * Each event goes to the queue's consumer after its delay, all in parallel; an InvocationError answer
 * brings it back after retryAfter seconds, up to MAX_RETRIES times. Delays are multiplied by timeScale.
 */
export const MAX_EVENTS_PER_PUSH = 50;
export const MAX_PUSH_BYTES = 200 * 1024;
export const MAX_DELAY_SECONDS = 900;
/** Per event, for consumers whose function may run longer than 55 s (limits-async-events). */
export const MAX_LONG_RUNNING_EVENT_BYTES = 100 * 1024;
export const MAX_RETRY_DATA_BYTES = 4 * 1024;
/**
 * [V] Forge retries an event within 24 hours, with no count given (async events reference). The local runtime gives
 * up after 4, the stricter: an app that needs more retries than that to get anywhere is told so here.
 */
export const MAX_RETRIES = 4;
/**
 * [docs] An event whose consumer threw, timed out or ran out of memory is delivered again, for up to 24 hours
 * (runtime-reference/async-events-api; shared/reference forge-platform.md, "Async events are redelivered"): a consumer
 * must be safe to run twice, at once and later. [unverified] the schedule and the reason: here after 30 s, doubling up
 * to 900 s (runtime clock, times timeScale), with `retryContext.retryReason` FUNCTION_TIME_OUT for a time-out and
 * FUNCTION_PLATFORM_UNKNOWN_ERROR (a code @forge/events 3 lists) for a throw; not bounded by MAX_RETRIES, only by 24 h.
 */
export const REDELIVERY_WINDOW_MS = 24 * 60 * 60 * 1000;
/**
 * [docs] At most 500 events pushed a minute per installation (limits-async-events, "Event per minute 500"); past it
 * @forge/events throws RateLimitError ("retry adding events after a minute", async-events-api-error-handling), which
 * it makes of a 429. [unverified] the minute slides (the events of the last 60 s, times timeScale) and a push that
 * would pass the limit is refused whole.
 */
export const FORGE_EVENTS_PER_MINUTE = 500;
export const FIRST_REDELIVERY_SECONDS = 30;

export interface QueueStats {
  pushed: number;
  delivered: number;
  retried: number;
  failed: number;
  /** Events delivered again after their consumer threw or timed out. */
  redelivered: number;
  pending: number;
  /** The most consumer runs at once so far: events run in parallel, not one after another. */
  peakRunning: number;
}

export interface EventQueueDeps {
  consumerFor(queueName: string): ConsumerModule | undefined;
  /** Runs the consumer function; resolves with what it returned, rejects when it threw or timed out. */
  deliver(consumer: ConsumerModule, event: AsyncEvent): Promise<unknown>;
  /** Whether the consumer's function may run longer than 55 s, which caps each event at 100 KB. */
  longRunning(consumer: ConsumerModule): boolean;
  timeScale: number;
  clock: RuntimeClock;
  log(line: string): void;
  /** Deliver again an event whose consumer threw or timed out (REDELIVERY_WINDOW_MS); false drops it, as before. */
  redeliverThrown?: boolean;
  /** Events an installation may push a minute (FORGE_EVENTS_PER_MINUTE unless a test sets another). */
  eventsPerMinute?: number;
  /** Whether an error is the function's time-out (its retryReason then says so). */
  isTimeout?(error: unknown): boolean;
}

interface PushRequest {
  queueName?: string;
  jobId?: string;
  payload?: Array<{
    body?: Record<string, unknown>;
    delayInSeconds?: number;
    concurrency?: { key: string; limit: number };
  }>;
}

interface JobProgress {
  queueName: string;
  events: number;
  success: number;
  failed: number;
  cancelled: number;
}

export interface QueueReply {
  status: number;
  body?: unknown;
}

export class EventQueue {
  /** Events waiting for their delay: the cancel of each timer, and the job the event belongs to. */
  private readonly timers = new Map<() => void, string>();
  private peakRunning = 0;
  private readonly jobs = new Map<string, JobProgress>();
  private running = 0;
  private readonly counts = { pushed: 0, delivered: 0, retried: 0, failed: 0, redelivered: 0 };
  /** When each event of the last minute was pushed (runtime clock), for the events-per-minute limit. */
  private readonly pushedAt: number[] = [];
  /** When each event redelivered after a throw was first delivered (runtime clock): it is redelivered for 24 h. */
  private readonly firstFailedAt = new Map<string, number>();
  private idleWaiters: Array<() => void> = [];
  private closed = false;

  constructor(private readonly deps: EventQueueDeps) {}

  handle(path: string, body: unknown): QueueReply {
    const [, action] = /^\/webhook\/queue\/(publish|stats|cancel)\//.exec(path) ?? [];
    switch (action) {
      case 'publish':
        return this.publish(body as PushRequest);
      case 'stats':
        return this.jobStats(body as PushRequest);
      case 'cancel':
        return this.cancel(body as PushRequest);
      default:
        return { status: 404, body: { message: `The local async events service has no endpoint ${path}.` } };
    }
  }

  stats(): QueueStats {
    return { ...this.counts, pending: this.timers.size + this.running, peakRunning: this.peakRunning };
  }

  /** Resolves once no event is waiting for its delay or retry, and no consumer is running. */
  drain(): Promise<void> {
    if (this.idle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  close(): void {
    this.closed = true;
    for (const cancel of this.timers.keys()) cancel();
    this.timers.clear();
    this.notifyIfIdle(true);
  }

  private publish(request: PushRequest): QueueReply {
    const events = request.payload ?? [];
    const queueName = request.queueName ?? '';
    const consumer = this.deps.consumerFor(queueName);
    if (!consumer) {
      // [G] Forge may accept such a push and drop it; refusing makes the mistake visible locally.
      return {
        status: 400,
        body: { message: `No consumer in manifest.yml listens to queue '${queueName}': add a consumer module for it.` },
      };
    }
    if (events.length === 0 || events.length > MAX_EVENTS_PER_PUSH) {
      return {
        status: 400,
        body: { message: `A push carries 1 to ${MAX_EVENTS_PER_PUSH} events; this one has ${events.length}.` },
      };
    }
    const bytes = Buffer.byteLength(JSON.stringify(events));
    if (bytes > MAX_PUSH_BYTES) {
      return { status: 413, body: { errorMessage: `The push is ${bytes} bytes; the maximum payload size is 200KB.` } };
    }
    if (this.deps.longRunning(consumer)) {
      const big = events.findIndex((e) => Buffer.byteLength(JSON.stringify(e)) > MAX_LONG_RUNNING_EVENT_BYTES);
      if (big >= 0) {
        return {
          status: 413,
          body: {
            errorMessage: `Event ${big} is over 100KB, the limit per event for consumers whose timeoutSeconds exceeds 55 s.`,
          },
        };
      }
    }
    const badDelay = events.find(
      (e) => e.delayInSeconds !== undefined && !(e.delayInSeconds >= 0 && e.delayInSeconds <= MAX_DELAY_SECONDS),
    );
    if (badDelay) {
      return {
        status: 400,
        body: { message: `delayInSeconds ${badDelay.delayInSeconds} is outside 0 to ${MAX_DELAY_SECONDS}.` },
      };
    }
    const limited = this.overRate(events.length);
    if (limited) return limited;
    const jobId = request.jobId ?? randomUUID();
    this.jobs.set(jobId, { queueName, events: events.length, success: 0, failed: 0, cancelled: 0 });
    for (const pushed of events) {
      const event: AsyncEvent = {
        body: pushed.body ?? {},
        ...(pushed.delayInSeconds !== undefined ? { delayInSeconds: pushed.delayInSeconds } : {}),
        ...(pushed.concurrency ? { concurrency: pushed.concurrency } : {}),
        queueName,
        jobId,
        eventId: randomUUID(),
      };
      this.counts.pushed++;
      this.schedule(consumer, event, pushed.delayInSeconds ?? 0);
    }
    return { status: 201, body: {} };
  }

  private jobStats(request: PushRequest): QueueReply {
    const job = request.jobId ? this.jobs.get(request.jobId) : undefined;
    if (!job || job.queueName !== request.queueName) return { status: 404, body: { message: 'Job not found.' } };
    const inProgress = job.events - job.success - job.failed - job.cancelled;
    return { status: 200, body: { success: job.success, inProgress, failed: job.failed } };
  }

  private cancel(request: PushRequest): QueueReply {
    const job = request.jobId ? this.jobs.get(request.jobId) : undefined;
    if (!job || job.queueName !== request.queueName) return { status: 404, body: { message: 'Job not found.' } };
    for (const [cancelTimer, jobId] of this.timers) {
      if (jobId !== request.jobId) continue;
      cancelTimer();
      this.timers.delete(cancelTimer);
      job.cancelled++;
    }
    this.notifyIfIdle();
    return { status: 204 };
  }

  private schedule(consumer: ConsumerModule, event: AsyncEvent, delaySeconds: number): void {
    if (this.closed) return;
    const cancel = this.deps.clock.after(delaySeconds * 1000 * this.deps.timeScale, () => {
      this.timers.delete(cancel);
      void this.run(consumer, event);
    });
    this.timers.set(cancel, event.jobId);
  }

  private async run(consumer: ConsumerModule, event: AsyncEvent): Promise<void> {
    if (this.closed) return;
    this.running++;
    this.peakRunning = Math.max(this.peakRunning, this.running);
    const job = this.jobs.get(event.jobId);
    const what = `event ${event.eventId} of queue '${event.queueName}' (consumer function '${consumer.functionKey}')`;
    const drop = (reason: string) => {
      this.deps.log(`${what}: ${reason}. Event dropped.`);
      this.counts.failed++;
      if (job) job.failed++;
    };
    try {
      const retry = retryRequestOf(await this.deps.deliver(consumer, event));
      if (!retry) {
        this.firstFailedAt.delete(event.eventId);
        this.counts.delivered++;
        if (job) job.success++;
        return;
      }
      const retryCount = (event.retryContext?.retryCount ?? 0) + 1;
      const retryDataBytes = retry.retryData === undefined ? 0 : Buffer.byteLength(JSON.stringify(retry.retryData));
      if (retryDataBytes > MAX_RETRY_DATA_BYTES) {
        drop(`asked for a retry with ${retryDataBytes} bytes of retryData; the limit is 4 KB`);
      } else if (retryCount > MAX_RETRIES) {
        drop(`asked for retry ${retryCount}; Forge stops after ${MAX_RETRIES}`);
      } else {
        const retryContext: RetryContext = { retryCount, retryReason: retry.retryReason, retryData: retry.retryData };
        this.counts.retried++;
        this.schedule(consumer, { ...event, retryContext }, Math.min(MAX_DELAY_SECONDS, Math.max(1, retry.retryAfter)));
      }
    } catch (err) {
      if (!this.redeliver(consumer, event, err)) drop(`failed: ${(err as Error).stack ?? err}`);
    } finally {
      this.running--;
      this.notifyIfIdle();
    }
  }

  /** A 429 when these events would pass the events-per-minute limit; otherwise counts them as pushed now. */
  private overRate(count: number): QueueReply | undefined {
    const now = this.deps.clock.now();
    const limit = this.deps.eventsPerMinute ?? FORGE_EVENTS_PER_MINUTE;
    while (this.pushedAt.length > 0 && this.pushedAt[0] <= now - 60_000 * this.deps.timeScale) this.pushedAt.shift();
    if (this.pushedAt.length + count > limit) {
      return {
        status: 429,
        body: { message: `${this.pushedAt.length} events were pushed in the last minute; the limit is ${limit}.` },
      };
    }
    for (let i = 0; i < count; i += 1) this.pushedAt.push(now);
    return undefined;
  }

  /** Schedules a thrown event again, within its 24 hours; false when it is past them (or redelivery is off). */
  private redeliver(consumer: ConsumerModule, event: AsyncEvent, error: unknown): boolean {
    if (!this.deps.redeliverThrown) return false;
    const now = this.deps.clock.now();
    const firstAt = this.firstFailedAt.get(event.eventId) ?? now;
    const retryCount = (event.retryContext?.retryCount ?? 0) + 1;
    const delaySeconds = Math.min(MAX_DELAY_SECONDS, FIRST_REDELIVERY_SECONDS * 2 ** (retryCount - 1));
    if (now + delaySeconds * 1000 * this.deps.timeScale - firstAt > REDELIVERY_WINDOW_MS * this.deps.timeScale) {
      this.firstFailedAt.delete(event.eventId);
      return false;
    }
    this.firstFailedAt.set(event.eventId, firstAt);
    const retryReason = this.deps.isTimeout?.(error) ? 'FUNCTION_TIME_OUT' : 'FUNCTION_PLATFORM_UNKNOWN_ERROR';
    const message = error instanceof Error ? error.message : String(error);
    this.deps.log(
      `event ${event.eventId} of queue '${event.queueName}' (consumer function '${consumer.functionKey}') failed: ` +
        `${message}. ${retryReason}: delivered again in ${delaySeconds} s.`,
    );
    this.counts.redelivered++;
    this.schedule(
      consumer,
      { ...event, retryContext: { retryCount, retryReason, retryData: undefined } },
      delaySeconds,
    );
    return true;
  }

  private idle(): boolean {
    return this.timers.size === 0 && this.running === 0;
  }

  private notifyIfIdle(force = false): void {
    if (!force && !this.idle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
