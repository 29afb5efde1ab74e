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
