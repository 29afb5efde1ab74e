import { presentUser } from '../../src/csm/principal';
import { createDetailFields } from '../../src/jobs/fields/createFields';
import type { EngineDeps } from '../../src/jobs/deps';
import { ADMIN_ACCOUNT, startHarness, type EngineHarness } from './harness';

const DEFINITIONS = 'POST /jsm/csm/api/v1/organization/details/definitions/bulk';
const FILE = [
  'Organization Name,Region,Segment,Active',
  'Acme,EMEA,Enterprise,true',
  'Globex,APAC,SMB,false',
  'Initech,EMEA,Enterprise,true',
  'Umbrella,EMEA,SMB,',
].join('\n');

describe('proposeFields and createFields', () => {
  let harness: EngineHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('proposes the unknown columns, creates them as the admin present, and the file then previews clean', async () => {
    harness = await startHarness();
    const proposed = await harness.call('proposeFields', { kind: 'profiles', text: FILE });
    expect(proposed).toMatchObject({ siteFieldCount: 2, siteFieldLimit: 50, notes: [] });
    const definitions = proposed.proposals.map((proposal) => proposal.field);
    expect(definitions).toEqual([
      { name: 'Segment', type: 'SELECT', options: ['Enterprise', 'SMB'] },
      { name: 'Active', type: 'BOOLEAN' },
    ]);

    const created = await harness.call('createFields', { definitions });
    expect(created).toMatchObject({ status: 'DONE', created: ['Segment', 'Active'], existing: [], failed: [] });
    expect(harness.emulator.stats().requests[DEFINITIONS]).toBe(1);
    expect(harness.emulator.stats().principals).toMatchObject({ impersonated: 0 });
    const preview = await harness.call('previewImport', { kind: 'profiles', text: FILE });
    expect(preview).toMatchObject({ unknownColumns: [], rowsWithErrors: 0, operations: 4 });

    // Asked again (a second click, a retry), nothing is sent: the fields are there.
    const again = await harness.call('createFields', { definitions });
    expect(again).toMatchObject({ status: 'DONE', created: [], existing: ['Segment', 'Active'] });
    expect(harness.emulator.stats().requests[DEFINITIONS]).toBe(1);
  });

  it('refuses, sending nothing, a name the site has with another type, or a definition CSM would refuse', async () => {
    harness = await startHarness();
    const clash = await harness.raw('createFields', { definitions: [{ name: 'region', type: 'TEXT' }] });
    expect(clash).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/already has a field "Region" of type SELECT/),
    });
    const bad = await harness.raw('createFields', { definitions: [{ name: 'S', type: 'SELECT' }] });
    expect(bad).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD' });
    expect(harness.emulator.stats().requests[DEFINITIONS]).toBeUndefined();
  });

  it('answers PENDING while CSM works, and follows the same task when asked again', async () => {
    let now = 0;
    const submits: string[] = [];
    const csm = {
      getDetailFields: async () => [{ name: 'Region', type: 'SELECT', options: ['EMEA'] }],
      submitFieldDefinitions: async (_body: unknown, key: string) => {
        submits.push(key);
        return { taskId: `task-for-${key}` };
      },
      getTask: async (taskId: string) => ({ id: taskId, status: 'IN_PROGRESS' as const, failures: [] }),
    };
    const deps = {
      clock: { now: () => now, sleep: async (ms: number) => void (now += ms) },
      csm: () => csm,
    } as unknown as EngineDeps;
    const fields = [{ name: 'Segment', type: 'TEXT' as const }];
    const first = await createDetailFields(deps, presentUser, fields, 10_000);
    expect(first).toEqual({ status: 'PENDING', taskId: `task-for-${submits[0]}` });
    expect(now).toBeLessThanOrEqual(10_000);
    expect(await createDetailFields(deps, presentUser, fields, now + 10_000)).toEqual(first);
    expect(submits).toEqual([submits[0], submits[0]]);
    expect(submits[0]).toMatch(/^fields-[0-9a-f]{16}$/);

    // Ended: what was created is read back from the site; the task's reason is kept for the rest.
    csm.getTask = async (taskId: string) =>
      ({ id: taskId, status: 'FAILED', failures: [{ operatedOn: 'segment', error: 'no room' }] }) as never;
    expect(await createDetailFields(deps, presentUser, fields, now + 10_000)).toMatchObject({
      status: 'DONE',
      created: [],
      failed: [{ name: 'Segment', error: 'no room' }],
    });
  });

  it('is refused to a user who is not a Jira admin', async () => {
    harness = await startHarness();
    harness.emulator.setState({ ...harness.emulator.state(), nonAdminAccountIds: [ADMIN_ACCOUNT] });
    const refused = await harness.raw('createFields', { definitions: [{ name: 'Segment', type: 'TEXT' }] });
    expect(refused).toMatchObject({ ok: false, code: 'NOT_ADMIN' });
  });
});
