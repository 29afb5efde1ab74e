export { readImport } from './readImport';
export { detectFormat } from './detectFormat';
export { checkDetailValues, splitCell, type ValueCheck } from './values';
export type { ImportFormat, ImportInput, ImportOptions, ImportProblem, ImportResult, ImportSite } from './types';
export { problemPage, PROBLEMS_PER_ANSWER, type ProblemPage } from './problemPage';
export { describeUnknownColumns } from './unknownColumns';
export { kindsOfFile, recognizeKind, suggestKind } from './recognizeKind';
export {
  findSameOrganizations,
  identitiesToLookUp,
  idsByName,
  reportSameOrganizations,
  type SameOrganization,
} from './sameOrganization';
