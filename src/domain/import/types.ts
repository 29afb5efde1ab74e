import type { DetailFieldDefinition } from '../schemas';
import type { FileOperation, ImportKind } from '../operations';
import type { Mapping } from '../mapping/mapping';
import type { SourceText } from '../text/pieces';

export type ImportFormat = 'csv' | 'json';

export interface ImportInput {
  text: string;
  /** Defaults to 'profiles', CSM's native organization CSV. */
  kind?: ImportKind;
  /** Detected from the first non-blank character when absent (`[` or `{` → json). */
  format?: ImportFormat;
}

/**
 * A file whole or in pieces (a sync plan's URL source, its stored file): pieces are read without joining them, and
 * taken: each is emptied once read (text/pieces.ts).
 */
export interface ImportPiecesInput extends Omit<ImportInput, 'text'> {
  text: SourceText;
}

export interface ImportSite {
  detailFields: DetailFieldDefinition[];
}

export interface ImportOptions {
  maxRows?: number;
  /** Columns to leave out entirely (letter case ignored): not read, not reported, not sent. */
  ignoreColumns?: readonly string[];
  /**
   * Leave out every column the kind has no use for, however many (`--ignore-unknown-columns`): listing them in
   * ignoreColumns stops at what one request carries.
   */
  ignoreUnknownColumns?: boolean;
  /**
   * The file's columns and values in the site's words (a CRM export): checked against the site's fields first, then
   * each header read as its target and each translated value as the site's. Problems name the file's own columns.
   */
  mapping?: Mapping;
}

export interface ImportProblem {
  /** null = the whole file. */
  row: number | null;
  column?: string;
  /** The organization the row names (its name, or "Organization 17"), when it names one. */
  organization?: string;
  severity: 'error' | 'warning';
  code: string;
  message: string;
}

export interface ImportResult {
  kind: ImportKind;
  format: ImportFormat;
  rowCount: number;
  headers: string[];
  /** Only the rows without errors. */
  operations: FileOperation[];
  problems: ImportProblem[];
  /** Distinct data rows with at least one error. */
  rowsWithErrors: number;
  /**
   * The kind the file's headers (or JSON shape) say it holds, when they cannot be read as the kind chosen: the page
   * proposes to switch. Absent when the chosen kind fits, or when the file fits no kind clearly.
   */
  suggestedKind?: ImportKind;
  /**
   * Columns the kind has no use for and that were not ignored: each has an `unknown-column` problem, and the file
   * cannot be sent while one remains, although its rows are checked and counted ready.
   */
  unknownColumns: string[];
}

/**
 * An operation before it gets its job-wide index: `index` is 0 until readImport numbers the rows without errors.
 * (Created with the field, so numbering it changes no object's shape.)
 */
export type DraftOperation = FileOperation;
