import type { ImportKind } from '../operations';
import type { DetailFieldDefinition } from '../schemas';
import { closestName } from '../suggest';
import { readCsvRows } from '../import/csvTable';
import { stripByteOrderMark } from '../import/detectFormat';
import { csvLocator, ProblemLog } from '../import/problems';
import { fieldType } from '../import/values';
import { mappingTargets, type Mapping } from './mapping';
import { COMMON_COLUMNS, presetFor, REGION_SYNONYMS } from './presets';

/** How a column's target was found, strongest first. */
export type ProposedBy = 'saved' | 'exact' | 'close' | 'preset' | 'none';

export interface ProposedColumn {
  header: string;
  /** null: left out. */
  target: string | null;
  by: ProposedBy;
  /** A few of the column's values, as the file has them. */
  samples: string[];
}

export interface ProposedValue {
  value: string;
  /** The option proposed for it; undefined when none is close (the preview then names the row and the options). */
  option?: string;
  rows: number;
}

export interface ProposedValues {
  header: string;
  target: string;
  options: string[];
  values: ProposedValue[];
}

export interface MappingProposal {
  mapping: Mapping;
  /** The CRM export the headers look like, when one matched. */
  preset?: { id: string; label: string };
  /** The saved mapping the file's headers match, when one does: proposed as it is. */
  saved?: string;
  columns: ProposedColumn[];
  /** Per select field a column goes to: the file's distinct values and the option each goes to. */
  values: ProposedValues[];
}

/** What the proposal looks at in a file: its headers, a few values per column, and each column's distinct values. */
export interface FileSample {
  headers: string[];
  samples: string[][];
  distinct: Map<string, number>[];
}

const SAMPLES = 3;
/** A column with more distinct values than this is no select field's: it is not listed value by value. */
export const MAX_DISTINCT = 200;

/** Reads the whole file once, keeping only what the proposal needs (no rows). Undefined when it has no header row. */
export function sampleCsv(text: string): FileSample | undefined {
  const log = new ProblemLog(csvLocator);
  let sample: FileSample | undefined;
  readCsvRows(stripByteOrderMark(text), Number.MAX_SAFE_INTEGER, log, (headers) => {
    const file: FileSample = {
      headers,
      samples: headers.map(() => []),
      distinct: headers.map(() => new Map<string, number>()),
    };
    sample = file;
    return ({ cells }) => {
      cells.forEach((cell, index) => {
        if (cell === '') return;
        if (file.samples[index].length < SAMPLES && !file.samples[index].includes(cell)) file.samples[index].push(cell);
        const distinct = file.distinct[index];
        if (distinct.size <= MAX_DISTINCT || distinct.has(cell)) distinct.set(cell, (distinct.get(cell) ?? 0) + 1);
      });
    };
  });
  return sample;
}

/**
 * Proposes a target for every column: a saved mapping the headers match; else each column's exact target (letter
 * case ignored), then the closest by spelling ("Phone Numbr" → Phone Number), then what a known CRM export's column
 * goes to; else left out. A target is proposed once. For select fields, each distinct value gets the option it most
 * likely means.
 */
export function proposeMapping(
  file: FileSample,
  kind: ImportKind,
  fields: readonly DetailFieldDefinition[],
  saved: readonly Mapping[] = [],
): MappingProposal {
  const targets = mappingTargets(kind, fields);
  const savedMatch = saved.find((mapping) => savedFits(mapping, file.headers));
  const preset = presetFor(file.headers);
  const chosen = new Map<number, { target: string | null; by: ProposedBy }>();
  const taken = new Set<string>();
  const take = (index: number, target: string | undefined, by: ProposedBy) => {
    if (target === undefined || chosen.has(index) || taken.has(target.toLowerCase())) return;
    chosen.set(index, { target, by });
    taken.add(target.toLowerCase());
  };
  const headers = file.headers;
  if (savedMatch) {
    headers.forEach((header, index) => {
      const entry = Object.entries(savedMatch.columns).find(([name]) => name.toLowerCase() === header.toLowerCase());
      if (entry && entry[1] === null) chosen.set(index, { target: null, by: 'saved' });
      else take(index, entry?.[1] ?? undefined, 'saved');
    });
  }
  headers.forEach((header, index) => take(index, exactTarget(header, targets), 'exact'));
  headers.forEach((header, index) => take(index, closestName(header, unTaken(targets, taken)), 'close'));
  const known = { ...COMMON_COLUMNS, ...(preset?.columns ?? {}) };
  headers.forEach((header, index) => take(index, presetTarget(header, known, unTaken(targets, taken)), 'preset'));

  const columns: ProposedColumn[] = headers.map((header, index) => ({
    header,
    target: chosen.get(index)?.target ?? null,
    by: chosen.get(index)?.by ?? 'none',
    samples: file.samples[index] ?? [],
  }));
  const values = proposeValues(file, columns, fields, savedMatch);
  const mapping: Mapping = {
    columns: Object.fromEntries(columns.map((column) => [column.header, column.target])),
    ...valuesOf(values),
    ...keyOf(savedMatch, preset?.columns, columns, fields),
  };
  return {
    mapping,
    columns,
    values,
    ...(preset ? { preset: { id: preset.id, label: preset.label } } : {}),
    ...(savedMatch?.name ? { saved: savedMatch.name } : {}),
  };
}

/** A saved mapping fits a file that has every column it names. */
function savedFits(mapping: Mapping, headers: readonly string[]): boolean {
  const names = new Set(headers.map((header) => header.toLowerCase()));
  const mapped = Object.keys(mapping.columns);
  return mapped.length > 0 && mapped.every((header) => names.has(header.toLowerCase()));
}

function exactTarget(header: string, targets: readonly string[]): string | undefined {
  return targets.find((target) => target.toLowerCase() === header.trim().toLowerCase());
}

function unTaken(targets: readonly string[], taken: ReadonlySet<string>): string[] {
  return targets.filter((target) => !taken.has(target.toLowerCase()));
}

function presetTarget(
  header: string,
  known: Record<string, readonly string[]>,
  targets: readonly string[],
): string | undefined {
  const entry = Object.entries(known).find(([name]) => name.toLowerCase() === header.trim().toLowerCase());
  for (const candidate of entry?.[1] ?? []) {
    const target = exactTarget(candidate, targets);
    if (target !== undefined) return target;
  }
  return undefined;
}

function proposeValues(
  file: FileSample,
  columns: readonly ProposedColumn[],
  fields: readonly DetailFieldDefinition[],
  saved: Mapping | undefined,
): ProposedValues[] {
  const proposals: ProposedValues[] = [];
  columns.forEach((column, index) => {
    const field = fields.find((candidate) => candidate.name.toLowerCase() === column.target?.toLowerCase());
    if (!field || !field.options?.length || !['SELECT', 'MULTISELECT'].includes(fieldType(field))) return;
    const savedTable = Object.entries(saved?.values ?? {}).find(
      ([target]) => target.toLowerCase() === field.name.toLowerCase(),
    );
    const multi = fieldType(field) === 'MULTISELECT';
    const counts = new Map<string, number>();
    for (const [cell, rows] of file.distinct[index]) {
      for (const value of multi ? cell.split(/[|,]/).map((part) => part.trim()) : [cell]) {
        if (value !== '') counts.set(value, (counts.get(value) ?? 0) + rows);
      }
    }
    const options = field.options;
    proposals.push({
      header: column.header,
      target: field.name,
      options,
      values: [...counts].map(([value, rows]) => {
        const option = savedTable?.[1][value] ?? proposeOption(value, options);
        return option === undefined ? { value, rows } : { value, option, rows };
      }),
    });
  });
  return proposals;
}

/** The option a file value most likely means: itself (letter case ignored), the closest by spelling, a known synonym, its initials. */
export function proposeOption(value: string, options: readonly string[]): string | undefined {
  const wanted = value.trim().toLowerCase();
  const same = options.find((option) => option.toLowerCase() === wanted);
  if (same !== undefined) return same;
  const close = closestName(value, options);
  if (close !== undefined) return close;
  const synonym = options.find((option) => REGION_SYNONYMS[option.toLowerCase()]?.includes(wanted));
  if (synonym !== undefined) return synonym;
  return options.find((option) => option.length >= 2 && initialsMatch(option, value));
}

/** "APAC" for "Asia Pacific": the option's letters appear in order, starting with each word's first letter. */
function initialsMatch(option: string, value: string): boolean {
  const words = value
    .toLowerCase()
    .split(/[\s\-/&]+/)
    .filter((word) => word !== '');
  if (words.length < 2) return false;
  const letters = option.toLowerCase();
  if (!words.every((word) => letters.includes(word[0]))) return false;
  let at = 0;
  for (const letter of words.join(' ')) if (letter === letters[at]) at += 1;
  return at === letters.length && letters[0] === words[0][0];
}

function valuesOf(values: readonly ProposedValues[]): Pick<Mapping, 'values'> {
  const tables: Record<string, Record<string, string>> = {};
  for (const proposal of values) {
    const table: Record<string, string> = {};
    for (const { value, option } of proposal.values)
      if (option !== undefined && option !== value) table[value] = option;
    if (Object.keys(table).length > 0) tables[proposal.target] = table;
  }
  return Object.keys(tables).length > 0 ? { values: tables } : {};
}

/** The key field: a saved mapping's, else the field a CRM's own id column goes to. */
function keyOf(
  saved: Mapping | undefined,
  preset: Record<string, readonly string[]> | undefined,
  columns: readonly ProposedColumn[],
  fields: readonly DetailFieldDefinition[],
): Pick<Mapping, 'key'> {
  if (saved?.key) return { key: saved.key };
  const idColumn = columns.find(
    (column) =>
      column.target !== null &&
      preset?.[column.header]?.[0] === 'CRM Id' &&
      fields.some((field) => field.name === column.target),
  );
  return idColumn?.target ? { key: idColumn.target } : {};
}
