import type { OrganizationBefore } from '../domain/before';
import type { BeforeRecords } from './jobStore';
import { beforePartKey } from './keys';
import { kvsPartedLists } from './kvsParts';

/** What each chunk's rows replaced, in parts, as the failed rows are stored. */
export const kvsBeforeRecords: BeforeRecords = kvsPartedLists<OrganizationBefore>(
  beforePartKey,
  'what the organizations held before',
);
