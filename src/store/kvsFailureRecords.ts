import { boundedMessage, type RowFailure } from '../domain/job';
import { FAILURE_PART } from '../domain/records';
import type { FailureRecords } from './appStore';
import { failurePartKey } from './keys';
import { kvsPartedLists } from './kvsParts';

/**
 * A chunk's failed rows, in parts: a chunk of 1,000 detail operations that all failed with long messages still fits,
 * in several parts, within KVS's 240 KiB per value. Messages are cut to the job's bound first.
 */
/** A failure with its message cut to the job's bound. */
export const boundFailure = (failure: RowFailure): RowFailure => ({
  ...failure,
  error: boundedMessage(failure.error) ?? '',
});

export const kvsFailureRecords: FailureRecords = kvsPartedLists<RowFailure>(
  failurePartKey,
  'the failed rows',
  boundFailure,
  FAILURE_PART,
);
