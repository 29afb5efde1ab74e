import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { bulk, tempDir } from '../cli/bulkProcess';
import { startEmulator, type CsmEmulator } from '../../local/emulator';

const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').pop()!);

function customers(count: number) {
  return Array.from({ length: count }, (_, i) => ({
    accountId: `qm:customer-${String(i).padStart(3, '0')}`,
    email: `customer${String(i).padStart(3, '0')}@example.com`,
    displayName: `Customer ${i}`,
  }));
}

function organizations(count: number) {
  return Array.from({ length: count }, (_, i) => ({
    id: String(i + 1),
    name: `Team ${String(i + 1).padStart(2, '0')}`,
    details: {},
    customerIds: [],
    productIds: [],
  }));
}

describe('memberships through bulk apply', () => {
  let emulator: CsmEmulator;
  afterEach(async () => emulator?.close());

  it('adds 200 customers by email to 10 organizations, removes 10; a row with an unknown email fails on its own', async () => {
    emulator = await startEmulator({ customers: customers(200) });
    emulator.setState({ ...emulator.state(), organizations: organizations(10) });
    const dir = tempDir('csm-memberships-');
    const flags = ['--csm-url', emulator.url, '--state-dir', dir, '--json'];
    const adds = ['Organization Name,Customer Email,Operation'];
    for (let i = 0; i < 200; i += 1)
      adds.push(`Team ${String((i % 10) + 1).padStart(2, '0')},customer${String(i).padStart(3, '0')}@example.com,ADD`);
    adds.push('Team 01,nobody@example.com,ADD');
    const file = path.join(dir, 'adds.csv');
    writeFileSync(file, adds.join('\n'));
    const applied = await bulk(['apply', file, ...flags]);
    const summary = lastJson(applied.stdout);
    process.stdout.write(`${applied.stderr}\n${JSON.stringify(summary)}\n`);
    expect(applied.code).toBe(1);
    expect(summary).toMatchObject({ kind: 'memberships', status: 'PARTIAL', failed: 1, added: 200 });
    const members = emulator.state().organizations.reduce((sum, org) => sum + org.customerIds.length, 0);
    expect(members).toBe(200);
  }, 120_000);
});
