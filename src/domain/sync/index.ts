export * from './types';
export { isDue, latestOccurrence } from './schedule';
export {
  describeMapping,
  describeMatch,
  describeRunCounts,
  describeSchedule,
  runCounts,
  type RunCounts,
} from './describe';
export { decodeEntries, decodeSnapshot, encodeEntries, encodeSnapshot, type Snapshot } from './snapshot';
export { diffAgainstSnapshot, rowFingerprint, syncKey, type SyncChange, type SyncDiff } from './diff';
export { findDrift, type DriftedRow } from './drift';
export {
  alreadySettled,
  describeRemovedFromSource,
  describeRemovedRun,
  removedLookup,
  removedOnSite,
  removedRows,
  sourceHash,
  withoutDropped,
} from './removed';
