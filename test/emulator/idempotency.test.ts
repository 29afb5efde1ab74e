import { Harness, DETAILS_BULK, ORGANIZATION_BULK, PROFILE_BULK, profiles } from './harness';

describe('Idempotency-Key', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start({ maxActiveTasks: 2 });
  });
  afterEach(() => h.close());

  const body = { organizations: [{ operationType: 'CREATE', payload: { name: 'Acme' } }] };

  it('answers the same task id for the same key and body, even with keys in another order', async () => {
    const first = await h.bulk(ORGANIZATION_BULK, body, 'k');
    const reordered = '{"organizations":[{"payload":{"name":"Acme"},"operationType":"CREATE"}]}';
    const again = await h.bulk(ORGANIZATION_BULK, reordered, 'k');
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(h.emulator.state().tasks).toHaveLength(1);
    expect(h.emulator.stats().idempotentReplays).toBe(1);
    h.advance(60_000);
    expect(h.emulator.state().organizations).toHaveLength(1);
  });

  it('answers 409 for the same key with a different body, and applies nothing', async () => {
    await h.bulk(ORGANIZATION_BULK, body, 'k');
    const conflict = await h.bulk(
      ORGANIZATION_BULK,
      { organizations: [{ operationType: 'CREATE', payload: { name: 'Other' } }] },
      'k',
    );
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({
      statusCode: 409,
      errorMessage: expect.stringMatching(/'k' was already used with a different request body/),
    });
    expect(h.emulator.state().tasks).toHaveLength(1);
    expect(h.emulator.stats().rejections.idempotencyConflict).toBe(1);
  });

  it('answers the same validation errors again for the same key and invalid body, and 409 for another body', async () => {
    const invalid = profiles({ operationType: 'UPSERT', payload: {} });
    const first = await h.bulk(PROFILE_BULK, invalid, 'bad');
    const again = await h.bulk(PROFILE_BULK, invalid, 'bad');
    expect(first.status).toBe(400);
    expect(again.status).toBe(400);
    expect(again.body).toEqual(first.body);
    expect(
      (await h.bulk(PROFILE_BULK, profiles({ operationType: 'UPSERT', payload: { name: 'x' } }), 'bad')).status,
    ).toBe(409);
  });

  it('treats the same key on another endpoint as a conflict, even with the same body (keys are per site)', async () => {
    await h.bulk(ORGANIZATION_BULK, body, 'shared');
    expect(
      (await h.bulk(PROFILE_BULK, profiles({ operationType: 'UPSERT', payload: { name: 'x' } }), 'shared')).status,
    ).toBe(409);
    expect((await h.bulk(DETAILS_BULK, body, 'shared')).status).toBe(409);
  });

  it('keeps keys apart per site: another emulator knows nothing of them', async () => {
    const other = await Harness.start();
    try {
      const here = await h.bulk(ORGANIZATION_BULK, body, 'k');
      const there = await other.bulk(ORGANIZATION_BULK, body, 'k');
      expect(there.status).toBe(200);
      expect(there.body.id).not.toBe(here.body.id);
    } finally {
      await other.close();
    }
  });

  it('forgets a key once its task has expired, so the key then starts a new task', async () => {
    const short = await Harness.start({ retentionMs: 5000 });
    try {
      const first = await short.bulk(ORGANIZATION_BULK, body, 'k');
      short.advance(1000 + 5000);
      const later = await short.bulk(ORGANIZATION_BULK, body, 'k');
      expect(later.status).toBe(200);
      expect(later.body.id).not.toBe(first.body.id);
    } finally {
      await short.close();
    }
  });
});
