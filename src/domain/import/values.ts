import { MAX_TEXT_VALUE_LENGTH } from '../limits';
import type { DetailFieldDefinition } from '../schemas';
import { closestName } from '../suggest';
import { listForMessage } from './fieldCatalog';

export type ValueCheck =
  { ok: true; values: string[]; corrections: string[] } | { ok: false; code: string; message: string };

export interface ValueCheckOptions {
  /** Removing values: an unknown option is no error (it may be a leftover of a deleted option). */
  removing?: boolean;
}

const MULTI_VALUE_SEPARATOR = /[|,]/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const URL_PATTERN = /^https?:\/\/[^\s/?#]+\.[^\s/?#]+([/?#]\S*)?$/i;
const NUMBER_PATTERN = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const PHONE_PATTERN = /^[0-9 +\-().]+$/;
const DIGIT = /\d/;
const NO_CORRECTIONS: string[] = [];

/** A cell as the field's values: MULTISELECT cells hold several values separated by `|` or `,`; other cells hold one. */
export function splitCell(field: DetailFieldDefinition, cell: string): string[] {
  if (fieldType(field) !== 'MULTISELECT') return cell === '' ? [] : [cell];
  const values: string[] = [];
  for (const part of cell.split(MULTI_VALUE_SEPARATOR)) {
    const value = part.trim();
    if (value !== '') values.push(value);
  }
  return values;
}

const upperCaseTypes = new Map<string, string>();

/** Unknown type strings are validated like TEXT. */
export function fieldType(field: DetailFieldDefinition): string {
  let type = upperCaseTypes.get(field.type);
  if (type === undefined) {
    type = field.type.toUpperCase();
    upperCaseTypes.set(field.type, type);
  }
  return type;
}

/** Checks values against the field's type; select options differing only in case are corrected. */
export function checkDetailValues(
  field: DetailFieldDefinition,
  values: readonly string[],
  options: ValueCheckOptions = {},
): ValueCheck {
  const type = fieldType(field);
  if (type !== 'MULTISELECT' && values.length > 1) {
    return {
      ok: false,
      code: 'too-many-values',
      message: `the field ${field.name} holds one value but ${values.length} were given (${values.join(', ')}). Keep one.`,
    };
  }
  // The common case, one value that is fine as it is, allocates nothing but the answer.
  if (values.length === 1 && values[0].trim() !== '') {
    const verdict = checkOneValue(field, type, values[0], options);
    if (verdict === undefined) return { ok: true, values: values as string[], corrections: NO_CORRECTIONS };
  }
  const checked: string[] = [];
  const corrections: string[] = [];
  for (const value of values) {
    if (value.trim() === '') {
      return {
        ok: false,
        code: 'empty-value',
        message: `a value of the field ${field.name} is empty. Remove it, or fill it in.`,
      };
    }
    const verdict = checkOneValue(field, type, value, options) ?? { ok: true, value };
    if (!verdict.ok) return verdict;
    if (verdict.correction) corrections.push(verdict.correction);
    // Few values per cell: a linear look-up beats building a set.
    if (!checked.includes(verdict.value)) checked.push(verdict.value);
  }
  return { ok: true, values: checked, corrections: corrections.length === 0 ? NO_CORRECTIONS : corrections };
}

/** Undefined when the value is fine as it is. */
type OneValueCheck =
  { ok: true; value: string; correction?: string } | { ok: false; code: string; message: string } | undefined;

function checkOneValue(
  field: DetailFieldDefinition,
  type: string,
  value: string,
  options: ValueCheckOptions,
): OneValueCheck {
  // Whatever the type: a 5,000-digit phone number matches the phone pattern, but no field holds it.
  if (value.length > MAX_TEXT_VALUE_LENGTH) {
    return {
      ok: false,
      code: 'value-too-long',
      message: `the value is ${value.length.toLocaleString('en-US')} characters long; the field ${field.name} holds at most ${MAX_TEXT_VALUE_LENGTH}. Shorten it.`,
    };
  }
  switch (type) {
    case 'SELECT':
    case 'MULTISELECT':
      return checkOption(field, value, options);
    case 'DATE':
      return isRealDate(value)
        ? undefined
        : {
            ok: false,
            code: 'invalid-date',
            message: `"${value}" is not a date. Write dates as YYYY-MM-DD, e.g. 2025-03-31.`,
          };
    case 'EMAIL':
      return EMAIL_PATTERN.test(value)
        ? undefined
        : {
            ok: false,
            code: 'invalid-email',
            message: `"${value}" is not an email address. Write it like name@example.com.`,
          };
    case 'URL':
      return URL_PATTERN.test(value)
        ? undefined
        : {
            ok: false,
            code: 'invalid-url',
            message: `"${value}" is not a web address. Write it with http:// or https://, e.g. https://example.com.`,
          };
    case 'NUMBER':
      return NUMBER_PATTERN.test(value)
        ? undefined
        : {
            ok: false,
            code: 'invalid-number',
            message: `"${value}" is not a number. Use digits with an optional "." for decimals and no thousands separators, e.g. 1234.5.`,
          };
    case 'BOOLEAN':
      return checkBoolean(field, value);
    case 'PHONE':
      return PHONE_PATTERN.test(value) && DIGIT.test(value)
        ? undefined
        : {
            ok: false,
            code: 'invalid-phone',
            message: `"${value}" is not a phone number. Use digits, spaces and + - ( ) . only, e.g. +61 2 9876 5432.`,
          };
    default:
      return undefined;
  }
}

function checkOption(field: DetailFieldDefinition, value: string, options: ValueCheckOptions): OneValueCheck {
  const index = optionIndex(field);
  if (index === undefined || index.exact.has(value)) return undefined;
  const relaxed = index.byLowerCase.get(value.toLowerCase());
  if (relaxed !== undefined) {
    return {
      ok: true,
      value: relaxed,
      correction: `"${value}" was read as the option "${relaxed}" of the field ${field.name}.`,
    };
  }
  if (options.removing) return undefined;
  const suggestion = closestName(value, field.options ?? []);
  const hint = suggestion === undefined ? '' : ` Did you mean "${suggestion}"?`;
  return {
    ok: false,
    code: 'not-an-option',
    message: `"${value}" is not an option of the field ${field.name}.${hint} Use one of: ${listForMessage(field.options ?? [])}.`,
  };
}

/**
 * [G] CSM documents no value format for BOOLEAN fields (the type is listed for the definitions endpoint only, [T]
 * csm-api.md): the stricter reading, `true` or `false`, other letter cases corrected.
 */
function checkBoolean(field: DetailFieldDefinition, value: string): OneValueCheck {
  if (value === 'true' || value === 'false') return undefined;
  const lower = value.toLowerCase();
  if (lower === 'true' || lower === 'false')
    return { ok: true, value: lower, correction: `"${value}" was read as ${lower} for the field ${field.name}.` };
  return {
    ok: false,
    code: 'invalid-boolean',
    message: `"${value}" is not true or false, which is all the field ${field.name} holds. Write true or false.`,
  };
}

interface OptionIndex {
  exact: Set<string>;
  byLowerCase: Map<string, string>;
}

const optionIndexes = new WeakMap<DetailFieldDefinition, OptionIndex | undefined>();

/** Undefined when the site gave no options for the field: then any value is let through. */
function optionIndex(field: DetailFieldDefinition): OptionIndex | undefined {
  if (optionIndexes.has(field)) return optionIndexes.get(field);
  let index: OptionIndex | undefined;
  if (field.options && field.options.length > 0) {
    index = { exact: new Set(field.options), byLowerCase: new Map() };
    for (const option of field.options) {
      const lower = option.toLowerCase();
      if (!index.byLowerCase.has(lower)) index.byLowerCase.set(lower, option);
    }
  }
  optionIndexes.set(field, index);
  return index;
}

function isRealDate(value: string): boolean {
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
