import type { DetailFieldDefinition } from '../../local/emulator';
import { callHandler, type ForgeDocNode } from '../../local/runtime/bridge';
import { EVERY_FIELD_TYPE } from '../domain/fixtures';
import { findNode, openAdminPage, type PageHarness } from './pageHarness';

type Answer<T> = { ok: true; data: T } | { ok: false; code: string; message: string };
interface Preview {
  rowsWithErrors: number;
  operations: number;
  problemTotals: { all: number };
  rows: { change: string; note?: string }[];
}

/** Every type the emulator's sites can have (the domain test covers a BOOLEAN field and odd option names too). */
const EVERY_TYPE = EVERY_FIELD_TYPE.filter((field) => field.type !== 'BOOLEAN') as DetailFieldDefinition[];

const SITES: [string, DetailFieldDefinition[] | undefined][] = [
  ['no detail fields', []],
  ['the emulator’s default fields', undefined],
  ['a field of every type', EVERY_TYPE],
];

const DETAILS_HEADER = 'Organization ID,Field,Operation,Values';

const codeBlockText = (doc: ForgeDocNode) => String(findNode(doc, { type: 'CodeBlock' }).props.text);

describe('the import page’s templates come from the site’s fields and preview without a problem', () => {
  let page: PageHarness;
  afterEach(async () => page?.close());

  for (const [site, detailFields] of SITES) {
    it(`on a site with ${site}`, async () => {
      page = await openAdminPage(detailFields ? { detailFields } : {});
      // The organizations the templates name exist, so the preview's look-up finds each row's organization.
      page.emulator.setState({
        ...page.emulator.state(),
        organizations: [
          { id: '17', name: 'Acme Corporation', details: {}, customerIds: [], productIds: [] },
          { id: '18', name: 'Globex', details: {}, customerIds: [], productIds: [] },
        ],
      });
      const fields = page.emulator.state().detailFields.map((field) => field.name);
      const loaded = await page.bridge.waitForDoc((doc) =>
        codeBlockText(doc).startsWith(['Organization Name,Operation', ...fields].join(',')),
      );
      const templates: Record<string, string> = { profiles: codeBlockText(loaded) };
      for (const kind of ['organizations', 'details'] as const) {
        await callHandler(findNode(page.bridge.latestForgeDoc()!, { type: 'Select' }), 'onChange', { value: kind });
        const shown = await page.bridge.waitForDoc((doc) =>
          codeBlockText(doc).startsWith(kind === 'details' ? 'Organization ID,' : 'Organization Name,Operation\n'),
        );
        templates[kind] = codeBlockText(shown);
        // The same template downloads as a file, named for its kind.
        const card = findNode(shown, { type: 'FileCard' });
        expect(card.props.fileName).toBe(`template-${kind}.csv`);
        expect(await ((await callHandler(card, 'onDownload')) as Blob).text()).toBe(templates[kind]);
      }

      // Only the details template of a site without fields has no rows: its header alone.
      const headerOnly = Object.keys(templates).filter((kind) => templates[kind] === DETAILS_HEADER);
      expect(headerOnly).toEqual(fields.length === 0 ? ['details'] : []);
      for (const [kind, text] of Object.entries(templates).filter(([kind]) => !headerOnly.includes(kind))) {
        const answer = await page.runtime.invokeResolver<Answer<Preview>>('previewImport', { kind, text });
        if (!answer.ok) throw new Error(`${kind}: ${answer.message}`);
        expect({ kind, problems: answer.data.problemTotals.all, rowsWithErrors: answer.data.rowsWithErrors }).toEqual({
          kind,
          problems: 0,
          rowsWithErrors: 0,
        });
        expect(answer.data.operations).toBeGreaterThan(0);
        expect(answer.data.rows.filter((row) => row.change === 'error')).toEqual([]);
      }
    });
  }
});
