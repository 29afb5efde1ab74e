import type { RecycledOrganization } from '../domain/deletions';
import type { RecycledRecords } from './appStore';
import { recycledPartKey } from './keys';
import { kvsPartedLists } from './kvsParts';

/** What each deletions chunk's organizations held before they were deleted (the recycle bin), in parts. */
export const kvsRecycledRecords: RecycledRecords = kvsPartedLists<RecycledOrganization>(
  recycledPartKey,
  'what deleted organizations held',
);
