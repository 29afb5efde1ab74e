import type { ReplacedValues } from '../domain/replaced';
import type { ReplacedRecords } from './appStore';
import { beforePartKey } from './keys';
import { kvsPartedLists } from './kvsParts';

/** What each chunk's rows replaced, in parts, as the failed rows are stored. */
export const kvsReplacedRecords: ReplacedRecords = kvsPartedLists<ReplacedValues>(
  beforePartKey,
  'what the organizations held before',
);
