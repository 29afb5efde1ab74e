import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startPlayground, type Playground } from '../../local/playground/server';
import { APP_ROOT, describeIfChromium, launchChromium } from './chromium';

const RESULTS = path.join(APP_ROOT, 'test-results', 'playground');

/** Two rows the page rejects before sending (no name; an unknown Region), one CSM refuses once for a passing reason (a time-out). */
const CSV = [
  'Organization Name,Operation,Region,Phone Number',
  'Acme Corporation,CREATE,EMEA,+61 2 9001 1037',
  ',CREATE,APAC,',
  'Globex,CREATE,Mars,',
  'Initech,CREATE,AMER,+61 2 9003 1111',
  'Umbrella,UPSERT,APAC,',
].join('\n');

/** The same, and a row CSM refuses for what it holds: Hooli does not exist, so it cannot be updated. */
const WALKTHROUGH_CSV = `${CSV}\nHooli,UPDATE,AMER,`;

/**
 * One Chromium for both describe blocks, launched when the first asks for it: each block has a page of its own, in
 * a context of its own (browser.newPage), closed with the block; a second browser only cost its start.
 */
let launched: Promise<Browser> | undefined;
const sharedBrowser = () => (launched ??= launchChromium());
afterAll(async () => (await launched)?.close());

describeIfChromium('the playground in Chromium', () => {
  jest.setTimeout(60_000);
  let playground: Playground;
  let page: Page;
  let stateDir: string;

  beforeAll(async () => {
    stateDir = mkdtempSync(path.join(tmpdir(), 'playground-'));
    mkdirSync(RESULTS, { recursive: true });
    let browser: Browser;
    [playground, browser] = await Promise.all([
      startPlayground({ appRoot: APP_ROOT, stateDir, taskMs: 300, port: 0 }),
      sharedBrowser(),
    ]);
    page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  });

  afterAll(async () => {
    await page?.context().close();
    await playground?.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  const text = (pattern: string | RegExp) => page.getByText(pattern).first().waitFor({ timeout: 15_000 });
  /** A picture of the page in test-results/; with UPDATE_SCREENSHOTS=1, also the README's copy in docs/. */
  const shot = async (name: string, readme?: string) => {
    await page.screenshot({ path: path.join(RESULTS, `${name}.png`), fullPage: true });
    if (readme && process.env.UPDATE_SCREENSHOTS)
      await page.screenshot({ path: path.join(APP_ROOT, 'docs', `${readme}.png`), fullPage: true });
  };

  it('walks the loop: a file with errors, preview, skip and start, failed rows as a file, fixed, imported again', async () => {
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await page.goto(playground.url);
    await text('Offline playground: CSM emulator, no Atlassian site');
    await text('Detail fields on this site: Region, Phone Number.');
    await page.getByRole('tab', { name: 'Jobs' }).click();
    await text(/^No jobs yet\./);
    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByLabel('Task cap').waitFor();
    await page.getByRole('tab', { name: 'Import' }).click();

    // CSM times out on Initech's row once (an emulator row fault): worth retrying, unlike a row refused for what it holds.
    const faulted = await fetch(new URL('/_emulator/state', playground.url), {
      method: 'POST',
      body: JSON.stringify({ rowFaults: [{ organization: 'Initech' }] }),
      headers: { 'content-type': 'application/json' },
    });
    expect(faulted.status).toBeLessThan(300);
    await page.setInputFiles('input[type=file]', {
      name: 'organizations.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(WALKTHROUGH_CSV),
    });
    await text('Using organizations.csv');
    await page.getByRole('button', { name: 'Preview', exact: true }).click();

    // Preview: counts, a lozenge per kind of outcome, and a filter for the rows to look at.
    await text(/6 rows read \(CSV\): 4 rows ready, 2 rows with errors\./);
    for (const lozenge of ['Create 3', 'Update 0', 'Will fail 1', 'Error in file 2'])
      await page.getByText(lozenge, { exact: true }).first().waitFor();
    await text('1 row will probably fail');
    // Atlaskit's DynamicTable names the table by its label (aria-label); the title above it is a small heading.
    const previewTable = page.getByRole('table', { name: 'Rows in the file' });
    await expect(previewTable.locator('tbody tr').count()).resolves.toBe(6);
    await expect(previewTable.innerText()).resolves.toMatch(/Globex[\s\S]*Error in file[\s\S]*Mars/);
    await page.getByRole('checkbox', { name: 'Show only rows with problems' }).check();
    await expect(previewTable.locator('tbody tr').count()).resolves.toBe(3);
    await expect(previewTable.innerText()).resolves.toMatch(/Hooli[\s\S]*Will fail[\s\S]*does not exist/);
    await expect(page.getByRole('button', { name: 'Start job' }).isDisabled()).resolves.toBe(true);
    await shot('1-preview', 'preview');

    await page.getByLabel(/Skip the 2 rows with errors/).check();
    await page.getByRole('button', { name: 'Start job' }).click();

    // The job: progress while it runs, then the rows that failed and what to do with each.
    await text(/Tasks open: \d+ of \d+/);
    await text(/Partly succeeded/);
    const progress = page.getByRole('progressbar', { name: 'Job progress' });
    await expect(progress.getAttribute('aria-valuenow')).resolves.toBe('0.5');
    // Every number is the ledger's: the 2 rows skipped for errors in the file are rows of the job.
    await text('6 of 6 rows done.');
    await text('Rows: 6 · Created: 2 · Failed: 2 · Skipped (errors in the file): 2');
    await text('2 rows failed.');
    const failedTable = page.getByRole('table', { name: 'Failed rows' });
    await expect(failedTable.innerText()).resolves.toMatch(/Initech[\s\S]*Retry/);
    await expect(failedTable.innerText()).resolves.toMatch(/Hooli[\s\S]*Fix in the file/);
    await page.getByRole('button', { name: 'Retry 1 row' }).waitFor();
    await shot('2-partly-succeeded');
    // The README's picture is refreshed on request only: a test run changes no file of the repository.
    if (process.env.UPDATE_SCREENSHOTS)
      await page.screenshot({
        path: path.join(APP_ROOT, 'docs', 'playground.png'),
        clip: { x: 0, y: 0, width: 1100, height: 560 },
      });

    // The failed rows download as an import file: the values sent and a Failure Reason column.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /Download failed-rows-.*\.csv/ }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^failed-rows-.*\.csv$/);
    const failedFile = readFileSync(await download.path(), 'utf8');
    expect(failedFile.split('\r\n')[0]).toBe('Organization Name,Operation,Region,Phone Number,Failure Reason');
    expect(failedFile).toMatch(/\r\nInitech,CREATE,AMER,/);
    expect(failedFile).toMatch(/\r\nHooli,UPDATE,AMER,/);

    // The rows skipped for errors in the file download beside them: as they were in the file, with their problem.
    const [skippedDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /Download skipped-rows-.*\.csv/ }).click(),
    ]);
    const skippedFile = readFileSync(await skippedDownload.path(), 'utf8');
    expect(skippedFile.split('\r\n')[0]).toBe('Organization Name,Operation,Region,Phone Number,Failure Reason');
    expect(skippedFile).toMatch(/\r\n,CREATE,APAC,,/);
    expect(skippedFile).toMatch(/\r\nGlobex,CREATE,Mars,,.*is not an option/);

    // Deleting what the job created asks first, in Atlaskit's danger appearance (red, not the yellow of a warning).
    await page.getByRole('button', { name: 'Delete the 2 organizations this job created' }).click();
    const deleteQuestion = page.getByRole('dialog', { name: /Delete the organizations this job created\?/ });
    await deleteQuestion.waitFor();
    const deleteButton = deleteQuestion.getByRole('button', { name: 'Delete them' });
    const red = await deleteButton.evaluate((button) => getComputedStyle(button).backgroundColor);
    const [r, g, b] = red.match(/\d+/g)!.map(Number);
    expect(r).toBeGreaterThan(150);
    expect(g).toBeLessThan(100);
    expect(b).toBeLessThan(100);
    await shot('2b-delete-question', 'delete-question');
    await deleteQuestion.getByRole('button', { name: 'Go back' }).click();
    await deleteQuestion.waitFor({ state: 'detached' });

    // The admin corrects Hooli (it is to be created) and imports the file as it is, reason column and all.
    const fixed = failedFile.replace('Hooli,UPDATE', 'Hooli,CREATE');
    await page.getByRole('tab', { name: 'Import' }).click();
    await page.setInputFiles('input[type=file]', {
      name: 'failed-rows-fixed.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(fixed),
    });
    await text('Using failed-rows-fixed.csv');
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    await text(/2 rows read \(CSV\): 2 rows ready, 0 rows with errors\./);
    await page.getByText('Create 2', { exact: true }).first().waitFor();
    await page.getByRole('button', { name: 'Start job' }).click();
    await page.getByText('Succeeded', { exact: true }).first().waitFor({ timeout: 30_000 });
    await text('2 of 2 rows done.');
    await shot('3-fixed-file-succeeded');

    // The skipped rows, corrected (a name, a Region the site knows), import as they are too.
    const skippedFixed = skippedFile.replace(',CREATE,APAC,', 'Stark Industries,CREATE,APAC,').replace('Mars', 'APAC');
    await page.getByRole('tab', { name: 'Import' }).click();
    await page.setInputFiles('input[type=file]', {
      name: 'skipped-rows-fixed.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(skippedFixed),
    });
    await text('Using skipped-rows-fixed.csv');
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    await text(/2 rows read \(CSV\): 2 rows ready, 0 rows with errors\./);
    await page.getByRole('button', { name: 'Start job' }).click();
    await page.getByText('Succeeded', { exact: true }).first().waitFor({ timeout: 30_000 });
    await text('Rows: 2 · Created: 2');

    await page.getByRole('button', { name: /All jobs/ }).click();
    const history = page.getByRole('table', { name: 'Jobs' });
    await history.locator('tbody tr').nth(2).waitFor();
    await expect(history.locator('tbody tr').count()).resolves.toBe(3);
    await expect(history.innerText()).resolves.toMatch(
      /Partly succeeded[\s\S]*Succeeded|Succeeded[\s\S]*Partly succeeded/,
    );
    await expect(history.innerText()).resolves.toMatch(/Organization profiles from failed-rows-fixed\.csv, started/);
    await expect(page.locator('.pg-unmapped').count()).resolves.toBe(0);
    await shot('4-history');

    const state = (await (await fetch(new URL('/_emulator/state', playground.url))).json()) as {
      organizations: Array<{ name: string; details: Record<string, string[]> }>;
      tasks: unknown[];
    };
    const byName = new Map(state.organizations.map((org) => [org.name, org]));
    expect([...byName.keys()].sort()).toEqual([
      'Acme Corporation',
      'Globex',
      'Hooli',
      'Initech',
      'Stark Industries',
      'Umbrella',
    ]);
    expect(byName.get('Acme Corporation')?.details.Region).toEqual(['EMEA']);
    expect(byName.get('Initech')?.details.Region).toEqual(['AMER']);
    expect(byName.get('Hooli')?.details.Region).toEqual(['AMER']);
    expect(pageErrors).toEqual([]);
  });

  it('exports the site’s organizations with their ids, as a file the importer reads', async () => {
    await page.goto(playground.url);
    await text('Export organizations');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download organizations.csv' }).click(),
    ]);
    const exported = readFileSync(await download.path(), 'utf8').split('\r\n');
    expect(exported[0]).toBe('Organization Name,Organization ID,Region,Phone Number');
    expect(exported.find((line) => line.startsWith('Acme Corporation,'))).toMatch(/^Acme Corporation,[^,]+,EMEA,/);
    await shot('3b-export', 'export');
  });

  it('resumes a cancelled job: the cancel asks first, then the rows not sent are offered and sent', async () => {
    // One task at a time, so the job is still running when the admin cancels it.
    await page.goto(playground.url);
    await page.getByRole('tab', { name: 'Settings' }).click();
    const cap = page.getByLabel('Task cap');
    // The site's settings arrive first (Pin waits for them): on a loaded machine that takes a moment.
    for (let i = 0; i < 300 && (await cap.inputValue()) === ''; i += 1) await page.waitForTimeout(100);
    await cap.fill('1');
    await page.getByRole('button', { name: 'Pin the cap' }).click();
    await text('New jobs keep up to 1 task open at once.');
    await page.getByRole('tab', { name: 'Import' }).click();

    const rows = ['Organization Name,Region'];
    for (let i = 0; i < 2000; i += 1) rows.push(`Resumed Org ${String(i).padStart(4, '0')},EMEA`);
    await page.setInputFiles('input[type=file]', {
      name: 'resume.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(rows.join('\n')),
    });
    await text('Using resume.csv');
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    await text(/2,000 rows read \(CSV\): 2,000 rows ready/);
    await page.getByRole('button', { name: 'Start job' }).click();
    await text('Tasks open: 1 of 1');

    await page.getByRole('button', { name: 'Cancel job' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel this job?' });
    await dialog.getByRole('button', { name: 'Cancel the job' }).click();
    await page.getByText('Cancelled', { exact: true }).first().waitFor({ timeout: 60_000 });
    const offer = page.getByRole('button', { name: /^Send the [\d,]+ rows not sent$/ });
    await offer.waitFor();
    const notSent = Number(/Send the ([\d,]+) rows/.exec(await offer.innerText())![1].replace(/,/g, ''));
    expect(notSent).toBeGreaterThan(0);
    await shot('5-cancelled', 'cancelled');

    await offer.click();
    await text(/the rows job .* did not send/);
    await page.getByText('Succeeded', { exact: true }).first().waitFor({ timeout: 60_000 });
    await text(`${notSent.toLocaleString('en-US')} of ${notSent.toLocaleString('en-US')} rows done.`);

    const state = (await (await fetch(new URL('/_emulator/state', playground.url))).json()) as {
      organizations: Array<{ name: string }>;
    };
    const resumed = state.organizations.filter((org) => org.name.startsWith('Resumed Org '));
    expect(resumed).toHaveLength(2000);
    expect(new Set(resumed.map((org) => org.name)).size).toBe(2000);
  });

  it('verifies a sync plan and shows the drift, and asks before deleting the plan', async () => {
    await page.goto(playground.url);
    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByLabel('New plan name').fill('CRM export');
    const source = ['Organization Name,Region', 'Sync Acme,EMEA', 'Sync Globex,APAC'].join('\n');
    await page
      .getByRole('tabpanel')
      .locator('input[type=file]')
      .setInputFiles({ name: 'crm.csv', mimeType: 'text/csv', buffer: Buffer.from(source) });
    await page.getByRole('button', { name: 'Add sync plan' }).click();
    await text('Not run yet.');
    await page.getByRole('button', { name: 'Run now' }).click();
    await page.getByText('Applied', { exact: true }).first().waitFor({ timeout: 30_000 });

    // Someone changes Sync Acme's region in CSM by hand.
    const stateUrl = new URL('/_emulator/state', playground.url);
    const state = (await (await fetch(stateUrl)).json()) as {
      organizations: Array<{ name: string; details: Record<string, string[]> }>;
    };
    const acme = state.organizations.find((org) => org.name === 'Sync Acme')!;
    acme.details = { ...acme.details, Region: ['LATAM'] };
    const changed = await fetch(stateUrl, {
      method: 'POST',
      body: JSON.stringify(state),
      headers: { 'content-type': 'application/json' },
    });
    expect(changed.status).toBeLessThan(300);

    await page.getByRole('button', { name: 'Verify' }).click();
    await text('1 organization drifted');
    const drift = page.getByRole('table', { name: 'Drifted organizations of CRM export' });
    await expect(drift.locator('tbody tr').count()).resolves.toBe(1);
    await expect(drift.innerText()).resolves.toMatch(/Sync Acme[\s\S]*Region/);
    await shot('6-sync-drift', 'sync-drift');

    // Delete asks first: Esc keeps the plan, the dialog's button deletes it.
    const question = page.getByRole('dialog', { name: 'Delete the sync plan "CRM export"?' });
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await question.waitFor();
    await page.keyboard.press('Escape');
    await question.waitFor({ state: 'detached' });
    // Read afresh from the app: the plan is still there.
    await page.reload();
    await page.getByRole('tab', { name: 'Settings' }).click();
    await text('Every day at 02:00 UTC, from the uploaded file crm.csv.');
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await question.getByRole('button', { name: 'Delete the plan' }).click();
    await text('No sync plans yet.');
  });
});

// One local runtime per process: this site's playground opens after the first one has closed.
describeIfChromium('the Atlaskit components of the playground, in Chromium', () => {
  jest.setTimeout(60_000);
  let slow: Playground;
  let tab: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(RESULTS, { recursive: true });
    // A site whose tasks take minutes: the job stays open, so its Cancel button and confirmation stay on offer.
    let browser: Browser;
    [slow, browser] = await Promise.all([
      startPlayground({ appRoot: APP_ROOT, fresh: true, taskMs: 600_000, port: 0 }),
      sharedBrowser(),
    ]);
    tab = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    tab.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await tab?.context().close();
    await slow?.close();
  });

  const see = (pattern: string | RegExp) => tab.getByText(pattern).first().waitFor({ timeout: 15_000 });

  it('Select: choosing a kind in the menu changes the page', async () => {
    await tab.goto(slow.url);
    await see('Detail fields on this site: Region, Phone Number.');
    // The Label points at react-select's input; the menu lists real options.
    const kind = tab.getByLabel('What the file changes');
    await kind.click();
    await tab.getByRole('option', { name: 'Organizations', exact: true }).click();
    await see(/^Organizations without details/);
    await tab.getByText('Detail fields on this site', { exact: false }).waitFor({ state: 'detached' });
    await expect(tab.locator('[data-forge-type="Select"]').first().innerText()).resolves.toMatch(/^Organizations$/m);
    await kind.click();
    await tab.getByRole('option', { name: 'Organization profiles', exact: true }).click();
    await see('Detail fields on this site: Region, Phone Number.');
  });

  it('Checkbox: skipping the rows with errors is what allows the start', async () => {
    await tab.setInputFiles('input[type=file]', {
      name: 'organizations.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(CSV),
    });
    await tab.getByRole('button', { name: 'Preview', exact: true }).click();
    await see(/2 rows with errors\./);
    const start = tab.getByRole('button', { name: 'Start job' });
    const skip = tab.getByRole('checkbox', { name: /Skip the 2 rows with errors/ });
    await expect(skip.isChecked()).resolves.toBe(false);
    await expect(start.isDisabled()).resolves.toBe(true);
    await skip.check();
    await expect(skip.isChecked()).resolves.toBe(true);
    await expect(start.isEnabled()).resolves.toBe(true);
    await skip.uncheck();
    await expect(start.isDisabled()).resolves.toBe(true);
    await skip.check();
    await start.click();
    await see(/Tasks open: \d+ of \d+/);
  });

  it('Modal: Esc and a click on the blanket close the cancel question, its footer button cancels', async () => {
    const cancelJob = tab.getByRole('button', { name: 'Cancel job' });
    const dialog = tab.getByRole('dialog', { name: 'Cancel this job?' });
    await cancelJob.click();
    await dialog.waitFor();
    await tab.screenshot({ path: path.join(RESULTS, '5-cancel-question.png') });
    await tab.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    await cancelJob.click();
    await dialog.waitFor();
    await tab.mouse.click(8, 8);
    await dialog.waitFor({ state: 'detached' });
    // Closing asked nothing of the app: read afresh from the app, the job still runs.
    await tab.reload();
    await tab.getByRole('tab', { name: 'Jobs' }).click();
    const jobs = tab.getByRole('table', { name: 'Jobs' });
    await jobs.locator('tbody tr').first().waitFor();
    await expect(jobs.innerText()).resolves.toMatch(/Running/);
    await expect(jobs.innerText()).resolves.not.toMatch(/Cancell/);
    await jobs.getByRole('button', { name: 'Open' }).first().click();
    await cancelJob.waitFor();

    await cancelJob.click();
    await dialog.getByRole('button', { name: 'Cancel the job' }).click();
    await dialog.waitFor({ state: 'detached' });
    await see(/^Cancell(ing|ed)$/);
    expect(pageErrors).toEqual([]);
  });
});
