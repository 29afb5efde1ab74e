import { advanceJob } from '../../src/jobs/engine/driver';
import type { EngineDeps } from '../../src/jobs/deps';
import type { CsmClient } from '../../src/csm/client';
import { LINES_PER_PAGE, tallyOf, type ChunkLine, type ChunkRecord, type JobRecord } from '../../src/domain/job';
import type { AppStore, LinePage } from '../../src/store/appStore';
import type { ReplacedValues } from '../../src/domain/replaced';
import { VirtualClock } from './virtualClock';

/**
 * The driver's concurrency with timings under control: a store whose job writes take 30 ms (so a claim's write is
 * still on its way when polls and other claims finish) and a CSM whose tasks end a few ms apart, all on one virtual
 * clock the driver shares (deps.clock), so the interleaving and the times are the same on any machine. Found by
 * review: a claimed chunk was resent before its SUBMITTING state was stored, and the loop slept 10 s after the last
 * task.
 */
async function drive(options: { chunks: number; cap: number; phases: number; taskMs: number }) {
  const { chunks, cap, phases, taskMs } = options;
  const clock = new VirtualClock();
  const sleep = (ms: number) => clock.sleep(ms);
  let storedRecord = '';
  let storedLines: ChunkLine[] = [];
  const chunkRecords = new Map<number, string>();
  const leases = new Map<string, unknown>();
  const replacedByChunk = new Map<number, ReplacedValues[]>();
  const store = {
    jobs: {
      get: async () => (storedRecord ? (JSON.parse(storedRecord) as JobRecord) : undefined),
      lines: async () => JSON.parse(JSON.stringify(storedLines)) as ChunkLine[],
      save: async (record: JobRecord, pages: LinePage[]) => {
        const snapshot = JSON.stringify(record);
        const lines = JSON.parse(JSON.stringify(pages)) as LinePage[];
        await sleep(30);
        storedRecord = snapshot;
        for (const page of lines) storedLines.splice(page.page * LINES_PER_PAGE, page.lines.length, ...page.lines);
      },
      activeIds: async () => [],
    },
    chunks: {
      get: async (_job: string, index: number) => JSON.parse(chunkRecords.get(index)!) as ChunkRecord,
      getMany: async (_job: string, indexes: number[]) =>
        indexes.map((index) => JSON.parse(chunkRecords.get(index)!) as ChunkRecord),
      replace: async (_job: string, records: ChunkRecord[]) => {
        await sleep(5);
        for (const record of records) chunkRecords.set(record.index, JSON.stringify(record));
        return records;
      },
    },
    failures: { put: async () => 1 },
    replaced: {
      put: async (_job: string, index: number, replaced: ReplacedValues[]) => {
        await sleep(5);
        replacedByChunk.set(index, replaced);
        return 1;
      },
      read: async (_job: string, chunks: { index: number }[]) =>
        chunks.flatMap(({ index }) => replacedByChunk.get(index) ?? []),
    },
    created: { put: async () => 1 },
    control: {
      getLease: async (id: string) => leases.get(id),
      acquireLease: async (id: string, lease: unknown) => Boolean(leases.set(id, lease)),
      renewLease: async () => true,
      releaseLease: async (id: string) => void leases.delete(id),
      cancelRequested: async () => false,
    },
    site: { putTaskTimeEstimate: async () => undefined, quotaPausedUntil: async () => undefined },
  } as unknown as AppStore;

  const lines: ChunkLine[] = [];
  for (let index = 0; index < chunks; index += 1) {
    const phase = Math.floor((index * phases) / chunks);
    // Full requests (50 organizations), as the planner makes them: none has room for another's rows.
    lines.push({ state: 'PENDING', phase, size: 50 });
    const positions = [...Array(50).keys()];
    const body = {
      organizations: positions.map((p) => ({ operationType: 'CREATE', payload: { name: `Org ${index}-${p}` } })),
    };
    const operationIndexes = positions.map((p) => index * 50 + p);
    const rows = operationIndexes.map((op) => op + 2);
    chunkRecords.set(index, JSON.stringify({ index, phase, kind: 'organizations', body, operationIndexes, rows }));
  }
  const job: JobRecord = {
    id: 'job-1',
    kind: 'organizations',
    status: 'QUEUED',
    ownerAccountId: 'owner',
    createdAt: 0,
    updatedAt: 0,
    rows: chunks * 50,
    operations: chunks * 50,
    skippedRows: 0,
    taskCap: cap,
    capPinned: true,
    tally: tallyOf(lines),
    requests: { write: 0, statusPolls: 0, reads: 0, retries: 0 },
    taskTime: { count: 1, totalMs: taskMs, minMs: taskMs },
  };
  storedRecord = JSON.stringify(job);
  storedLines = lines;

  const tasks = new Map<string, { index: number; start: number; end: number; phase: number }>();
  const byKey = new Map<string, string>();
  const sends: { index: number; storedState: string }[] = [];
  const problems: string[] = [];
  const counts = { write: 0, statusPolls: 0, reads: 0, retries: 0 };
  const csm = {
    counts,
    // Atlassian's hourly quota never runs out here.
    quotaPausedUntil: () => undefined,
    holdUntil: () => undefined,
    whenQuotaPaused: () => () => undefined,
    async submitBulk(_kind: string, _body: unknown, key: string) {
      counts.write += 1;
      const index = Number(key.split('-')[2]);
      sends.push({ index, storedState: storedLines[index].state });
      await sleep(5);
      const known = byKey.get(key);
      if (known) return { taskId: known };
      const now = clock.now();
      const open = [...tasks.values()].filter((task) => now < task.end);
      if (open.length >= cap) problems.push(`cap exceeded when sending chunk ${index}`);
      const phase = lines[index].phase;
      if (open.some((task) => task.phase < phase))
        problems.push(`chunk ${index} of phase ${phase} sent before phase ${phase - 1} ended`);
      const id = `task-${tasks.size}`;
      tasks.set(id, { index, start: now, end: now + taskMs + (index % 3) * 7, phase });
      byKey.set(key, id);
      return { taskId: id };
    },
    // No organization exists yet: every row creates one, so none is left out as unchanged.
    async fetchProfiles() {
      counts.reads += 1;
      await sleep(3);
      return [];
    },
    // Each organization created is found by its name right after its task (its id: its name, here).
    async fetchOrganizations({ names = [] }: { names?: string[] }) {
      counts.reads += 1;
      await sleep(3);
      return names.map((name) => ({ id: name, name }));
    },
    async getTask(id: string) {
      counts.statusPolls += 1;
      await sleep(3);
      const task = tasks.get(id)!;
      const ended = clock.now() >= task.end;
      return {
        id,
        status: ended ? 'FINISHED' : 'IN_PROGRESS',
        failures: [],
        createdAt: new Date(task.start).toISOString(),
        updatedAt: new Date(ended ? task.end : clock.now()).toISOString(),
      };
    },
  } as unknown as CsmClient;

  const deps = {
    store,
    queue: {},
    clock,
    random: Math.random,
    csm: () => csm,
  } as unknown as EngineDeps;
  const started = clock.now();
  const result = await clock.run(
    advanceJob(deps, job.id, {
      principal: { kind: 'user' } as never,
      token: 'token',
      holder: 'background',
      deadline: started + 60_000,
    }),
  );
  const lastTaskEnd = Math.max(...[...tasks.values()].map((task) => task.end));
  return { result, endedAfterLastTaskMs: clock.now() - lastTaskEnd, sends, tasks: [...tasks.values()], problems };
}

describe('the job driver under concurrent polls, claims and slow job writes', () => {
  it('writes every chunk down as SUBMITTING before sending it, and sends each once', async () => {
    const run = await drive({ chunks: 12, cap: 2, phases: 1, taskMs: 60 });
    expect(run.result.job?.status).toBe('SUCCEEDED');
    expect(run.sends.filter((send) => send.storedState !== 'SUBMITTING')).toEqual([]);
    expect(run.sends.map((send) => send.index).sort((a, b) => a - b)).toEqual([...Array(12).keys()]);
    expect(run.tasks).toHaveLength(12);
    expect(run.problems).toEqual([]);
  });

  it('ends as soon as the last task does, and moves from phase to phase at once', async () => {
    // Time is the driver's own (virtual): after the last task ends, one look at it, the job's last writes and the
    // reads of what it created; the loop once slept its 10 s idle time (ENGINE_TIMING.maxIdleSleepMs) here.
    const single = await drive({ chunks: 3, cap: 3, phases: 1, taskMs: 60 });
    expect(single.result.job?.status).toBe('SUCCEEDED');
    expect(single.endedAfterLastTaskMs).toBeLessThan(200);
    const phased = await drive({ chunks: 9, cap: 3, phases: 3, taskMs: 60 });
    expect(phased.result.job?.status).toBe('SUCCEEDED');
    expect(phased.problems).toEqual([]);
    expect(phased.endedAfterLastTaskMs).toBeLessThan(200);
    // Each phase's tasks start soon after the phase before ended, not a poll interval or an idle sleep later.
    const byPhase = [0, 1, 2].map((phase) => phased.tasks.filter((task) => task.phase === phase));
    for (const phase of [1, 2]) {
      const previousEnd = Math.max(...byPhase[phase - 1].map((task) => task.end));
      const firstStart = Math.min(...byPhase[phase].map((task) => task.start));
      expect({ phase, gap: firstStart - previousEnd < 200 }).toEqual({ phase, gap: true });
    }
  });
});
