import { callHandler } from '../../local/runtime/bridge';
import { profilesCsv } from '../engine/harness';
import { jsonStringBytes, TEXT_PART_MAX_BYTES } from '../../src/domain/text/parts';
import { findNode, findNodes, openAdminPage, textOf, type PageHarness } from './pageHarness';

describe('the admin page with a 50,000-row file', () => {
  let page: PageHarness;
  beforeAll(async () => {
    page = await openAdminPage();
  });
  afterAll(async () => page.close());

  it('sends the file in parts within the payload limit, with a progress bar, then previews and starts it', async () => {
    const csv = profilesCsv(50_000);
    expect(csv.length).toBeGreaterThan(4 * TEXT_PART_MAX_BYTES);
    const loaded = await page.waitForText('Detail fields on this site');
    await callHandler(findNode(loaded, { type: 'FilePicker' }), 'onChange', [
      { name: 'organizations.csv', type: 'text/csv', size: csv.length, data: Buffer.from(csv).toString('base64') },
    ]);
    await page.waitForText('Using organizations.csv');
    await page.clickButton('Preview');

    const previewed = await page.waitForText('50,000 rows read', 25_000);
    const parts = page.invokes('uploadPart') as Array<{ uploadId: string; part: number; text: string }>;
    expect(parts.length).toBe(Math.ceil(jsonStringBytes(csv) / (TEXT_PART_MAX_BYTES - 2)));
    expect(parts.every((part) => jsonStringBytes(part.text) <= TEXT_PART_MAX_BYTES)).toBe(true);
    expect(new Set(parts.map((part) => part.uploadId)).size).toBe(1);
    expect(parts.map((part) => part.part)).toEqual(parts.map((_, index) => index));
    expect(parts.map((part) => part.text).join('')).toBe(csv);
    expect(page.invokes('previewImport')).toEqual([
      expect.objectContaining({ uploadId: parts[0].uploadId, format: 'csv' }),
    ]);
    expect(page.invokes('previewImport')[0]).not.toHaveProperty('text');
    // Every ForgeDoc crosses the bridge: the file's text must not ride along.
    expect(page.bridge.forgeDocs().some((doc) => JSON.stringify(doc).includes('Org 49999'))).toBe(false);

    const progress = page.bridge
      .forgeDocs()
      .filter((doc) => findNodes(doc, { type: 'ProgressBar', props: { ariaLabel: 'Sending the file' } }).length > 0);
    expect(progress.map((doc) => /Sent (\d+) of/.exec(textOf(doc))?.[1])).toEqual(
      expect.arrayContaining(['0', '1', String(parts.length - 1)]),
    );
    // The preview looked up the first 250 rows; the rest are being looked up in the background.
    expect(textOf(previewed)).toContain('Looking up every row on the site: 250 of 50,000');
    expect(page.invokes('getLookup')).toEqual([]);

    await page.clickButton('Start job');
    const started = await page.waitForText('of 50,000 rows done', 25_000);
    const [startPayload] = page.invokes('startJob');
    expect(startPayload).toMatchObject({ kind: 'profiles', fileName: 'organizations.csv' });
    expect(JSON.stringify(startPayload).length).toBeLessThan(1000);
    expect(textOf(started)).toMatch(/Tasks open: \d+ of 5/);

    // Cancelling asks first; going back sends no cancel.
    await page.clickButton('Cancel job');
    await page.waitForText('no more rows are sent');
    await page.clickButton('Go back');
    expect(page.invokes('cancelJob')).toEqual([]);
    await page.clickButton('Cancel job');
    await page.clickButton('Cancel the job');
    const cancelled = await page.bridge.waitForDoc(
      (doc) => findNodes(doc, { type: 'Lozenge', text: 'Cancelled' }).length > 0,
      { timeoutMs: 25_000 },
    );
    expect(page.invokes('cancelJob')).toHaveLength(1);

    // The rows a cancel left unsent can be sent later, exactly those, by one job.
    const notSent = Number(/Send the ([\d,]+) rows not sent/.exec(textOf(cancelled))?.[1].replace(/,/g, ''));
    expect(notSent).toBeGreaterThan(0);
    await page.clickButton(`Send the ${notSent.toLocaleString('en-US')} rows not sent`);
    const resumed = await page.waitForText(/the rows job .* did not send/, 10_000);
    expect(textOf(resumed)).toContain(`of ${notSent.toLocaleString('en-US')} rows done`);
    expect(page.invokes('resumeJob')).toHaveLength(1);
    await page.clickButton('Cancel job');
    await page.clickButton('Cancel the job');
    await page.bridge.waitForDoc(
      (doc) => /did not send/.test(textOf(doc)) && findNodes(doc, { type: 'Lozenge', text: 'Cancelled' }).length > 0,
      { timeoutMs: 25_000 },
    );
  });
});
