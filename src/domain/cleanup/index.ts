export { absentFromSource } from './absent';
export { DELETION_COLUMNS, MERGE_COLUMNS } from './columns';
export {
  compareIds,
  duplicateCandidates,
  duplicateGroups,
  duplicateKey,
  type CountedOrganization,
  type DuplicateGroup,
} from './duplicates';
export {
  deletionsCsv,
  mergesCsv,
  mergesFileTooLong,
  sourceNames,
  type DeletionCandidate,
  type SourceNames,
} from './files';
