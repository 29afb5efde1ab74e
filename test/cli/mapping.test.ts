import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CRM_FIELDS as FIELDS, HUBSPOT, HUBSPOT_IMPORTED, HUBSPOT_MAPPING as MAPPING } from '../support/hubspotExport';
import { bulk, emulatorsClosedAfterEach, summaryOf, tempDir } from './bulkProcess';

describe('bulk apply --map, bulk map', () => {
  const emulatorFor = emulatorsClosedAfterEach();

  it('imports a HubSpot export through a mapping: columns renamed and dropped, Region values translated', async () => {
    const emulator = await emulatorFor({ taskMs: 20, detailFields: FIELDS });
    const dir = tempDir('bulk-map-');
    const file = path.join(dir, 'hubspot-companies.csv');
    writeFileSync(file, HUBSPOT);
    writeFileSync(path.join(dir, 'hubspot.json'), JSON.stringify(MAPPING));
    const applied = await bulk([
      'apply',
      file,
      '--map',
      path.join(dir, 'hubspot.json'),
      '--csm-url',
      emulator.url,
      '--json',
    ]);
    expect(applied.code).toBe(0);
    expect(summaryOf(applied.stdout)).toMatchObject({ status: 'SUCCEEDED', rows: 3, succeeded: 3 });
    expect(Object.fromEntries(emulator.state().organizations.map((org) => [org.name, org.details]))).toEqual(
      HUBSPOT_IMPORTED,
    );
  });

  it('proposes the mapping to edit, saves it by name, and applies a file through the saved name', async () => {
    const emulator = await emulatorFor({ taskMs: 20, detailFields: FIELDS });
    const dir = tempDir('bulk-map-');
    const file = path.join(dir, 'hubspot-companies.csv');
    writeFileSync(file, HUBSPOT);
    const out = path.join(dir, 'proposed.json');
    const mapped = await bulk(['map', file, '--out', out, '--csm-url', emulator.url], undefined, { cwd: dir });
    expect(mapped.code).toBe(0);
    expect(mapped.stderr).toContain('looks like an export of HubSpot companies');
    expect(mapped.stderr).toContain('Phone → Phone Number (known export column)');
    expect(mapped.stderr).toContain('Create Date left out');
    const proposed = JSON.parse(readFileSync(out, 'utf8'));
    expect(proposed).toEqual({ ...MAPPING, key: 'CRM Id' });

    const saved = await bulk(
      ['map', file, '--map', out, '--save-as', 'HubSpot monthly', '--csm-url', emulator.url],
      undefined,
      { cwd: dir },
    );
    expect(saved.code).toBe(0);
    expect(saved.stderr).toContain('Saved the mapping "HubSpot monthly"');
    const unknown = await bulk(['apply', file, '--map-name', 'Zendesk', '--csm-url', emulator.url], undefined, {
      cwd: dir,
    });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('No mapping is saved under "Zendesk". Saved: "HubSpot monthly".');
    const applied = await bulk(
      ['apply', file, '--map-name', 'hubspot monthly', '--csm-url', emulator.url, '--json'],
      undefined,
      { cwd: dir },
    );
    expect(summaryOf(applied.stdout)).toMatchObject({ status: 'SUCCEEDED', succeeded: 3 });
    expect(emulator.state().organizations.map((org) => org.details.Region)).toEqual([['EMEA'], ['AMER'], ['APAC']]);
  });

  it('writes failed rows in the file’s own headers, which import again through the same mapping', async () => {
    const emulator = await emulatorFor({ taskMs: 20, detailFields: FIELDS });
    const dir = tempDir('bulk-map-');
    const file = path.join(dir, 'accounts.csv');
    writeFileSync(
      file,
      ['Company name,Sales Region,Sync Mode', 'Acme Ltd,Europe,UPSERT', 'Ghost Corp,Americas,UPDATE'].join('\n'),
    );
    const mappingFile = path.join(dir, 'accounts.json');
    writeFileSync(
      mappingFile,
      JSON.stringify({
        columns: { 'Company name': 'Organization Name', 'Sales Region': 'Region', 'Sync Mode': 'Operation' },
        values: MAPPING.values,
      }),
    );
    const failedFile = path.join(dir, 'failed.csv');
    const applied = await bulk(
      ['apply', file, '--map', mappingFile, '--csm-url', emulator.url, '--failed-rows', failedFile],
      undefined,
      { cwd: dir },
    );
    expect(applied.code).toBe(1);
    const lines = readFileSync(failedFile, 'utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe('Company name,Sync Mode,Sales Region,Failure Reason');
    expect(lines[1]).toMatch(/^Ghost Corp,UPDATE,AMER,/);

    writeFileSync(failedFile, readFileSync(failedFile, 'utf8').replace('Ghost Corp,UPDATE', 'Ghost Corp,UPSERT'));
    const again = await bulk(
      ['apply', failedFile, '--map', mappingFile, '--csm-url', emulator.url, '--json'],
      undefined,
      { cwd: dir },
    );
    expect(summaryOf(again.stdout)).toMatchObject({ status: 'SUCCEEDED', succeeded: 1 });
    expect(emulator.state().organizations.map((org) => [org.name, org.details.Region])).toEqual([
      ['Acme Ltd', ['EMEA']],
      ['Ghost Corp', ['AMER']],
    ]);
  });

  it('refuses a mapping that is not one, or that does not fit the site, before anything is sent', async () => {
    const emulator = await emulatorFor({ taskMs: 20, detailFields: FIELDS });
    const dir = tempDir('bulk-map-');
    const file = path.join(dir, 'hubspot-companies.csv');
    writeFileSync(file, HUBSPOT);
    writeFileSync(path.join(dir, 'code.json'), JSON.stringify({ columns: {}, script: 'rm -rf /' }));
    const code = await bulk(['apply', file, '--map', path.join(dir, 'code.json'), '--csm-url', emulator.url]);
    expect(code.code).toBe(2);
    expect(code.stderr).toMatch(/code\.json is not a mapping\. .*script/);
    writeFileSync(
      path.join(dir, 'wrong.json'),
      JSON.stringify({ ...MAPPING, values: { Region: { Europe: 'Europa' } } }),
    );
    const wrong = await bulk([
      'apply',
      file,
      '--map',
      path.join(dir, 'wrong.json'),
      '--csm-url',
      emulator.url,
      '--json',
    ]);
    expect(wrong.code).toBe(2);
    expect(JSON.stringify(summaryOf(wrong.stdout).errors)).toContain(
      '\\"Europa\\", which is not an option of the field Region',
    );
    expect(emulator.state().organizations).toEqual([]);
  });
});
