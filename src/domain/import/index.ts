export { readImport } from './readImport';
export { detectFormat } from './detectFormat';
export { checkDetailValues, splitCell, type ValueCheck } from './values';
export type { ImportFormat, ImportInput, ImportOptions, ImportProblem, ImportResult, ImportSite } from './types';
