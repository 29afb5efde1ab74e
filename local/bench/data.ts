import type { DetailFieldDefinition } from '../../src/domain/schemas';

/** The site the benchmark files are written for: CSM's default fields plus a multi-select and a date. */
export const SITE_FIELDS: DetailFieldDefinition[] = [
  { name: 'Region', type: 'SELECT', options: ['AMER', 'APAC', 'Asia', 'EMEA', 'LATAM'] },
  { name: 'Phone Number', type: 'PHONE' },
  { name: 'Tier', type: 'SELECT', options: ['Gold', 'Silver', 'Bronze'] },
  { name: 'Products Used', type: 'MULTISELECT', options: ['Jira', 'Confluence', 'Loom', 'Compass'] },
  { name: 'Renewal Date', type: 'DATE' },
];

const REGIONS = ['AMER', 'APAC', 'Asia', 'EMEA', 'LATAM'];
const TIERS = ['Gold', 'Silver', 'Bronze'];
const PRODUCTS = ['Jira', 'Confluence|Loom', 'Compass|Jira|Loom'];

/**
 * A native CSM import file of `rows` organizations, as an admin would bring it; rows `moved` says yes to have their
 * Region one along the list (the same file a month later, with those organizations moved).
 */
export function nativeProfilesCsv(rows: number, moved: (row: number) => boolean = () => false): string {
  const lines = ['Organization Name,Region,Phone Number,Tier,Products Used,Renewal Date'];
  for (let i = 0; i < rows; i += 1) {
    const month = String((i % 12) + 1).padStart(2, '0');
    const day = String((i % 28) + 1).padStart(2, '0');
    lines.push(
      `"Customer ${i}, Ltd",${REGIONS[(i + (moved(i) ? 1 : 0)) % 5]},+1 555 ${String(i % 10_000).padStart(4, '0')},${TIERS[i % 3]},${PRODUCTS[i % 3]},2027-${month}-${day}`,
    );
  }
  return lines.join('\r\n');
}

/** The benchmark site with three text fields besides: room for the longest rows an import or a sync source holds. */
export const WIDE_SITE_FIELDS: DetailFieldDefinition[] = [
  ...SITE_FIELDS,
  { name: 'Notes', type: 'TEXT' },
  { name: 'Address', type: 'TEXT' },
  { name: 'Account Manager', type: 'TEXT' },
];

/**
 * `rows` native rows of about `rowBytes` bytes each: nativeProfilesCsv's columns and three text cells filling the
 * rest (each at most 255 characters, CSM's longest text value). 100,000 rows of 500 bytes are the largest upload
 * (50 MB); of 800 bytes, the largest URL source (80 MB). `typographic`: one row in a hundred has a note with a
 * typographic apostrophe and dash (’ –), as text typed in a CRM has: characters beyond U+00FF.
 */
export function wideProfilesCsv(rows: number, rowBytes: number, typographic = false): string {
  const base = nativeProfilesCsv(rows).split('\r\n');
  const lines = [`${base[0]},Notes,Address,Account Manager`];
  for (let i = 1; i < base.length; i += 1) {
    const room = Math.max(3, rowBytes - base[i].length - 5);
    const cell = (seed: number) => {
      const length = Math.min(255, Math.floor(room / 3));
      const words = typographic && i % 100 === 0 && seed === 1 ? `O’Brien – row ${i} ` : `row ${i} item ${seed} `;
      return words
        .repeat(Math.ceil(length / words.length))
        .slice(0, length)
        .trim();
    };
    lines.push(`${base[i]},${cell(1)},${cell(2)},${cell(3)}`);
  }
  return lines.join('\r\n');
}
