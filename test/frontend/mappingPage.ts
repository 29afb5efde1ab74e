export { CRM_FIELDS as FIELDS, HUBSPOT, HUBSPOT_HEADER } from '../support/hubspotExport';
import { callHandler, type ForgeDocNode } from '../../local/runtime/bridge';
import { findNode, findNodes, tableRows, textOf, type PageHarness } from './pageHarness';

/** The mapping step's tests (issue 25): a site with the fields a CRM export maps to, and how the tests read the step. */

export const STEP = "Match the file's columns";

/** The host hands the page each picked file base64-encoded; the page then says it uses it. */
export async function pick(page: PageHarness, name: string, text: string): Promise<void> {
  const loaded = await page.waitForText('Detail fields on this site');
  await callHandler(findNode(loaded, { type: 'FilePicker' }), 'onChange', [
    { name, type: 'text/csv', size: text.length, data: Buffer.from(text).toString('base64') },
  ]);
  await page.waitForText(`Using ${name}`);
}

export const selectNamed = (doc: ForgeDocNode, name: string) => findNode(doc, { type: 'Select', props: { name } });
export const chosen = (doc: ForgeDocNode, name: string) =>
  (selectNamed(doc, name).props.value as { value: string } | undefined)?.value;
/** Each column of the step: its header, samples and how its target was proposed, then the target ('' left out). */
export const columnsOf = (doc: ForgeDocNode) =>
  tableRows(doc, 'Columns of the file').map(([header, samples, by]) => [
    header,
    samples,
    by,
    chosen(doc, `column:${header}`),
  ]);
/** Each value of a select field's column and the option it goes to ('' none). */
export const valuesOf = (doc: ForgeDocNode, header: string, target: string) =>
  tableRows(doc, `Values of ${header}`).map(([value, rows]) => [value, rows, chosen(doc, `value:${target}:${value}`)]);
/** Chooses an entry of a Select as the host would: only of a Select the admin can use. */
export async function choose(page: PageHarness, name: string, value: string): Promise<void> {
  const select = selectNamed(page.bridge.latestForgeDoc()!, name);
  if (select.props.isDisabled !== false) throw new Error(`The Select ${name} is disabled.`);
  await callHandler(select, 'onChange', { label: value, value });
}

/** The step, once the admin can use it (the saved mappings read: the proposal no longer changes on its own). */
export const stepReady = (page: PageHarness) =>
  page.bridge.waitForDoc(
    (doc) =>
      textOf(doc).includes(STEP) &&
      findNodes(doc, { type: 'Button', text: 'Accept the mapping and preview' }).some(
        (button) => button.props.isDisabled === false,
      ),
  );

export const organizations = (page: PageHarness) =>
  Object.fromEntries(page.emulator.state().organizations.map((org) => [org.name, org.details]));
