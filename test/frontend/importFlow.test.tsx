import { callHandler, changeText, setChecked } from '../../local/runtime/bridge';
import { findNode, findNodes, openAdminPage, textOf, type PageHarness, tableRows } from './pageHarness';

describe('the admin page: import, preview, start, follow, retry', () => {
  let page: PageHarness;
  beforeAll(async () => {
    page = await openAdminPage();
  });
  afterAll(async () => page.close());

  it('previews pasted rows with lozenges and problems per row, runs the job, and closes the loop: failed-rows file, fixed, imported again', async () => {
    await page.waitForText('Import organizations');
    const csv = [
      'Organization Name,Operation,Region',
      'Alpha,CREATE,EMEA',
      'Ghost,UPDATE,APAC',
      'Beta,UPSERT,AMER',
      'Delta,CREATE,Europe',
    ].join('\n');
    await page.bridge.waitForDoc((doc) => findNodes(doc, { type: 'TextArea' }).length > 0);
    await changeText(findNode(page.bridge.latestForgeDoc()!, { type: 'TextArea' }), csv);
    await page.clickButton('Preview');

    const previewed = await page.waitForText('rows read');
    expect(textOf(previewed)).toContain('4 rows read (CSV): 3 rows ready, 1 row with errors.');
    const rows = tableRows(previewed, 'Rows in the file');
    expect(rows.map((cells) => cells.slice(0, 3))).toEqual([
      ['2', 'Alpha', 'Create'],
      ['3', 'Ghost', 'Will fail'],
      ['4', 'Beta', 'Create'],
      ['5', 'Delta', 'Error in file'],
    ]);
    expect(rows[1][3]).toMatch(/does not exist/);
    expect(rows[3][3]).toMatch(/column "Region": "Europe" is not an option/);
    expect(findNode(previewed, { type: 'Button', text: 'Start job' }).props.isDisabled).toBe(true);
    const lozenges = findNodes(previewed, { type: 'Lozenge' }).map(textOf);
    expect(lozenges).toEqual(
      expect.arrayContaining(['Create 2', 'Will fail 1', 'Error in file 1', 'Create', 'Will fail', 'Error in file']),
    );
    expect(findNode(previewed, { type: 'SectionMessage', props: { title: '1 row will probably fail' } })).toBeTruthy();
    expect(findNode(previewed, { type: 'Button', text: 'Start job' }).props.appearance).toBe('warning');

    const onlyProblems = findNode(previewed, { type: 'Checkbox', props: { name: 'onlyProblems' } });
    await setChecked(onlyProblems, true);
    const filtered = await page.bridge.waitForDoc((doc) => tableRows(doc, 'Rows in the file').length === 2);
    expect(tableRows(filtered, 'Rows in the file').map((cells) => cells[0])).toEqual(['3', '5']);
    await setChecked(findNode(filtered, { type: 'Checkbox', props: { name: 'onlyProblems' } }), false);
    await page.bridge.waitForDoc((doc) => tableRows(doc, 'Rows in the file').length === 4);

    const skip = findNode(page.bridge.latestForgeDoc()!, { type: 'Checkbox', props: { name: 'skipInvalid' } });
    expect(skip.props.label).toBe('Skip the 1 row with errors and send the other 3 rows');
    await setChecked(skip, true);
    await page.clickButton('Start job');

    const finished = await page.waitForText('Partly succeeded', 20_000);
    expect(page.invokes('startJob')).toEqual([
      expect.objectContaining({ kind: 'profiles', skipInvalid: true, text: csv }),
    ]);
    // Every number is the ledger's: the skipped row is one of the job's rows.
    expect(textOf(finished)).toContain('4 of 4 rows done.');
    expect(textOf(finished)).toContain('Rows: 4 · Created: 2 · Failed: 1 · Skipped (errors in the file): 1');
    expect(findNode(finished, { type: 'ProgressBar' }).props).toMatchObject({ value: 2 / 3, appearance: 'success' });
    const failed = tableRows(finished, 'Failed rows');
    expect(failed).toHaveLength(1);
    expect(failed[0].slice(0, 2)).toEqual(['3', 'Ghost']);
    expect(failed[0][2]).toMatch(/Ghost|not exist|not found/i);
    // Progress was shown while the job ran, not only at the end.
    expect(page.bridge.forgeDocs().some((doc) => /Tasks open: \d of 5/.test(textOf(doc)))).toBe(true);

    // The failed rows come as an import file: the values sent, and why each failed.
    const card = findNodes(finished, { type: 'FileCard' }).find((node) =>
      String(node.props.fileName).startsWith('failed-rows-'),
    )!;
    expect(card.props.fileName).toMatch(/^failed-rows-.*\.csv$/);
    const blob = (await callHandler(card, 'onDownload')) as Blob;
    const lines = (await blob.text()).split('\r\n');
    expect(lines[0]).toBe('Organization Name,Operation,Region,Failure Reason');
    expect(lines[1]).toMatch(/^Ghost,UPDATE,APAC,.*(not exist|not found)/i);
    // Corrected (Ghost is to be created), it imports as it is.
    const corrected = lines.join('\n').replace('Ghost,UPDATE', 'Ghost,CREATE');
    const again = await page.runtime.invokeResolver<{ ok: true; data: { rowsWithErrors: number; operations: number } }>(
      'previewImport',
      { kind: 'profiles', text: corrected },
    );
    expect(again.data).toMatchObject({ rowsWithErrors: 0, operations: 1 });

    // The row skipped for an error in the file comes as a file too: as it was in the file, with its problem.
    const skippedCard = findNodes(finished, { type: 'FileCard' }).find((node) =>
      String(node.props.fileName).startsWith('skipped-rows-'),
    );
    expect(skippedCard).toBeDefined();
    const skippedLines = (await ((await callHandler(skippedCard!, 'onDownload')) as Blob).text()).split('\r\n');
    expect(skippedLines[0]).toBe('Organization Name,Operation,Region,Failure Reason');
    expect(skippedLines[1]).toMatch(/^Delta,CREATE,Europe,.*""Europe"" is not an option/);
    const skippedFixed = skippedLines.join('\n').replace('Delta,CREATE,Europe', 'Delta,CREATE,EMEA');
    const skippedAgain = await page.runtime.invokeResolver<{
      ok: true;
      data: { rowsWithErrors: number; operations: number };
    }>('previewImport', { kind: 'profiles', text: skippedFixed });
    expect(skippedAgain.data).toMatchObject({ rowsWithErrors: 0, operations: 1 });

    // The row CSM refused for what it holds is not retried as it is: the admin fixes the file and imports it.
    expect(findNodes(finished, { type: 'Button', text: /^Retry/ })).toHaveLength(0);
    await callHandler(findNode(page.bridge.latestForgeDoc()!, { type: 'Tabs' }), 'onChange', 0);
    const importTab = await page.bridge.waitForDoc((doc) => findNodes(doc, { type: 'TextArea' }).length > 0);
    await changeText(findNode(importTab, { type: 'TextArea' }), corrected);
    await page.clickButton('Preview');
    const fixed = await page.waitForText('1 row read (CSV): 1 row ready, 0 rows with errors.');
    expect(tableRows(fixed, 'Rows in the file')).toEqual([['2', 'Ghost', 'Create', '', '']]);
    await page.clickButton('Start job');
    const reimported = await page.bridge.waitForDoc(
      (doc) => /Succeeded/.test(textOf(doc)) && textOf(doc).includes('1 of 1 row done.'),
      { timeoutMs: 20_000 },
    );
    expect(textOf(reimported)).toContain('Rows: 1 · Created: 1');
    expect(page.emulator.state().organizations.find((org) => org.name === 'Ghost')?.details).toEqual({
      Region: ['APAC'],
    });

    await page.clickButton('All jobs');
    const history = await page.bridge.waitForDoc((doc) => tableRows(doc, 'Jobs').length === 2);
    expect(tableRows(history, 'Jobs').map((cells) => cells[1])).toEqual(
      expect.arrayContaining(['Succeeded', 'Partly succeeded']),
    );
  });
});
