import { MAX_TEXT_VALUE_LENGTH } from '../limits';
import { checkDetailValues } from '../import/values';
import { fieldNameKey, MAX_OPTION_LENGTH, OPTIONS_PER_FIELD, type NewField, type NewFieldType } from './newFields';

/** A field proposed for a column (or a `Field` name) the site has no field for. */
export interface FieldProposal {
  /** The name as the file writes it. */
  name: string;
  /** The inferred definition: its values pass the importer's checks once the field exists. */
  field: NewField;
  /** Cells with a value. */
  valueCount: number;
  /** A few distinct values, for the admin to recognise the column. */
  samples: string[];
  /** Why this type, in a sentence. */
  reason: string;
  /** Set when some values would not fit even this field (a text longer than 255 characters). */
  warning?: string;
}

/** A CSV cell as written (split at `|` and `,` as the importer splits a MULTISELECT cell), or JSON `values`. */
export type ColumnCell = string | readonly string[];

/** Types tried in this order when every value fits; SELECT, then TEXT, when none does. */
const TYPED: readonly NewFieldType[] = ['BOOLEAN', 'DATE', 'NUMBER', 'EMAIL', 'URL', 'PHONE'];
const LEADING_ZERO = /^[+-]?0\d/;
/** Shaped like a date: a column of such values, one of them no real date, is text, not phone numbers. */
const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;
/** Fewer digits make a code (a post code, an extension), not a phone number. */
const PHONE_MIN_DIGITS = 7;
const SAMPLES = 5;

/**
 * Reads a column's cells one by one (a 100,000-row file is not held) and infers the field they fit: MULTISELECT when a
 * cell holds several values separated by `|`; BOOLEAN, DATE, NUMBER, EMAIL, URL or PHONE when every value passes the
 * importer's check of that type; SELECT when values repeat (each twice on average, at most 50 of them); TEXT
 * otherwise. Options are the values as written, one per letter case (the importer corrects the case of the others).
 */
export class ColumnProfile {
  private valueCount = 0;
  private multiple = false;
  private longest = 0;
  private readonly typed = new Set<NewFieldType>(TYPED);
  /** Distinct single values, and distinct parts of split cells, by lower case; dropped past the option limit. */
  private singles: Map<string, string> | undefined = new Map();
  private parts: Map<string, string> | undefined = new Map();

  constructor(readonly name: string) {}

  add(cell: ColumnCell): void {
    const fromCsv = typeof cell === 'string';
    const values = fromCsv ? cell.split('|').map((part) => part.trim()) : cell;
    const present = values.filter((value) => value.trim() !== '');
    if (present.length === 0) return;
    this.valueCount += 1;
    if (present.length > 1) this.multiple = true;
    // The cell's parts as the importer reads a MULTISELECT cell: at `|` and at `,`.
    const parts = fromCsv ? cell.split(/[|,]/) : present;
    for (const part of parts) this.parts = remember(this.parts, fromCsv ? part.trim() : part);
    const whole = fromCsv ? cell : present[0];
    this.longest = Math.max(this.longest, whole.length);
    if (present.length === 1) {
      this.singles = remember(this.singles, whole);
      for (const type of this.typed) if (!fits(type, whole)) this.typed.delete(type);
    } else this.typed.clear();
  }

  infer(): FieldProposal {
    const base = { name: this.name, valueCount: this.valueCount };
    const seen = (this.multiple ? this.parts : this.singles) ?? new Map<string, string>();
    const samples = [...seen.values()].slice(0, SAMPLES);
    const proposal = (field: NewField, reason: string, warning?: string): FieldProposal => ({
      ...base,
      field,
      samples,
      reason,
      ...(warning === undefined ? {} : { warning }),
    });
    const name = this.name.trim();
    if (this.valueCount === 0) return proposal({ name, type: 'TEXT' }, 'The column has no values: a text field.');
    if (this.multiple) {
      if (this.parts !== undefined)
        return proposal(
          { name, type: 'MULTISELECT', options: [...this.parts.values()] },
          `Cells hold several values separated by "|": a multi-select field with their ${this.parts.size} distinct values as options.`,
        );
      return this.text(proposal, `Cells hold several values, but more than ${OPTIONS_PER_FIELD} distinct ones`);
    }
    const typed = TYPED.find((type) => this.typed.has(type));
    if (typed !== undefined)
      return proposal({ name, type: typed }, `Every value is ${TYPE_WORDS[typed]}: a ${typed} field.`);
    const distinct = this.singles?.size;
    if (distinct !== undefined && distinct * 2 <= this.valueCount)
      return proposal(
        { name, type: 'SELECT', options: [...(this.singles as Map<string, string>).values()] },
        `${this.valueCount} cells hold ${distinct} distinct values: a select field with them as options.`,
      );
    return this.text(proposal, 'The values do not repeat enough for a select field');
  }

  private text(
    proposal: (field: NewField, reason: string, warning?: string) => FieldProposal,
    why: string,
  ): FieldProposal {
    const warning =
      this.longest > MAX_TEXT_VALUE_LENGTH
        ? `Some values are longer than ${MAX_TEXT_VALUE_LENGTH} characters, the most a text field holds: shorten them, or they stay rows with errors.`
        : undefined;
    const kept = this.multiple ? ' (each cell is kept whole, "|" included)' : '';
    return proposal({ name: this.name.trim(), type: 'TEXT' }, `${why}: a text field${kept}.`, warning);
  }
}

const TYPE_WORDS: Record<NewFieldType, string> = {
  BOOLEAN: 'true or false',
  DATE: 'a date (YYYY-MM-DD)',
  NUMBER: 'a number',
  EMAIL: 'an email address',
  URL: 'a web address',
  PHONE: 'a phone number',
  SELECT: 'an option',
  MULTISELECT: 'a list of options',
  TEXT: 'text',
};

/** Adds a distinct value (one spelling per letter case); past the option limit, or for a too long value, none. */
function remember(seen: Map<string, string> | undefined, value: string): Map<string, string> | undefined {
  if (seen === undefined || value === '') return seen;
  if (value.length > MAX_OPTION_LENGTH) return undefined;
  const key = fieldNameKey(value);
  if (!seen.has(key)) {
    if (seen.size >= OPTIONS_PER_FIELD) return undefined;
    seen.set(key, value);
  }
  return seen;
}

/**
 * Passes the importer's own check of the type (so the field, once created, takes the value), and for NUMBER and
 * PHONE a narrower rule: "007" keeps its zeros only as text, and a phone number has 7 digits or more, no dot (the
 * emulator's PHONE rule, [G], is narrower than the importer's) and is not shaped like a date.
 */
function fits(type: NewFieldType, value: string): boolean {
  // A corrected value passes too: the importer sends "TRUE" as true.
  if (!checkDetailValues({ name: '', type }, [value]).ok) return false;
  if (type === 'NUMBER') return !LEADING_ZERO.test(value);
  if (type === 'PHONE')
    return !value.includes('.') && !DATE_SHAPE.test(value) && (value.match(/\d/g)?.length ?? 0) >= PHONE_MIN_DIGITS;
  return true;
}

/** One column's field, from its cells. */
export function inferField(name: string, cells: Iterable<ColumnCell>): FieldProposal {
  const profile = new ColumnProfile(name);
  for (const cell of cells) profile.add(cell);
  return profile.infer();
}
