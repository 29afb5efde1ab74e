import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EMULATOR_USAGE, parseEmulatorFlags } from '../../local/emulator/cliFlags';
import { parseCustomersCsv } from '../../local/emulator/schemas/customersCsv';
import { startEmulator } from '../../local/emulator';
import { Harness, CUSTOMER_A } from './harness';

/** Customers with emails: the state, the --customers CSV and its flag (local/PLATFORM_RULES.md, emulator). */
describe('customers with emails', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'csm-customers-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('keeps customer objects and plain ids through the state, and refuses an email twice ignoring case', async () => {
    const h = await Harness.start();
    try {
      const customers = [
        'plain-id',
        { accountId: 'a1', email: 'Ann@Example.com', displayName: 'Ann', accountType: 'customer' as const },
        { accountId: 'g1', email: 'gus@example.com', accountType: 'agent' as const },
      ];
      const posted = await h.post('/_emulator/state', { customers });
      expect(posted.status).toBe(200);
      expect(posted.body.customers).toEqual(customers);
      expect((await h.get('/_emulator/state')).body.customers).toEqual(customers);
      const twice = await h.post('/_emulator/state', {
        customers: [...customers, { accountId: 'a2', email: 'ann@example.COM' }],
      });
      expect(twice.status).toBe(400);
      expect(twice.body.errors).toEqual([
        {
          field: 'customers[3].email',
          message: 'ann@example.COM is already the email of a1 (emails are unique, ignoring case)',
        },
      ]);
      const agentMember = await h.post('/_emulator/state', {
        customers,
        organizations: [{ id: '1', name: 'Acme', customerIds: ['g1'] }],
      });
      expect(agentMember.status).toBe(400);
      expect(agentMember.body.errorMessage).toMatch(/g1 is an agent or an admin/);
    } finally {
      await h.close();
    }
  });

  it('reads a CSV of customers, ids hashed from the lower-cased email unless given', () => {
    const customers = parseCustomersCsv(
      '\uFEFFName,EMAIL,Account ID,Type\r\n"Doe, Jane",jane@example.com,,\r\nAl,AL@Example.com,,agent\n' +
        'Bo,bo@example.com,id-bo,Admin\n,,,\n',
    );
    expect(customers).toEqual([
      {
        accountId: expect.stringMatching(/^qm:[0-9a-f]{32}$/),
        email: 'jane@example.com',
        displayName: 'Doe, Jane',
        accountType: 'customer',
      },
      { accountId: expect.stringMatching(/^qm:/), email: 'AL@Example.com', displayName: 'Al', accountType: 'agent' },
      { accountId: 'id-bo', email: 'bo@example.com', displayName: 'Bo', accountType: 'admin' },
    ]);
    const again = parseCustomersCsv('Email,Name\nal@example.com,Al\n');
    expect(again[0].accountId).toBe(customers[1].accountId);
    expect(customers[0].accountId).not.toBe(customers[1].accountId);
  });

  it('names the line of a bad CSV row', () => {
    expect(() => parseCustomersCsv('Email,Name\na@example.com,A\nnot-an-email,B\n')).toThrow(
      /^line 3: 'not-an-email' is not an email address/,
    );
    expect(() =>
      parseCustomersCsv('Email,Name\na@example.com,A\n"x\ny@example.com",B\nc@example.com,C,,boss\n'),
    ).toThrow(/^line 3: /);
    expect(() => parseCustomersCsv('Email,Name,Type\na@example.com,A,\n\nc@example.com,C,boss\n')).toThrow(
      /^line 4: Type 'boss' is not one of customer, agent, admin/,
    );
    expect(() => parseCustomersCsv('Email,Name\na@example.com,A\nA@EXAMPLE.COM,B\n')).toThrow(
      /^line 3: email A@EXAMPLE.COM is already on line 2/,
    );
    expect(() => parseCustomersCsv('Mail,Name\n')).toThrow(/^line 1: no "Email" column/);
    expect(() => parseCustomersCsv('Email,Name\n"a@example.com,A\n')).toThrow(/^line 2: a quoted cell is not closed/);
  });

  it('takes --customers FILE and --silently-drop-members LIST, and says which line of the file is bad', () => {
    const good = file('good.csv', 'Email,Name\nann@example.com,Ann\n');
    expect(parseEmulatorFlags(['--customers', good, '--silently-drop-members', 'a1, ann@example.com'])).toEqual({
      ok: true,
      options: {
        customers: [
          {
            accountId: expect.stringMatching(/^qm:/),
            email: 'ann@example.com',
            displayName: 'Ann',
            accountType: 'customer',
          },
        ],
        silentlyDroppedMembers: ['a1', 'ann@example.com'],
      },
    });
    const bad = file('bad.csv', 'Email,Name\nann@example.com,Ann\nbob,Bob\n');
    expect(parseEmulatorFlags(['--customers', bad])).toEqual({
      ok: false,
      error: expect.stringMatching(/^--customers: Customers file .*bad\.csv: line 3: 'bob' is not an email address/),
    });
    expect(parseEmulatorFlags(['--silently-drop-members', ' , '])).toMatchObject({ ok: false });
    expect(EMULATOR_USAGE).toMatch(/--customers FILE/);
    expect(EMULATOR_USAGE).toMatch(/--silently-drop-members LIST/);
  });

  it('starts with the customers of the options and the file, in place of the default ones', async () => {
    const path = file('site.csv', 'Email,Name,Account ID\nann@example.com,Ann,a1\n');
    const emulator = await startEmulator({ customers: ['x1'], customersFile: path });
    try {
      expect(emulator.state().customers).toEqual([
        'x1',
        { accountId: 'a1', email: 'ann@example.com', displayName: 'Ann', accountType: 'customer' },
      ]);
      expect(emulator.state().customers).not.toContain(CUSTOMER_A);
      const found = await fetch(`${emulator.url}/rest/api/3/user/search?query=ANN@example.com`);
      expect(await found.json()).toEqual([expect.objectContaining({ accountId: 'a1' })]);
    } finally {
      await emulator.close();
    }
    await expect(startEmulator({ customersFile: file('dup.csv', 'Email,Name\na@b.c,A\nA@B.C,B\n') })).rejects.toThrow(
      /^Emulator option customersFile: Customers file .*dup\.csv: line 3: /,
    );
    await expect(startEmulator({ customers: ['x1', 'x1'] })).rejects.toThrow(/account id x1 is listed twice/);
  });
});
