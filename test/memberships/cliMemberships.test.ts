import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bulk, emulatorsClosedAfterEach, summaryOf, tempDir } from '../cli/bulkProcess';
import type { CsmEmulator } from '../../local/emulator';

const pad = (n: number, width = 3) => String(n).padStart(width, '0');
const accountOf = (i: number) => `qm:customer-${pad(i)}`;
const emailOf = (i: number) => `customer${pad(i)}@example.com`;
const team = (n: number) => `Team ${pad(n, 2)}`;

function customers(count: number) {
  return Array.from({ length: count }, (_, i) => ({
    accountId: accountOf(i),
    email: emailOf(i),
    displayName: `Customer ${i}`,
  }));
}

/** `count` organizations, Team 01 (id 1) on; `members[n]` the customer numbers of Team n+1. */
function organizations(count: number, members: number[][] = []) {
  return Array.from({ length: count }, (_, i) => ({
    id: String(i + 1),
    name: team(i + 1),
    details: {},
    customerIds: (members[i] ?? []).map(accountOf),
    productIds: [],
  }));
}

/** Each organization's members (account ids, sorted), by organization name. */
const membersByName = (emulator: CsmEmulator) =>
  Object.fromEntries(emulator.state().organizations.map((org) => [org.name, [...org.customerIds].sort()]));

function writeCsv(dir: string, name: string, lines: string[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, lines.join('\n'));
  return file;
}

/** The cells of a CSV without quoted cells (what these tests' exports hold), the header row first. */
const csvCells = (text: string) =>
  text
    .trim()
    .split(/\r?\n/)
    .map((line) => line.split(','));

describe('memberships through bulk apply', () => {
  const emulatorWith = emulatorsClosedAfterEach();

  it('adds 200 customers by email to 10 organizations, removes 10: the export holds the 190 left; an unknown email fails on its own', async () => {
    const emulator = await emulatorWith({ customers: customers(200) });
    emulator.setState({ ...emulator.state(), organizations: organizations(10) });
    const dir = tempDir('csm-memberships-');
    const flags = ['--csm-url', emulator.url, '--state-dir', dir, '--json'];
    const adds = ['Organization Name,Customer Email,Operation'];
    for (let i = 0; i < 200; i += 1) adds.push(`${team((i % 10) + 1)},${emailOf(i)},ADD`);
    adds.push('Team 01,nobody@example.com,ADD');
    const applied = await bulk(['apply', writeCsv(dir, 'adds.csv', adds), ...flags]);
    const summary = summaryOf(applied.stdout);
    expect(applied.code).toBe(1);
    expect(summary).toMatchObject({ kind: 'memberships', status: 'PARTIAL', added: 200, removed: 0, failed: 1 });
    expect(summary.failures).toEqual([
      expect.objectContaining({
        row: 202,
        error: expect.stringMatching(/No customer on this site has the email nobody@example\.com/),
      }),
    ]);

    // Customers 0, 10, …, 90 (all in Team 01) leave it.
    const removals = ['Organization Name,Customer Email,Operation'];
    for (let i = 0; i < 100; i += 10) removals.push(`Team 01,${emailOf(i)},REMOVE`);
    const removed = await bulk(['apply', writeCsv(dir, 'removals.csv', removals), ...flags]);
    expect(removed.code).toBe(0);
    expect(summaryOf(removed.stdout)).toMatchObject({ status: 'SUCCEEDED', added: 0, removed: 10, failed: 0 });

    const out = path.join(dir, 'members.csv');
    const exported = await bulk(['export', '--kind', 'memberships', '--csm-url', emulator.url, '--out', out]);
    expect(exported.code).toBe(0);
    const [header, ...rows] = csvCells(readFileSync(out, 'utf8'));
    expect(header).toEqual(['Organization Name', 'Organization ID', 'Customer Email', 'Customer Account ID']);
    const left = Array.from({ length: 200 }, (_, i) => i).filter((i) => i % 10 !== 0 || i >= 100);
    expect(rows.map((cells) => cells.join(',')).sort()).toEqual(
      left.map((i) => `${team((i % 10) + 1)},${(i % 10) + 1},${emailOf(i)},${accountOf(i)}`).sort(),
    );
  }, 120_000);

  it('says in words what the file would do (dry run) and what the job did, counting changes', async () => {
    const emulator = await emulatorWith({ customers: customers(4) });
    emulator.setState({ ...emulator.state(), organizations: organizations(2, [[0, 1], [2]]) });
    const dir = tempDir('csm-memberships-');
    const file = writeCsv(dir, 'm.csv', [
      'Organization Name,Customer Email,Operation,From Organization Name',
      `Team 01,${emailOf(3)},ADD,`,
      `Team 01,${emailOf(0)},ADD,`,
      `Team 02,${emailOf(1)},MOVE,Team 01`,
      `Team 02,${emailOf(3)},REMOVE,`,
    ]);
    const flags = ['--csm-url', emulator.url, '--state-dir', dir];
    const dry = await bulk(['apply', file, ...flags, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout.trim()).toBe(
      'DRY_RUN: nothing was sent. 5 changes in 4 requests as planned: of its 4 rows, 1 would be added, 0 removed, 1 moved, 1 is already a member and 1 not a member (not sent), 0 would fail as the site is now.',
    );
    const applied = await bulk(['apply', file, ...flags]);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(
      /^SUCCEEDED: job \S+: 2 added, 1 removed, 0 failed, 2 unchanged \(not sent: already true\) of 5 changes \(4 rows\), in \d+ write requests/,
    );
    expect(membersByName(emulator)).toEqual({
      'Team 01': [accountOf(0), accountOf(3)].sort(),
      'Team 02': [accountOf(1), accountOf(2)].sort(),
    });

    // The same file again changes nothing, and its undo says there is nothing to undo (not "no organization").
    const again = await bulk(['apply', file, ...flags, '--json']);
    expect(summaryOf(again.stdout)).toMatchObject({ status: 'SUCCEEDED', added: 0, removed: 0, unchanged: 5 });
    const undone = await bulk(['undo', summaryOf(again.stdout).jobId, ...flags]);
    expect(undone.code).toBe(2);
    expect(undone.stderr).toMatch(/This job added and removed no customer: there is nothing to undo\./);
  }, 60_000);

  it('moves a customer (removed from the From organization, added to the target); undo --yes puts both back', async () => {
    const emulator = await emulatorWith({ customers: customers(4) });
    emulator.setState({ ...emulator.state(), organizations: organizations(2, [[0, 1], [2]]) });
    const before = membersByName(emulator);
    const dir = tempDir('csm-memberships-');
    const flags = ['--csm-url', emulator.url, '--state-dir', dir, '--json'];
    const file = writeCsv(dir, 'move.csv', [
      'Organization Name,Customer Email,Operation,From Organization Name',
      `Team 02,${emailOf(0)},MOVE,Team 01`,
    ]);
    const moved = await bulk(['apply', file, ...flags]);
    const summary = summaryOf(moved.stdout);
    expect(moved.code).toBe(0);
    expect(summary).toMatchObject({ status: 'SUCCEEDED', rows: 1, operations: 2, added: 1, removed: 1 });
    expect(membersByName(emulator)).toEqual({
      'Team 01': [accountOf(1)],
      'Team 02': [accountOf(0), accountOf(2)].sort(),
    });

    const undone = await bulk(['undo', summary.jobId, ...flags, '--yes']);
    expect(undone.code).toBe(0);
    expect(summaryOf(undone.stdout)).toMatchObject({ kind: 'memberships', status: 'SUCCEEDED', added: 1, removed: 1 });
    expect(membersByName(emulator)).toEqual(before);
  }, 60_000);

  it('a call CSM answers but does not apply fails its row with the read-back reason; its failed-rows file imports again', async () => {
    const dropped = [accountOf(1), accountOf(2)];
    const emulator = await emulatorWith({ customers: customers(4), silentlyDroppedMembers: dropped });
    emulator.setState({ ...emulator.state(), organizations: organizations(2, [[], [2]]) });
    const dir = tempDir('csm-memberships-');
    const flags = ['--csm-url', emulator.url, '--state-dir', dir, '--json'];
    const file = writeCsv(dir, 'adds.csv', [
      'Organization Name,Customer Email,Operation,From Organization Name',
      `Team 01,${emailOf(0)},ADD,`,
      `Team 01,${emailOf(1)},ADD,`,
      `Team 02,${emailOf(3)},ADD,`,
      `Team 01,${emailOf(2)},MOVE,Team 02`,
    ]);
    const failedRows = path.join(dir, 'failed.csv');
    const applied = await bulk(['apply', file, ...flags, '--failed-rows', failedRows]);
    const summary = summaryOf(applied.stdout);
    expect(applied.code).toBe(1);
    expect(summary).toMatchObject({ status: 'PARTIAL', added: 2, removed: 0, failed: 3 });
    const failures: { row: number; error: string }[] = summary.failures;
    expect(failures.map((failure) => failure.row).sort()).toEqual([3, 5, 5]);
    expect(failures.find((failure) => failure.row === 3)!.error).toMatch(
      /accepted the call, but customer001@example\.com.* is not a member of .*Team 01.* when read back/,
    );
    expect(failures.filter((failure) => failure.row === 5).map((failure) => failure.error)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/customer002@example\.com.* is not a member of .*Team 01.* when read back/),
      ]),
    );
    expect(membersByName(emulator)).toEqual({
      'Team 01': [accountOf(0)],
      'Team 02': [accountOf(2), accountOf(3)].sort(),
    });

    // The failed rows, as a memberships file: the ADD and the MOVE it was, each with its reason.
    const [header, ...rows] = csvCells(readFileSync(failedRows, 'utf8'));
    expect(header.slice(0, 7)).toEqual([
      'Organization Name',
      'Organization ID',
      'Customer Email',
      'Customer Account ID',
      'Operation',
      'From Organization Name',
      'From Organization ID',
    ]);
    expect(rows.map((cells) => [cells[0], cells[2], cells[4], cells[5]])).toEqual([
      ['Team 01', emailOf(1), 'ADD', ''],
      ['Team 01', emailOf(2), 'MOVE', 'Team 02'],
    ]);

    // The site takes the customers now: the file imports as it is, and does what the first job could not.
    emulator.setState({ ...emulator.state(), silentlyDroppedMembers: [] });
    const again = await bulk(['apply', failedRows, ...flags]);
    expect(again.code).toBe(0);
    expect(summaryOf(again.stdout)).toMatchObject({ kind: 'memberships', status: 'SUCCEEDED', added: 2, removed: 1 });
    expect(membersByName(emulator)).toEqual({
      'Team 01': [accountOf(0), accountOf(1), accountOf(2)].sort(),
      'Team 02': [accountOf(3)],
    });
  }, 60_000);

  it('runs offline: the embedded emulator takes --customers, and export --kind memberships reads what apply kept', async () => {
    const dir = tempDir('csm-memberships-');
    const state = ['--state-dir', dir];
    const created = await bulk([
      'apply',
      writeCsv(dir, 'o.csv', ['Organization Name', 'Team 01']),
      '--kind',
      'organizations',
      ...state,
    ]);
    expect(created.code).toBe(0);
    const people = writeCsv(dir, 'people.csv', ['Email,Name', 'ana@example.com,Ana', 'bo@example.com,Bo']);
    const file = writeCsv(dir, 'm.csv', [
      'Organization Name,Customer Email',
      'Team 01,ana@example.com',
      'Team 01,bo@example.com',
    ]);
    const applied = await bulk(['apply', file, ...state, '--customers', people, '--json']);
    expect(applied.code).toBe(0);
    expect(summaryOf(applied.stdout)).toMatchObject({ kind: 'memberships', status: 'SUCCEEDED', added: 2 });
    const exported = await bulk(['export', '--kind', 'memberships', ...state]);
    expect(exported.code).toBe(0);
    const [, ...rows] = csvCells(exported.stdout);
    expect(rows.map((cells) => `${cells[0]} ${cells[2]}`).sort()).toEqual([
      'Team 01 ana@example.com',
      'Team 01 bo@example.com',
    ]);

    const elsewhere = await bulk(['apply', file, '--csm-url', 'http://127.0.0.1:9', '--customers', people]);
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toMatch(/--customers gives the embedded emulator its customers/);
    const badKind = await bulk(['export', '--kind', 'profiles', ...state]);
    expect(badKind.code).toBe(2);
    expect(badKind.stderr).toMatch(/--kind must be organizations or memberships/);
  }, 60_000);

  it('export --kind memberships pages across calls, stopping within an organization and going on where it stopped', async () => {
    // 19 organizations of one member, then one of 120 (three pages of 50: the call stops after its first), then two.
    const members = Array.from({ length: 22 }, (_, i) =>
      i === 19 ? Array.from({ length: 120 }, (_, k) => 22 + k) : [i],
    );
    const emulator = await emulatorWith({ customers: customers(150) });
    emulator.setState({ ...emulator.state(), organizations: organizations(22, members) });
    const exported = await bulk(['export', '--kind', 'memberships', '--csm-url', emulator.url]);
    expect(exported.code).toBe(0);
    const [, ...rows] = csvCells(exported.stdout);
    const expected = members.flatMap((numbers, i) => numbers.map((n) => `${i + 1} ${accountOf(n)}`));
    expect(rows.map((cells) => `${cells[1]} ${cells[3]}`).sort()).toEqual(expected.sort());
  }, 60_000);
});
