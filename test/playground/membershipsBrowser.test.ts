import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { Playground } from '../../local/playground/server';
import { describeIfChromium, openPlayground } from './chromium';
import { CUSTOMERS, FILE, ORGANIZATIONS } from '../memberships/site';

describeIfChromium('memberships in the playground, in Chromium', () => {
  jest.setTimeout(60_000);
  let opened: Awaited<ReturnType<typeof openPlayground>>;
  let playground: Playground;
  let page: Page;

  beforeAll(async () => {
    opened = await openPlayground({ taskMs: 100, prefix: 'playground-memberships-' });
    ({ playground, page } = opened);
    playground.emulator.setState({
      ...playground.emulator.state(),
      organizations: ORGANIZATIONS,
      customers: CUSTOMERS,
    });
  });

  afterAll(async () => opened?.close());

  const text = (pattern: string | RegExp) => page.getByText(pattern).first().waitFor({ timeout: 15_000 });

  it('previews a memberships file (a lozenge for each change), sends it, and downloads its failed rows as a memberships file', async () => {
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(playground.url);
    await page.getByLabel('What the file changes').click();
    await page.getByRole('option', { name: 'Memberships', exact: true }).click();
    await text(/^Customers added to or removed from organizations/);
    await page.setInputFiles('input[type=file]', {
      name: 'memberships.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(FILE),
    });
    await page.getByRole('button', { name: 'Preview', exact: true }).click();

    await text('6 rows read (CSV): 7 changes ready, 0 rows with errors.');
    const counts = [
      'Will be added 1',
      'Will be removed 1',
      'Will be moved 1',
      'Already a member 1 (not sent)',
      'Not a member 1 (nothing to remove)',
      'Will fail 1',
    ];
    for (const count of counts) await page.getByText(count, { exact: true }).first().waitFor();
    const table = page.getByRole('table', { name: 'Rows in the file' });
    const rows = table.locator('tbody tr');
    await expect(rows.count()).resolves.toBe(6);
    const changes = [
      'Will be added',
      'Will be removed',
      'Will be moved',
      'Already a member',
      'Not a member',
      'Will fail',
    ];
    for (const [at, change] of changes.entries()) await expect(rows.nth(at).innerText()).resolves.toContain(change);
    await expect(rows.nth(5).innerText()).resolves.toContain(
      'No customer on this site has the email nobody@example.com',
    );

    await page.getByRole('button', { name: 'Start job' }).click();
    await page.getByText('Partly succeeded', { exact: true }).first().waitFor({ timeout: 30_000 });
    await text('Rows: 7 · Added: 2 · Removed: 2 · Unchanged (not sent): 2 · Failed: 1');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /Download failed-rows-.*\.csv/ }).click(),
    ]);
    const lines = readFileSync(await download.path(), 'utf8').split('\r\n');
    expect(lines[0]).toBe(
      'Organization Name,Organization ID,Customer Email,Customer Account ID,Operation,From Organization Name,From Organization ID,Failure Reason',
    );
    expect(lines[1]).toMatch(/^Acme,41,nobody@example\.com,,ADD,,,/);
    const members = Object.fromEntries(
      playground.emulator.state().organizations.map((org) => [org.name, [...org.customerIds].sort()]),
    );
    expect(members).toEqual({ Acme: ['qm:ana', 'qm:cy', 'qm:dee'], Globex: [] });
    await expect(page.locator('.pg-unmapped').count()).resolves.toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
