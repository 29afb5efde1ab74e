import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bulk, emulatorsClosedAfterEach, tempDir } from '../cli/bulkProcess';

const accountOf = (i: number) => `qm:customer-${i}`;
const customers = (count: number) =>
  Array.from({ length: count }, (_, i) => ({
    accountId: accountOf(i),
    email: `customer${i}@example.com`,
    displayName: `Customer ${i}`,
  }));
const site = (orgs: { id: string; name: string; members: number }[]) =>
  orgs.map((org) => ({
    id: org.id,
    name: org.name,
    details: {},
    customerIds: Array.from({ length: org.members }, (_, i) => accountOf(i)),
    productIds: [],
  }));
const lines = (file: string) => readFileSync(file, 'utf8').trimEnd().split('\r\n');

describe('bulk find', () => {
  const emulatorWith = emulatorsClosedAfterEach();

  it('empty: writes exactly the organizations without a member, as a deletions file, asking one member of each', async () => {
    const emulator = await emulatorWith({ customers: customers(60) });
    // 120 organizations (three pages of the list, three finder calls): every fourth empty, one of 60 members.
    const orgs = Array.from({ length: 120 }, (_, i) => ({
      id: String(i + 1),
      name: `Org ${i + 1}`,
      members: i === 1 ? 60 : (i + 1) % 4 === 0 ? 0 : 1 + (i % 3),
    }));
    emulator.setState({ ...emulator.state(), organizations: site(orgs) });
    const dir = tempDir('find-empty-');
    const out = path.join(dir, 'empty.csv');
    const found = await bulk(['find', 'empty', '--out', out, '--csm-url', emulator.url]);
    expect(found.stderr).toBe('');
    expect(found.code).toBe(0);
    expect(found.stdout).toBe(
      `30 empty organizations written to ${out}: a deletions file; preview it with bulk apply ${out} --kind deletions --dry-run\n`,
    );
    const empty = orgs.filter((org) => org.members === 0);
    expect(lines(out)).toEqual([
      'Organization ID,Organization Name,Members',
      ...empty.map((org) => `${org.id},${org.name},0`),
    ]);
    // One member read an organization, of one member at most: 3 points whatever its size.
    const requests = emulator.stats().requests;
    const memberReads = Object.entries(requests).filter(([key]) => key.startsWith('GET') && key.endsWith('/user'));
    expect(memberReads.reduce((sum, [, count]) => sum + count, 0)).toBe(120);
  });

  it('duplicates: pairs names alike, keeps the one with more members, and counts members past one call', async () => {
    const emulator = await emulatorWith({ customers: customers(1_050) });
    const orgs = [
      { id: '3', name: 'Globex', members: 2 },
      { id: '5', name: 'Dup Acme Ltd', members: 1 },
      { id: '7', name: 'Dup Acme Holdings', members: 5 },
      { id: '9', name: 'dup  ACME ltd', members: 3 },
      // 1,050 members: 21 member pages, more than one finder call reads.
      { id: '20', name: 'big co.', members: 0 },
      { id: '21', name: 'Big Co', members: 1_050 },
    ];
    emulator.setState({ ...emulator.state(), organizations: site(orgs) });
    const out = path.join(tempDir('find-duplicates-'), 'merges.csv');
    const found = await bulk(['find', 'duplicates', '--out', out, '--csm-url', emulator.url]);
    expect(found.code).toBe(0);
    expect(found.stdout).toMatch(/^2 organizations to merge into 2 others written to .*merges\.csv: a merges file/);
    expect(found.stderr).toMatch(/counted the members of 4 of 4 candidates…/);
    expect(lines(out)).toEqual([
      'Keep Organization ID,Keep Organization Name,Merge Organization ID,Merge Organization Name',
      '9,dup  ACME ltd,5,Dup Acme Ltd',
      '21,Big Co,20,big co.',
    ]);
    // Members were counted of the four candidates only: Globex and Dup Acme Holdings share no name.
    const requests = emulator.stats().requests;
    const memberReads = Object.entries(requests).filter(([key]) => key.startsWith('GET') && key.endsWith('/user'));
    expect(memberReads.reduce((sum, [, count]) => sum + count, 0)).toBe(1 + 1 + 1 + 21);
  });

  it('absent: writes the organizations the source does not name, compared as an import compares names', async () => {
    const emulator = await emulatorWith({ customers: customers(1) });
    const orgs = [
      { id: '1', name: 'Acme', members: 1 },
      { id: '2', name: 'Globex', members: 0 },
      { id: '3', name: 'Initech', members: 0 },
      { id: '4', name: 'Umbrella', members: 0 },
    ];
    emulator.setState({ ...emulator.state(), organizations: site(orgs) });
    const dir = tempDir('find-absent-');
    const source = path.join(dir, 'source.csv');
    writeFileSync(source, 'Organization Name,Organization ID,Region\nACME,,EU\nglobex,,US\n,4,US\n');
    const out = path.join(dir, 'absent.csv');
    const found = await bulk(['find', 'absent', '--source', source, '--out', out, '--csm-url', emulator.url]);
    expect(found.code).toBe(0);
    expect(found.stdout).toMatch(
      /^1 organization absent from .*source\.csv written to .*absent\.csv: a deletions file/,
    );
    expect(lines(out)).toEqual(['Organization ID,Organization Name,Members', '3,Initech,']);
  });

  it('refuses bad usage with exit 2, writing nothing', async () => {
    const dir = tempDir('find-usage-');
    const out = path.join(dir, 'out.csv');
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, 'Organization Name\nAcme\nacme\n');
    for (const args of [
      ['find', 'stale', '--out', out],
      ['find', 'empty'],
      ['find', 'absent', '--out', out],
      ['find', 'empty', '--source', bad, '--out', out],
      ['find', 'absent', '--source', bad, '--out', out],
    ]) {
      const result = await bulk(args);
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
    }
    expect(() => readFileSync(out)).toThrow();
  });
});
