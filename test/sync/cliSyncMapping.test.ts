import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmulator, type CsmEmulator } from '../../local/emulator';
import { writeRequests } from '../engine/harness';
import { bulk } from '../cli/bulkProcess';
import { KEYED_FIELDS as FIELDS, KEYED_MAPPING } from '../support/hubspotExport';

const MAPPING = KEYED_MAPPING;
const exportOf = (...rows: string[]) => ['Record ID,Company name,Sales Region', ...rows].join('\n');

/** `bulk sync SOURCE --map FILE | --map-name NAME`: a CRM export kept in sync through a mapping, matched by its key. */
describe('npm run bulk -- sync with a mapping', () => {
  let emulator: CsmEmulator;
  let dir: string;
  beforeAll(async () => {
    emulator = await startEmulator({ taskMs: 30, detailFields: FIELDS });
    dir = mkdtempSync(path.join(tmpdir(), 'bulk-sync-map-'));
  });
  afterAll(async () => {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('--map saves the mapping for the plan; --map-name then reads it by name; a renamed account renames', async () => {
    const source = path.join(dir, 'companies.csv');
    const mappingFile = path.join(dir, 'hubspot.json');
    writeFileSync(mappingFile, JSON.stringify(MAPPING));
    const common = ['--csm-url', emulator.url, '--state-dir', path.join(dir, 'state'), '--json'];
    writeFileSync(source, exportOf('101,Acme Ltd,Europe', '202,Globex,Americas'));

    const first = await bulk(['sync', source, '--map', mappingFile, ...common]);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ succeeded: 2, sync: { status: 'APPLIED', changed: 2 } });
    const acmeId = emulator.state().organizations.find((org) => org.name === 'Acme Ltd')!.id;

    writeFileSync(source, exportOf('101,Acme Corporation,Europe', '202,Globex,Americas'));
    const renamed = await bulk(['sync', source, '--map-name', 'bulk sync (CLI)', ...common]);
    expect(renamed.code).toBe(0);
    expect(JSON.parse(renamed.stdout)).toMatchObject({ sync: { status: 'APPLIED', compared: 2 } });
    expect(
      emulator
        .state()
        .organizations.map((org) => [org.id, org.name])
        .sort(),
    ).toEqual([
      [acmeId, 'Acme Corporation'],
      [expect.any(String), 'Globex'],
    ]);

    const writes = writeRequests(emulator.stats());
    const unknown = await bulk(['sync', source, '--map-name', 'Salesforce weekly', ...common]);
    expect(unknown.code).toBe(2);
    expect(JSON.parse(unknown.stdout)).toMatchObject({ status: 'INVALID', sync: { status: 'FAILED' } });
    expect(unknown.stderr + unknown.stdout).toMatch(/There is no saved mapping "Salesforce weekly"/);
    expect(writeRequests(emulator.stats())).toBe(writes);
  }, 60_000);
});
