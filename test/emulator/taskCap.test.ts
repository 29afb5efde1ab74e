import { Harness, ORGANIZATION_BULK } from './harness';

const create = (name: string) => ({ organizations: [{ operationType: 'CREATE', payload: { name } }] });

describe('the task cap', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('defaults to 5 open tasks, then answers 400 "Maximum number of tasks reached" and creates nothing', async () => {
    h = await Harness.start({ taskMs: 10_000 });
    for (let i = 0; i < 5; i++) expect((await h.bulk(ORGANIZATION_BULK, create(`org ${i}`))).status).toBe(200);
    const refused = await h.bulk(ORGANIZATION_BULK, create('sixth'));
    expect(refused.status).toBe(400);
    expect(refused.body.errorMessage).toBe('Maximum number of tasks reached');
    expect(h.emulator.state().tasks).toHaveLength(5);
    const stats = h.emulator.stats();
    expect(stats.rejections.taskCap).toBe(1);
    expect(stats.rejections.validation).toBe(0);
    expect(stats.maxOpenTasks).toBe(5);
    expect(stats.openTasks).toBe(5);
  });

  it('still answers replays at the cap, and accepts the refused request once a slot frees', async () => {
    h = await Harness.start({ maxActiveTasks: 2, taskMs: 10_000 });
    const first = await h.bulk(ORGANIZATION_BULK, create('a'), 'a');
    await h.bulk(ORGANIZATION_BULK, create('b'), 'b');
    expect((await h.bulk(ORGANIZATION_BULK, create('c'), 'c')).status).toBe(400);
    const replay = await h.bulk(ORGANIZATION_BULK, create('a'), 'a');
    expect(replay.status).toBe(200);
    expect(replay.body.id).toBe(first.body.id);
    h.advance(10_000);
    expect((await h.bulk(ORGANIZATION_BULK, create('c'), 'c')).status).toBe(200);
    const stats = h.emulator.stats();
    expect(stats.maxOpenTasks).toBe(2);
    expect(stats.openTasks).toBe(1);
  });

  it('stops counting tasks open for more than 30 minutes', async () => {
    h = await Harness.start({ maxActiveTasks: 1, taskMs: 2 * 60 * 60 * 1000 });
    await h.bulk(ORGANIZATION_BULK, create('slow'));
    h.advance(29 * 60 * 1000);
    expect((await h.bulk(ORGANIZATION_BULK, create('blocked'))).status).toBe(400);
    h.advance(60 * 1000 + 1);
    const accepted = await h.bulk(ORGANIZATION_BULK, create('now allowed'));
    expect(accepted.status).toBe(200);
    expect((await h.task(accepted.body.id)).body.status).toBe('NOT_STARTED');
    // Both are open at once now, which the stats report truthfully.
    expect(h.emulator.stats()).toMatchObject({ openTasks: 2, maxOpenTasks: 2 });
  });
});
