import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { Playground } from '../../local/playground/server';
import { describeIfChromium, openPlayground } from './chromium';

const CUSTOMERS = [0, 1].map((i) => ({ accountId: `qm:c${i}`, email: `c${i}@example.com` }));
const org = (id: string, name: string, customerIds: string[] = [], details: Record<string, string[]> = {}) => ({
  id,
  name,
  details,
  customerIds,
  productIds: [],
});

describeIfChromium('clean up in the playground, in Chromium', () => {
  jest.setTimeout(90_000);
  let opened: Awaited<ReturnType<typeof openPlayground>>;
  let playground: Playground;
  let page: Page;

  beforeAll(async () => {
    opened = await openPlayground({ taskMs: 100, prefix: 'playground-cleanup-' });
    ({ playground, page } = opened);
    playground.emulator.setState({
      ...playground.emulator.state(),
      organizations: [org('21', 'Empty One'), org('22', 'Acme', ['qm:c0', 'qm:c1']), org('23', 'Empty Two')],
      customers: CUSTOMERS,
    });
  });

  afterAll(async () => opened?.close());

  const text = (pattern: string | RegExp, timeout = 15_000) => page.getByText(pattern).first().waitFor({ timeout });
  const names = () => playground.emulator.state().organizations.map((o) => o.name);

  it('finds the empty organizations, previews deleting them, deletes them once confirmed, and restores them', async () => {
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(playground.url);
    await page.getByRole('tab', { name: 'Clean up' }).click();
    await page.getByRole('button', { name: 'Find empty organizations' }).click();
    await text('Scanned 3 organizations.');
    await text('2 empty organizations');
    const found = page.getByRole('table', { name: 'Empty organizations' }).locator('tbody tr');
    await expect(found.count()).resolves.toBe(2);
    await expect(found.nth(1).innerText()).resolves.toContain('Empty Two');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download deletions.csv' }).click(),
    ]);
    expect(
      readFileSync(await download.path(), 'utf8')
        .split('\r\n')
        .slice(0, 3),
    ).toEqual(['Organization ID,Organization Name,Members', '21,Empty One,0', '23,Empty Two,0']);

    await page.getByRole('button', { name: 'Preview deleting them' }).click();
    const rows = page.getByRole('table', { name: 'Rows in the file' }).locator('tbody tr');
    await rows.first().waitFor({ timeout: 15_000 });
    await expect(rows.count()).resolves.toBe(2);
    await expect(rows.nth(0).innerText()).resolves.toContain('Will be deleted');
    await expect(rows.nth(0).innerText()).resolves.toContain('ID 21; 0 members');
    expect(names()).toHaveLength(3);

    await page.getByRole('button', { name: 'Delete 2 organizations' }).click();
    const question = page.getByRole('dialog', { name: 'Delete 2 organizations?' });
    await expect(question.innerText()).resolves.toContain('CSM cannot undelete');
    await question.getByRole('button', { name: 'Delete 2 organizations' }).click();
    await text('Deleted: 2', 30_000);
    expect(names()).toEqual(['Acme']);

    await page.getByRole('button', { name: 'Restore the 2 organizations' }).click();
    const restore = page.getByRole('dialog', { name: 'Restore 2 organizations?' });
    await expect(restore.innerText()).resolves.toContain('they get new IDs');
    await restore.getByRole('button', { name: 'Restore them' }).click();
    await text(/creates again what job/);
    await text('Created: 2', 30_000);
    const back = playground.emulator.state().organizations.filter((o) => o.name.startsWith('Empty'));
    expect(back.map((o) => o.name).sort()).toEqual(['Empty One', 'Empty Two']);
    expect(back.map((o) => o.id)).not.toContain('21');
    await expect(page.locator('.pg-unmapped').count()).resolves.toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
