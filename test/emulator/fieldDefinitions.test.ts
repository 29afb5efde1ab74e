import { checkScopes } from '../../local/runtime/scopes';
import { CSM, DETAILS_BULK, Harness, details } from './harness';

const DEFINITIONS_BULK = `${CSM}/organization/details/definitions/bulk`;
const text = (name: string) => ({ name, type: { name: 'TEXT' } });
const select = (name: string, options: string[], type = 'SELECT') => ({ name, type: { name: type, options } });
const body = (...detailFields: unknown[]) => ({ detailFields });

describe('POST /organization/details/definitions/bulk', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start({ maxActiveTasks: 100 });
  });
  afterEach(() => h.close());

  const fieldNames = () => h.emulator.state().detailFields.map((field) => field.name);

  async function expect400(request: unknown, message: RegExp, key = h.newKey()) {
    const answer = await h.bulk(DEFINITIONS_BULK, request, key);
    expect(answer.status).toBe(400);
    expect(answer.body.errorMessage).toMatch(message);
    return answer;
  }

  it('answers with a task, and creates the fields when the task ends, with every type the reference lists', async () => {
    const submit = await h.bulk(
      DEFINITIONS_BULK,
      body(
        select('Segment', ['Enterprise', 'SMB']),
        select('Tags', ['a', 'b'], 'MULTISELECT'),
        ...['TEXT', 'NUMBER', 'DATE', 'EMAIL', 'URL', 'PHONE', 'BOOLEAN'].map((type) => ({
          name: ` New ${type} `,
          type: { name: type },
        })),
      ),
    );
    expect(submit.status).toBe(200);
    expect(submit.body).toEqual({ id: expect.any(String), statusUrl: `/api/v1/tasks/${submit.body.id}` });
    expect(fieldNames()).toEqual(['Region', 'Phone Number']);
    h.advance(1_000);
    expect((await h.task(submit.body.id)).body).toMatchObject({ status: 'FINISHED', failures: [] });
    const listed = (await h.get(`${CSM}/organization/details`)).body.results;
    expect(listed.map((field: { name: string }) => field.name)).toEqual([
      'Region',
      'Phone Number',
      'Segment',
      'Tags',
      'New TEXT',
      'New NUMBER',
      'New DATE',
      'New EMAIL',
      'New URL',
      'New PHONE',
      'New BOOLEAN',
    ]);
    expect(listed[2]).toEqual({ name: 'Segment', type: { name: 'SELECT', options: ['Enterprise', 'SMB'] } });

    // The new fields take values: a BOOLEAN only true or false.
    await h.createOrganizations('Acme');
    const result = await h.run(
      DETAILS_BULK,
      details(
        '1',
        { operationType: 'UPDATE', payload: { name: 'Segment', values: ['SMB'] } },
        { operationType: 'UPDATE', payload: { name: 'New BOOLEAN', values: ['yes'] } },
      ),
    );
    expect(result.failures).toEqual([
      expect.objectContaining({ operatedOn: 'New BOOLEAN', error: expect.stringMatching(/use true or false/) }),
    ]);
    expect(h.organization('Acme')?.details).toEqual({ Segment: ['SMB'] });
  });

  it('refuses the whole request when one name exists, ignoring case and spaces, and creates nothing', async () => {
    const request = body(text('Segment'), text(' region '));
    const refused = await expect400(request, /detailFields\[1\]\.name: a detail field named 'Region' already exists/);
    expect(refused.body.errors).toEqual([{ field: 'detailFields[1].name', message: expect.any(String) }]);
    h.advance(60_000);
    expect(fieldNames()).toEqual(['Region', 'Phone Number']);
    expect(h.emulator.state().tasks).toEqual([]);
    expect(h.emulator.stats().rejections.validation).toBe(1);
  });

  it('refuses a name twice in one request, bad types and options, and more than 50 definitions', async () => {
    await expect400(
      body(text('Tier'), text('TIER ')),
      /names in a request must be unique \(case-insensitive, trimmed\)/,
    );
    await expect400(body({ name: 'S', type: { name: 'SELECT' } }), /a SELECT field needs at least one option/);
    await expect400(body(select('S', ['a'], 'TEXT')), /a TEXT field takes no options/);
    await expect400(body(select('S', ['a', 'A'])), /'A' is listed twice/);
    await expect400(body({ name: 'S', type: { name: 'select', options: ['a'] } }), /detailFields\[0\]\.type\.name/);
    await expect400(body({ name: 'S', type: { name: 'RICH_TEXT' } }), /detailFields\[0\]\.type\.name/);
    await expect400(
      body(
        select(
          'S',
          Array.from({ length: 51 }, (_, i) => `o${i}`),
        ),
      ),
      /at most 50 items/,
    );
    await expect400(body({ name: '  ', type: { name: 'TEXT' } }), /must not be blank/);
    await expect400(body({ name: 'n'.repeat(256), type: { name: 'TEXT' } }), /at most 255 characters/);
    await expect400(body({ ...text('S'), description: 'x' }), /description/);
    await expect400(body(), /at least 1 item/);
    const fiftyOne = Array.from({ length: 51 }, (_, i) => text(`F${i}`));
    await expect400(body(...fiftyOne), /at most 50 items.*got 51/);
    expect(fieldNames()).toEqual(['Region', 'Phone Number']);
  });

  it('holds at most 50 fields on a site', async () => {
    const fortyNine = Array.from({ length: 47 }, (_, i) => text(`F${i}`));
    expect((await h.run(DEFINITIONS_BULK, body(...fortyNine))).status).toBe('FINISHED');
    await expect400(body(text('One'), text('Two')), /the site has 49 detail fields and holds at most 50/);
    expect((await h.run(DEFINITIONS_BULK, body(text('Last')))).status).toBe('FINISHED');
    expect(fieldNames()).toHaveLength(50);
  });

  it('fails a task whole when another task took one of its names before it ended', async () => {
    const first = await h.bulk(DEFINITIONS_BULK, body(text('Segment')));
    const second = await h.bulk(DEFINITIONS_BULK, body(text('Other'), text('segment')));
    expect([first.status, second.status]).toEqual([200, 200]);
    h.advance(1_000);
    expect((await h.task(first.body.id)).body.status).toBe('FINISHED');
    const failed = (await h.task(second.body.id)).body;
    expect(failed.status).toBe('FAILED');
    expect(failed.failures).toEqual([
      expect.objectContaining({ entity: 'DETAIL_FIELD', operation: 'CREATE', operatedOn: 'Other' }),
      expect.objectContaining({ operatedOn: 'segment', error: expect.stringMatching(/'Segment' already exists/) }),
    ]);
    expect(fieldNames()).toEqual(['Region', 'Phone Number', 'Segment']);
  });

  it('is for Jira admins only: 403 without using up the idempotency key', async () => {
    h.emulator.setState({ ...h.emulator.state(), nonAdminAccountIds: ['agent-1'] });
    const asAgent = { 'X-Local-Forge-Account-Id': 'agent-1' };
    const refused = await h.bulk(DEFINITIONS_BULK, body(text('Segment')), 'k-1', asAgent);
    expect(refused.status).toBe(403);
    expect(refused.body.errorMessage).toMatch(/Only Jira administrators can create detail fields/);
    expect(h.emulator.stats().rejections.forbidden).toBe(1);
    const asAdmin = await h.bulk(DEFINITIONS_BULK, body(text('Segment')), 'k-1', { 'X-Local-Forge-Account-Id': 'a' });
    expect(asAdmin.status).toBe(200);
  });

  it('keeps the bulk rules: experimental header, idempotency key and replay, the open-task cap', async () => {
    expect((await h.bare('POST', DEFINITIONS_BULK, body(text('S')), { 'Idempotency-Key': 'k' })).status).toBe(412);
    expect((await h.post(DEFINITIONS_BULK, body(text('S')))).status).toBe(400);
    const first = await h.bulk(DEFINITIONS_BULK, body(text('S')), 'same');
    expect((await h.bulk(DEFINITIONS_BULK, body(text('S')), 'same')).body.id).toBe(first.body.id);
    expect((await h.bulk(DEFINITIONS_BULK, body(text('T')), 'same')).status).toBe(409);
    await h.close();
    h = await Harness.start({ maxActiveTasks: 1 });
    await h.bulk(DEFINITIONS_BULK, body(text('A')));
    expect((await h.bulk(DEFINITIONS_BULK, body(text('B')))).body.errorMessage).toBe('Maximum number of tasks reached');
  });

  it('needs write:organization.detail-field in the local runtime, as the reference says of creating a field', () => {
    const path = `${DEFINITIONS_BULK}`;
    expect(checkScopes('POST', path, ['read:organization.detail-field:jira-service-management'])).toEqual({
      endpoint: `POST ${path}`,
      missing: ['write:organization.detail-field:jira-service-management'],
    });
    expect(checkScopes('POST', path, ['write:organization.detail-field:jira-service-management']).granted).toEqual([
      'write:organization.detail-field:jira-service-management',
    ]);
  });
});

describe('DELETE /organization/{id}', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await h.createOrganizations('Acme', 'Globex');
  });
  afterEach(() => h.close());

  it('deletes the organization (its name free again, its id never reused) and answers 204', async () => {
    const acme = h.organization('Acme')!;
    const answer = await h.call('DELETE', `${CSM}/organization/${acme.id}`);
    expect(answer).toMatchObject({ status: 204, body: undefined });
    expect(h.emulator.state().organizations.map((org) => org.name)).toEqual(['Globex']);
    expect((await h.get(`${CSM}/organization/${acme.id}`)).status).toBe(404);
    const list = await h.get('/rest/servicedeskapi/organization');
    expect(list.body.values).toEqual([{ id: '2', name: 'Globex', scimManaged: false }]);
    await h.createOrganizations('acme');
    expect(h.organization('acme')?.id).toBe('3');
    expect((await h.call('DELETE', `${CSM}/organization/${acme.id}`)).status).toBe(404);
  });

  it('is for Jira admins, needs the experimental opt-in, and delete:organization in the local runtime', async () => {
    h.emulator.setState({ ...h.emulator.state(), nonAdminAccountIds: ['agent-1'] });
    const path = `${CSM}/organization/1`;
    expect((await h.call('DELETE', path, undefined, { 'X-Local-Forge-Account-Id': 'agent-1' })).status).toBe(403);
    expect((await h.bare('DELETE', path)).status).toBe(412);
    expect(h.organization('Acme')).toBeDefined();
    expect(checkScopes('DELETE', path, ['write:organization:jira-service-management']).missing).toEqual([
      'delete:organization:jira-service-management',
    ]);
  });

  it('may lose its answer after deleting (with faults): the organization is gone, and a second delete answers 404', async () => {
    await h.close();
    h = await Harness.start({ faultRate: 1, faultKinds: ['lostResponse504'] });
    const acme = { id: '1', name: 'Acme', details: {}, customerIds: [], productIds: [] };
    h.emulator.setState({ ...h.emulator.state(), organizations: [acme] });
    const lost = await h.call('DELETE', `${CSM}/organization/${acme.id}`);
    expect(lost.status).toBe(504);
    expect(h.organization('Acme')).toBeUndefined();
    expect((await h.call('DELETE', `${CSM}/organization/${acme.id}`)).status).toBe(404);
  });
});
