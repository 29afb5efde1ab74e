import type { Mapping } from './mapping/mapping';
import type { ImportFormat } from './import/types';
import type { ImportKind } from './operations';
import type { ChangeCounts } from './preview';

/**
 * A preview's lookup of every row of a file on the site, for files larger than a resolver can look up in time: run
 * by a queue consumer as the admin who asked, a slice an invocation, while the page that asked keeps asking.
 */
export interface LookupRecord {
  id: string;
  ownerAccountId: string;
  kind: ImportKind;
  format?: ImportFormat;
  ignoreColumns: string[];
  /** Every column the kind has no use for left out (see ImportOptions.ignoreUnknownColumns). */
  ignoreUnknownColumns?: boolean;
  /** The mapping the file is read through (see ImportOptions.mapping). */
  mapping?: Mapping;
  /** The file, kept as an upload (a file sent inline is stored as one). */
  uploadId: string;
  status: 'RUNNING' | 'DONE' | 'STOPPED';
  /** Why it stopped, in an admin's words. */
  reason?: string;
  /** Rows of the file to look up, and those looked up so far, from the first. */
  total: number;
  looked: number;
  counts: ChangeCounts;
  createdAt: number;
  updatedAt: number;
  /** A passing problem the last slice ran into (the next one tries again). */
  lastError?: string;
  /** The token of the one queued event that may run the next slice (a duplicate or stale event finds another). */
  slice: string;
}

/** What the page is told of a lookup. */
export type LookupView = Pick<LookupRecord, 'id' | 'status' | 'reason' | 'total' | 'looked' | 'counts' | 'lastError'>;

export function lookupView(lookup: LookupRecord): LookupView {
  const { id, status, reason, total, looked, counts, lastError } = lookup;
  return { id, status, reason, total, looked, counts, lastError };
}
