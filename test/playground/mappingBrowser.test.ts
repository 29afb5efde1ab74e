import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { CRM_FIELDS as FIELDS, HUBSPOT_IMPORTED, HUBSPOT_ROWS, HUBSPOT_HEADER } from '../support/hubspotExport';
import type { Playground } from '../../local/playground/server';
import { describeIfChromium, openPlayground } from './chromium';

/** A HubSpot companies export as HubSpot writes it (its own column names and region names, a column to drop), a row more. */
const HUBSPOT = [
  HUBSPOT_HEADER,
  ...HUBSPOT_ROWS,
  '104,Umbrella,umbrella.example,Europe,+44 20 7946 0001,2024-04-05',
].join('\n');

describeIfChromium('a CRM export through the mapping step, in Chromium', () => {
  jest.setTimeout(60_000);
  let opened: Awaited<ReturnType<typeof openPlayground>>;
  let playground: Playground;
  let page: Page;

  beforeAll(async () => {
    opened = await openPlayground({ taskMs: 100, prefix: 'playground-mapping-' });
    ({ playground, page } = opened);
    // CSM refuses Umbrella's row for good: the job ends with one failed row, to download.
    playground.emulator.setState({
      ...playground.emulator.state(),
      detailFields: FIELDS,
      rowFaults: [{ organization: 'Umbrella', error: 'Value not allowed for field Region', times: 5 }],
    });
  });

  afterAll(async () => opened?.close());

  const text = (pattern: string | RegExp) => page.getByText(pattern).first().waitFor({ timeout: 15_000 });
  const details = () =>
    Object.fromEntries(playground.emulator.state().organizations.map((org) => [org.name, org.details]));

  it('imports a HubSpot export with the proposed mapping accepted in one click; its failed rows keep HubSpot’s headers', async () => {
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(playground.url);
    await text('Detail fields on this site: Region, Phone Number, Domain, CRM Id.');
    await page.setInputFiles('input[type=file]', {
      name: 'hubspot-companies.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(HUBSPOT),
    });

    await text("Match the file's columns");
    await text('The file looks like an export of HubSpot companies.');
    const columns = page.getByRole('table', { name: 'Columns of the file' });
    await expect(columns.locator('tbody tr').count()).resolves.toBe(6);
    await expect(columns.locator('tbody tr').nth(3).innerText()).resolves.toMatch(/Sales Region[\s\S]*Region/);
    const values = page.getByRole('table', { name: 'Values of Sales Region' });
    await expect(values.innerText()).resolves.toMatch(/Europe[\s\S]*EMEA[\s\S]*Americas[\s\S]*AMER/);
    await expect(values.innerText()).resolves.toMatch(/Asia Pacific[\s\S]*APAC/);

    await page.getByRole('button', { name: 'Accept the mapping and preview' }).click();
    await text('4 rows read (CSV): 4 rows ready, 0 rows with errors.');
    await text('The preview reads the file through the column mapping.');
    await page.getByRole('button', { name: 'Start job' }).click();
    await page.getByText('Partly succeeded', { exact: true }).first().waitFor({ timeout: 30_000 });
    await text('Rows: 4 · Created: 3 · Failed: 1');
    expect(details()).toEqual(HUBSPOT_IMPORTED);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /Download failed-rows-.*\.csv/ }).click(),
    ]);
    const failed = readFileSync(await download.path(), 'utf8');
    const [header, row] = failed.split('\r\n');
    expect(header).toBe('Company name,Record ID,Company Domain Name,Sales Region,Phone,Failure Reason');
    expect(row).toMatch(/^Umbrella,104,umbrella\.example,EMEA,/);

    // CSM takes Umbrella now: the failed-rows file goes in again through the same proposal, in one click.
    playground.emulator.setState({ ...playground.emulator.state(), rowFaults: [] });
    await page.getByRole('tab', { name: 'Import' }).click();
    await page.setInputFiles('input[type=file]', {
      name: 'failed-rows.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(failed),
    });
    await text("Match the file's columns");
    await page.getByRole('button', { name: 'Accept the mapping and preview' }).click();
    await text('1 row read (CSV): 1 row ready, 0 rows with errors.');
    await page.getByRole('button', { name: 'Start job' }).click();
    await text('Rows: 1 · Created: 1');
    expect(details().Umbrella).toEqual({
      'CRM Id': ['104'],
      Domain: ['umbrella.example'],
      Region: ['EMEA'],
      'Phone Number': ['+44 20 7946 0001'],
    });
    await expect(page.locator('.pg-unmapped').count()).resolves.toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
