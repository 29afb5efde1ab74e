import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { APP_ROOT, describeIfChromium, openPlayground } from './chromium';

const RESULTS = path.join(APP_ROOT, 'test-results', 'playground');

/**
 * The sizes: large enough to cross the limits each test is about (the 250 rows a preview looks up at once, the
 * 200,000 bytes of an upload's part); the full sizes (20,000 and 12,000 rows) under `npm run test:reliability`.
 */
const FULL_SIZE = Boolean(process.env.RELIABILITY_ROWS);
const PREVIEW_ROWS = FULL_SIZE ? 20_000 : 5_000;
const JAPANESE_ROWS = FULL_SIZE ? 12_000 : 4_000;
const count = (n: number) => n.toLocaleString('en-US');

/** Organizations with Japanese names, every cell quoted: about 3 bytes a character, and quotes to escape. */
function japaneseCsv(rows: number): string {
  const lines = ['"Organization Name","Region","Phone Number"'];
  for (let i = 0; i < rows; i += 1)
    lines.push(`"株式会社さくら商事${String(i).padStart(5, '0')}","APAC","+81 3 5555 ${String(i).padStart(5, '0')}"`);
  return lines.join('\r\n');
}

/** The page with large files: its own playground, so that these long tests run beside the rest (another jest worker). */
describeIfChromium('large files in the playground, in Chromium', () => {
  jest.setTimeout(120_000);
  let opened: Awaited<ReturnType<typeof openPlayground>>;
  let page: Awaited<ReturnType<typeof openPlayground>>['page'];
  let playground: Awaited<ReturnType<typeof openPlayground>>['playground'];
  let text: Awaited<ReturnType<typeof openPlayground>>['text'];

  beforeAll(async () => {
    mkdirSync(RESULTS, { recursive: true });
    opened = await openPlayground({ taskMs: 300, prefix: 'playground-large-' });
    ({ page, playground, text } = opened);
  });
  afterAll(async () => opened?.close());

  /** A picture of the page in test-results/; with UPDATE_SCREENSHOTS=1, also the README's copy in docs/. */
  const shot = async (name: string, readme?: string) => {
    await page.screenshot({ path: path.join(RESULTS, `${name}.png`), fullPage: true });
    if (readme && process.env.UPDATE_SCREENSHOTS)
      await page.screenshot({ path: path.join(APP_ROOT, 'docs', `${readme}.png`), fullPage: true });
  };

  it('previews a large file (20,000 rows at full size): it says which rows the table shows, and the lookup’s progress bar is drawn', async () => {
    const rows = ['Organization Name,Region'];
    for (let i = 0; i < PREVIEW_ROWS; i += 1)
      rows.push(`Large Org ${String(i).padStart(5, '0')},${i === PREVIEW_ROWS / 2 - 1 ? 'Mars' : 'EMEA'}`);
    await page.goto(playground.url);
    await text('Detail fields on this site: Region, Phone Number.');
    await page.setInputFiles('input[type=file]', {
      name: 'large.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(rows.join('\n')),
    });
    await text('Using large.csv');
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    await text(`${count(PREVIEW_ROWS)} rows read (CSV): ${count(PREVIEW_ROWS - 1)} rows ready, 1 row with errors.`);
    await text(
      `The table shows 251 of the file's ${count(PREVIEW_ROWS)} rows: the first 250 rows looked up on the site and the row with problems.`,
    );
    const lookup = page.getByRole('progressbar', { name: "Looking up the file's rows on the site" });
    await lookup.waitFor();
    expect((await lookup.boundingBox())!.width).toBeGreaterThan(100);
    await shot('0-preview-large', 'preview-large');
  });

  it('sends a file of Japanese names (12,000 rows at full size) with every cell quoted: uploaded in parts, previewed, every row present', async () => {
    const csv = japaneseCsv(JAPANESE_ROWS);
    expect(Buffer.byteLength(csv)).toBeGreaterThan(FULL_SIZE ? 500_000 : 200_000);
    await page.goto(playground.url);
    await text('Detail fields on this site: Region, Phone Number.');
    await page.setInputFiles('input[type=file]', { name: 'japan.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await text('Using japan.csv');
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    await text(`${count(JAPANESE_ROWS)} rows read (CSV): ${count(JAPANESE_ROWS)} rows ready`);
    await page.getByRole('button', { name: 'Start job' }).click();
    await page.getByText('Succeeded', { exact: true }).first().waitFor({ timeout: 60_000 });
    await text(`${count(JAPANESE_ROWS)} of ${count(JAPANESE_ROWS)} rows done.`);

    const state = (await (await fetch(new URL('/_emulator/state', playground.url))).json()) as {
      organizations: Array<{ name: string; details: Record<string, string[]> }>;
    };
    const names = new Set(state.organizations.map((org) => org.name));
    for (let i = 0; i < JAPANESE_ROWS; i += 1)
      expect(names.has(`株式会社さくら商事${String(i).padStart(5, '0')}`)).toBe(true);
    const last = String(JAPANESE_ROWS - 1).padStart(5, '0');
    const sample = state.organizations.find((org) => org.name === `株式会社さくら商事${last}`);
    expect(sample?.details).toEqual({ Region: ['APAC'], 'Phone Number': [`+81 3 5555 ${last}`] });
  });
});
