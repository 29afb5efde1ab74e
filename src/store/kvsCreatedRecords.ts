import type { CreatedOrganization } from '../domain/job';
import type { CreatedRecords } from './appStore';
import { createdPartKey } from './keys';
import { kvsPartedLists } from './kvsParts';

/** The organizations each chunk's rows created, by id, in parts, as the failed rows are stored. */
export const kvsCreatedRecords: CreatedRecords = kvsPartedLists<CreatedOrganization>(
  createdPartKey,
  'the organizations a job created',
);
