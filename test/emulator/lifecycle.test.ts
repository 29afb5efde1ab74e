import { startEmulator } from '../../local/emulator';
import { Harness, ORGANIZATION_BULK, CSM } from './harness';

const create = (name: string) => ({ organizations: [{ operationType: 'CREATE', payload: { name } }] });

describe('task lifecycle', () => {
  it('goes NOT_STARTED → IN_PROGRESS at 20% → FINISHED at its end, and writes only at the end', async () => {
    const h = await Harness.start({ taskMs: 1000, jitter: 0 });
    try {
      const { body } = await h.bulk(ORGANIZATION_BULK, create('Acme'));
      const created = new Date(h.clock).toISOString();
      expect((await h.task(body.id)).body).toEqual({
        id: body.id,
        type: 'BULK_ORGANIZATION_CREATE_UPDATE',
        status: 'NOT_STARTED',
        failures: [],
        createdAt: created,
        updatedAt: created,
      });
      h.advance(199);
      expect((await h.task(body.id)).body.status).toBe('NOT_STARTED');
      h.advance(1);
      expect((await h.task(body.id)).body).toMatchObject({
        status: 'IN_PROGRESS',
        updatedAt: new Date(h.clock).toISOString(),
      });
      h.advance(799);
      expect((await h.task(body.id)).body.status).toBe('IN_PROGRESS');
      expect(h.emulator.state().organizations).toEqual([]);
      h.advance(1);
      expect((await h.task(body.id)).body).toMatchObject({
        status: 'FINISHED',
        failures: [],
        updatedAt: new Date(h.clock).toISOString(),
      });
      expect(h.emulator.state().organizations.map((o) => o.name)).toEqual(['Acme']);
    } finally {
      await h.close();
    }
  });

  it('ends tasks submitted together out of order, applying each at its own end', async () => {
    const h = await Harness.start({ taskMs: 1000, jitter: 1, seed: 7, maxActiveTasks: 6 });
    try {
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) ids.push((await h.bulk(ORGANIZATION_BULK, create(`org ${i}`))).body.id);
      h.advance(1500);
      const ended = await Promise.all(ids.map(async (id) => (await h.task(id)).body));
      expect(ended.map((t) => t.status)).toEqual(Array(6).fill('FINISHED'));
      expect(new Set(ended.map((t) => t.updatedAt)).size).toBe(6);
      const finishOrder = [...ended].sort((a, b) => Date.parse(a.updatedAt) - Date.parse(b.updatedAt)).map((t) => t.id);
      expect(finishOrder).not.toEqual(ids);
      // Organization ids follow the order in which tasks ended, not the order of submission.
      const names = h.emulator.state().organizations.map((o) => o.name);
      expect(names).toEqual(finishOrder.map((id) => `org ${ids.indexOf(id)}`));
    } finally {
      await h.close();
    }
  });

  it('runs on the real clock when none is injected', async () => {
    const emulator = await startEmulator({ taskMs: 30 });
    try {
      const submit = await fetch(emulator.url + ORGANIZATION_BULK, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-ExperimentalApi': 'opt-in', 'Idempotency-Key': 'real' },
        body: JSON.stringify(create('Realtime')),
      });
      const { id } = await submit.json();
      let status = '';
      for (let i = 0; i < 100 && status !== 'FINISHED'; i++) {
        await new Promise((r) => setTimeout(r, 10));
        status = (
          await (
            await fetch(`${emulator.url}${CSM}/tasks/${id}`, { headers: { 'X-ExperimentalApi': 'opt-in' } })
          ).json()
        ).status;
      }
      expect(status).toBe('FINISHED');
      expect(emulator.state().organizations.map((o) => o.name)).toEqual(['Realtime']);
    } finally {
      await emulator.close();
    }
  });

  it('forgets finished tasks after the retention time (404), and answers 404 for unknown ids', async () => {
    const h = await Harness.start({ taskMs: 1000, retentionMs: 60_000 });
    try {
      const { body } = await h.bulk(ORGANIZATION_BULK, create('Acme'));
      h.advance(1000 + 59_999);
      expect((await h.task(body.id)).status).toBe(200);
      h.advance(1);
      const gone = await h.task(body.id);
      expect(gone.status).toBe(404);
      expect(gone.body).toMatchObject({ statusCode: 404, errorMessage: expect.stringMatching(/Task .* not found/) });
      expect(h.emulator.state().tasks).toEqual([]);
      expect((await h.task('no-such-task')).status).toBe(404);
    } finally {
      await h.close();
    }
  });

  it('keeps task results 3 days by default', async () => {
    const h = await Harness.start({ taskMs: 1000 });
    try {
      const { body } = await h.bulk(ORGANIZATION_BULK, create('Acme'));
      h.advance(1000 + 3 * 24 * 3600 * 1000 - 1);
      expect((await h.task(body.id)).status).toBe(200);
      h.advance(1);
      expect((await h.task(body.id)).status).toBe(404);
    } finally {
      await h.close();
    }
  });
});
