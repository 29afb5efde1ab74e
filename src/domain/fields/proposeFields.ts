import { MAX_JOB_ROWS } from '../limits';
import { layOutColumns } from '../import/columns';
import { cellAt, readCsvRows, type CsvRowReader } from '../import/csvTable';
import { detectFormat, stripByteOrderMark } from '../import/detectFormat';
import { KNOWN_COLUMNS as DETAILS_COLUMNS } from '../import/detailsCsv';
import { FieldCatalog } from '../import/fieldCatalog';
import { jsonItems } from '../import/json/jsonItems';
import { csvLocator, jsonLocator, ProblemLog } from '../import/problems';
import { KNOWN_COLUMNS as PROFILES_COLUMNS } from '../import/profilesCsv';
import type { ImportInput, ImportSite } from '../import/types';
import { ColumnProfile, type ColumnCell, type FieldProposal } from './inferField';
import { DETAIL_FIELDS_PER_SITE, fieldNameKey, NewFieldSchema } from './newFields';

export interface FieldProposals {
  /** One per name the site has no field for, in the order the file first names them. */
  proposals: FieldProposal[];
  /** What the admin should know before creating them (the site's field limit, names CSM would refuse). */
  notes: string[];
}

/** No file proposes more: a file of 10,000 unknown columns is not one to create fields for. */
export const MAX_PROPOSALS = 200;

const [ID, FIELD, OPERATION, VALUES] = DETAILS_COLUMNS;

/**
 * The detail fields a file names that the site does not have, each with the definition its values suggest:
 * the unknown columns of a profiles file, the unknown `Field` names of a detail values file (from their values), the
 * unknown `details[].name` / `payload.name` of a JSON file. Columns the admin ignores are left out. An organizations
 * file names no field. Problems of the file itself are the preview's to report: here a file that cannot be read
 * simply proposes nothing.
 */
export function proposeFields(
  input: ImportInput,
  site: ImportSite,
  options: { ignoreColumns?: readonly string[] } = {},
): FieldProposals {
  const kind = input.kind ?? 'profiles';
  const text = stripByteOrderMark(input.text);
  const fields = new FieldCatalog(site.detailFields);
  const ignored = new Set((options.ignoreColumns ?? []).map(fieldNameKey));
  const columns = new UnknownNames(fields);
  if (kind === 'profiles' || kind === 'details') {
    try {
      if ((input.format ?? detectFormat(text)) === 'csv') readCsv(text, kind, columns, ignored);
      else readJson(text, kind, columns);
    } catch {
      // An unreadable file has no columns to propose; the preview says why.
    }
  }
  return finish(columns, site);
}

/** Profiles of the names no field matches, by name ignoring case (the first spelling kept). */
class UnknownNames {
  readonly profiles = new Map<string, ColumnProfile>();

  constructor(private readonly fields: FieldCatalog) {}

  /** The profile to add cells to, or undefined when the name is a field's, or one too many. */
  profileOf(name: string): ColumnProfile | undefined {
    const key = fieldNameKey(name);
    const known = this.profiles.get(key);
    if (known !== undefined) return known;
    if (key === '' || this.fields.find(name.trim()) !== undefined) return undefined;
    if (this.profiles.size >= MAX_PROPOSALS) return undefined;
    const profile = new ColumnProfile(name);
    this.profiles.set(key, profile);
    return profile;
  }
}

/** `ignored`: lower-case names of the columns the admin leaves out (a profiles file's columns only). */
function readCsv(text: string, kind: 'profiles' | 'details', names: UnknownNames, ignored: ReadonlySet<string>): void {
  // The log is the preview's business; the layout only needs one to write to.
  const log = new ProblemLog(csvLocator);
  readCsvRows(text, MAX_JOB_ROWS, log, (headers): CsvRowReader => {
    if (kind === 'profiles') {
      const unknown = layOutColumns(headers, PROFILES_COLUMNS, log, ignored).others.flatMap(({ header, index }) => {
        const profile = names.profileOf(header);
        return profile === undefined ? [] : [{ index, profile }];
      });
      return ({ cells }) => {
        for (const { index, profile } of unknown) profile.add(cells[index]);
      };
    }
    const { known } = layOutColumns(headers, DETAILS_COLUMNS, log);
    return ({ cells }) => {
      const name = cellAt(cells, known[FIELD]);
      const profile = name === '' || cellAt(cells, known[ID]) === '' ? undefined : names.profileOf(name);
      // The values a DELETE names are to remove, not to keep: they say nothing of the field.
      if (profile && cellAt(cells, known[OPERATION]).toUpperCase() !== 'DELETE')
        profile.add(cellAt(cells, known[VALUES]));
    };
  });
}

function readJson(text: string, kind: 'profiles' | 'details', names: UnknownNames): void {
  const items = jsonItems(JSON.parse(text), kind, MAX_JOB_ROWS, new ProblemLog(jsonLocator)) ?? [];
  for (const item of items) {
    const entries =
      kind === 'profiles'
        ? listAt(objectAt(item, 'payload'), 'details').map((detail) => ({ detail, values: true }))
        : listAt(item, 'operations').map((operation) => ({
            detail: objectAt(operation, 'payload'),
            // As in a CSV file, the values a DELETE names say nothing of the field.
            values: String((operation as { operationType?: unknown } | null)?.operationType).toUpperCase() !== 'DELETE',
          }));
    for (const entry of entries) {
      const { name, values } = (entry.detail ?? {}) as { name?: unknown; values?: unknown };
      const profile = typeof name === 'string' ? names.profileOf(name) : undefined;
      if (profile && entry.values && Array.isArray(values))
        profile.add(values.filter((value): value is string => typeof value === 'string'));
    }
  }
}

function finish(names: UnknownNames, site: ImportSite): FieldProposals {
  const notes: string[] = [];
  const proposals: FieldProposal[] = [];
  for (const profile of names.profiles.values()) {
    const proposal = profile.infer();
    const checked = NewFieldSchema.safeParse(proposal.field);
    if (checked.success) proposals.push(proposal);
    else
      notes.push(
        `No field can be created for "${proposal.name}": its name ${checked.error.issues[0].message}. Rename the column, or ignore it.`,
      );
  }
  const room = DETAIL_FIELDS_PER_SITE - site.detailFields.length;
  if (proposals.length > room)
    notes.push(
      `The site has ${site.detailFields.length} detail fields and CSM allows ${DETAIL_FIELDS_PER_SITE}: ${room <= 0 ? 'no more fields' : `only ${room} of these ${proposals.length}`} can be created.`,
    );
  if (names.profiles.size >= MAX_PROPOSALS)
    notes.push(`Only the first ${MAX_PROPOSALS} names the site has no field for are proposed.`);
  return { proposals, notes };
}

function objectAt(value: unknown, key: string): Record<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const found = (value as Record<string, unknown>)[key];
  return typeof found === 'object' && found !== null && !Array.isArray(found)
    ? (found as Record<string, unknown>)
    : undefined;
}

function listAt(value: unknown, key: string): unknown[] {
  if (typeof value !== 'object' || value === null) return [];
  const found = (value as Record<string, unknown>)[key];
  return Array.isArray(found) ? found : [];
}

export type { ColumnCell };
