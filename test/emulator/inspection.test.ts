import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../../local/emulator';
import { Harness, CSM, CUSTOMER_A, ORGANIZATION_BULK, PRODUCT } from './harness';

const create = (name: string) => ({ organizations: [{ operationType: 'CREATE', payload: { name } }] });

describe('inspection endpoints', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start({ maxActiveTasks: 3 });
  });
  afterEach(() => h.close());

  it('GET /_emulator/state shows the default site', async () => {
    const state = (await h.get('/_emulator/state')).body;
    expect(state).toEqual({
      organizations: [],
      detailFields: [
        { name: 'Region', type: 'SELECT', options: ['AMER', 'APAC', 'Asia', 'EMEA', 'LATAM'] },
        { name: 'Phone Number', type: 'PHONE', options: [] },
      ],
      customers: [CUSTOMER_A, 'qm:10c2e972-eef6-4e0e-aa81-9a9e7a4ba9a7:3468699a-b2f0-4ae9-ab2d-155a5f5a8db4'],
      products: [PRODUCT],
      nonAdminAccountIds: [],
      tasks: [],
      serviceDesks: [
        { id: '1', projectKey: 'SUP', projectName: 'Support', organizationIds: [] },
        { id: '2', projectKey: 'ONB', projectName: 'Onboarding', organizationIds: [] },
      ],
    });
  });

  it('shows tasks with their kind, items and failures', async () => {
    await h.createOrganizations('Acme');
    const [task] = (await h.get('/_emulator/state')).body.tasks;
    expect(task).toMatchObject({
      status: 'FINISHED',
      kind: 'organizations',
      items: create('Acme').organizations,
      failures: [],
    });
  });

  it('POST /_emulator/state replaces the site; missing parts keep their start values; new ids follow the largest', async () => {
    const replaced = await h.post('/_emulator/state', {
      organizations: [
        { id: '41', name: 'Acme', details: { Region: ['EMEA'] }, customerIds: [CUSTOMER_A], productIds: [] },
      ],
      nonAdminAccountIds: ['agent-1'],
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body.organizations).toHaveLength(1);
    expect(replaced.body.customers).toContain(CUSTOMER_A);
    await h.createOrganizations('Globex');
    expect(h.organization('Globex')?.id).toBe('42');
  });

  it('refuses an invalid state with 400 naming the problem, and changes nothing', async () => {
    await h.createOrganizations('Acme');
    const before = h.emulator.state();
    const cases: Array<[unknown, RegExp]> = [
      [{ organizations: [{ id: 'x', name: 'A' }] }, /organizations\[0\]\.id: must be a numeric id/],
      [
        {
          organizations: [
            { id: '1', name: 'A' },
            { id: '2', name: 'a' },
          ],
        },
        /organizations\[1\]\.name: name 'a' is already used by organization 1/,
      ],
      [{ organizations: [{ id: '1', name: 'A', details: { Colour: ['red'] } }] }, /no detail field named 'Colour'/],
      [{ organizations: [{ id: '1', name: 'A', details: { Region: ['Mars'] } }] }, /'Mars' is not a valid value/],
      [
        { organizations: [{ id: '1', name: 'A', customerIds: ['nobody'] }] },
        /customerIds\[0\]: 'nobody' is not in customers/,
      ],
      [
        { detailFields: [{ name: 'X', type: 'SELECT' }] },
        /detailFields\[0\]\.options: a SELECT field needs at least one option/,
      ],
      [
        { tasks: [{ id: 't', status: 'NOT_STARTED', kind: 'organizations', items: [{ operationType: 'DROP' }] }] },
        /tasks\[0\]\.items\[0\]/,
      ],
      [{ surprise: 1 }, /surprise: is not a known field/],
    ];
    for (const [body, message] of cases) {
      const answer = await h.post('/_emulator/state', body);
      expect([answer.status, answer.body.errorMessage]).toEqual([400, expect.stringMatching(message)]);
    }
    expect((await h.post('/_emulator/state', '{oops')).status).toBe(400);
    expect(h.emulator.state()).toEqual(before);
    expect(() =>
      h.emulator.setState({
        ...before,
        organizations: [{ id: '0', name: 'Zero', details: {}, customerIds: [], productIds: [] }],
      }),
    ).toThrow(/organizations\[0\]\.id/);
  });

  it('resumes open tasks from a posted state: they end and apply on the clock', async () => {
    await h.post('/_emulator/state', {
      tasks: [
        {
          id: 'task-1',
          status: 'IN_PROGRESS',
          kind: 'organizations',
          items: create('Later').organizations,
          idempotencyKey: 'k',
          requestHash: 'h',
        },
      ],
    });
    expect((await h.task('task-1')).body.status).toBe('IN_PROGRESS');
    h.advance(1000);
    expect((await h.task('task-1')).body.status).toBe('FINISHED');
    expect(h.organization('Later')).toBeDefined();
  });

  it('GET /_emulator/stats counts requests by normalized path, rejections, replays, open tasks and principals', async () => {
    const first = await h.bulk(ORGANIZATION_BULK, create('a'), 'a');
    await h.bulk(ORGANIZATION_BULK, create('a'), 'a');
    await h.bulk(ORGANIZATION_BULK, create('b'));
    await h.bulk('/jsm/csm/cloudid/site-1/api/v1/organization/bulk', create('c'));
    await h.bulk(ORGANIZATION_BULK, create('d'));
    await h.bulk(ORGANIZATION_BULK, { organizations: [] });
    await h.task(first.body.id);
    await h.get(`${CSM}/organization/7`);
    await h.get('/nowhere/123');
    const stats = (await h.get('/_emulator/stats')).body;
    expect(stats).toEqual({
      requests: {
        'POST /jsm/csm/api/v1/organization/bulk': 6,
        'GET /jsm/csm/api/v1/tasks/{id}': 1,
        'GET /jsm/csm/api/v1/organization/{id}': 1,
        'GET /nowhere/{id}': 1,
      },
      rejections: expect.objectContaining({ taskCap: 1, validation: 1, notFound: 2 }),
      faults: expect.objectContaining({ server500: 0 }),
      idempotentReplays: 1,
      maxOpenTasks: 3,
      openTasks: 3,
      principals: { user: 8, app: 0, impersonated: 0 },
      // Answered calls only (a refusal by the gateway, or an unknown path, is not charged): writes 1, reads 1 + objects.
      points: {
        spent: 9,
        windowSpent: 9,
        byRequest: {
          [`GET ${CSM}/organization/{id}`]: 1,
          [`GET ${CSM}/tasks/{id}`]: 2,
          [`POST ${CSM}/organization/bulk`]: 6,
        },
        quotaRefusals: 0,
        burstRefusals: 0,
        burstRefusedByRequest: {},
      },
    });
  });

  it('POST /_emulator/reset returns to the start state, keeps options and zeroes stats', async () => {
    await h.createOrganizations('Acme');
    const reset = await h.post('/_emulator/reset', undefined);
    expect(reset.status).toBe(200);
    expect(reset.body.organizations).toEqual([]);
    expect(h.emulator.stats().requests).toEqual({});
    for (let i = 0; i < 3; i++) await h.bulk(ORGANIZATION_BULK, create(`o${i}`));
    expect((await h.bulk(ORGANIZATION_BULK, create('cap'))).body.errorMessage).toBe('Maximum number of tasks reached');
    h.advance(60_000);
    expect(h.organization('o0')?.id).toBe('1');
  });

  it('answers 405 for a wrong method on an inspection path', async () => {
    expect((await h.call('DELETE', '/_emulator/state')).status).toBe(405);
  });
});

describe('robustness', () => {
  it('answers 500 with a body when handling fails, and keeps serving', async () => {
    let broken = false;
    const emulator = await startEmulator({
      now: () => {
        if (broken) throw new Error('clock unplugged');
        return Date.now();
      },
    });
    try {
      broken = true;
      const optIn = { headers: { 'X-ExperimentalApi': 'opt-in' } };
      const answer = await fetch(`${emulator.url}${CSM}/organization/details`, optIn);
      expect(answer.status).toBe(500);
      expect(await answer.json()).toMatchObject({
        statusCode: 500,
        errorMessage: expect.stringMatching(/clock unplugged/),
      });
      broken = false;
      expect((await fetch(`${emulator.url}${CSM}/organization/details`, optIn)).status).toBe(200);
      expect(emulator.stats().rejections.serverError).toBe(1);
    } finally {
      await emulator.close();
    }
    await expect(emulator.close()).resolves.toBeUndefined();
    await expect(fetch(`${emulator.url}/_emulator/state`)).rejects.toThrow();
  });

  it('survives garbage: odd methods, bad JSON, deep nesting, binary bodies', async () => {
    const h = await Harness.start();
    try {
      const deep = '['.repeat(5000) + ']'.repeat(5000);
      for (const body of [deep, '\u0000\u0001\u0002', 'null', '"string"', '{"organizationProfiles": null}']) {
        const answer = await h.bulk(`${CSM}/organization/profile/bulk`, body);
        expect(answer.status).toBe(400);
      }
      expect((await h.call('PATCH', `${CSM}/tasks/x`)).status).toBe(405);
      expect((await h.get(`${CSM}/organization/%E0%A4%A`)).status).toBe(404);
      expect(h.emulator.state().organizations).toEqual([]);
    } finally {
      await h.close();
    }
  });
});

describe('state file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'csm-emulator-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('saves after changes and loads the saved site at the next start', async () => {
    const statePath = join(dir, 'nested', 'state.json');
    const first = await Harness.start({ statePath });
    await first.createOrganizations('Acme', 'Globex');
    await first.close();
    expect(JSON.parse(readFileSync(statePath, 'utf8')).organizations.map((o: { name: string }) => o.name)).toEqual([
      'Acme',
      'Globex',
    ]);
    expect(existsSync(`${statePath}.${process.pid}.tmp`)).toBe(false);

    const second = await Harness.start({ statePath });
    try {
      expect(second.emulator.state().organizations.map((o) => o.name)).toEqual(['Acme', 'Globex']);
      await second.createOrganizations('Initech');
      expect(second.organization('Initech')?.id).toBe('3');
    } finally {
      await second.close();
    }
  });

  it('refuses to start on a corrupt state file, naming it', async () => {
    const statePath = join(dir, 'state.json');
    writeFileSync(statePath, '{"organizations": [');
    await expect(startEmulator({ statePath })).rejects.toThrow(new RegExp(`${statePath}.*not valid JSON`));
    writeFileSync(statePath, JSON.stringify({ organizations: [{ id: 'one', name: 'A' }] }));
    await expect(startEmulator({ statePath })).rejects.toThrow(/not a valid state.*organizations\[0\]\.id/);
  });
});
