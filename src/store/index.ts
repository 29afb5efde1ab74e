import type { JobStore } from './jobStore';
import { kvsBeforeRecords } from './kvsBeforeRecords';
import { kvsChunkRecords } from './kvsChunkRecords';
import { kvsCreatedRecords } from './kvsCreatedRecords';
import { kvsFailureRecords } from './kvsFailureRecords';
import { kvsJobControl } from './kvsJobControl';
import { kvsJobRecords } from './kvsJobRecords';
import { kvsLookupRecords } from './kvsLookupRecords';
import { kvsOrganizationRecords } from './kvsOrganizationRecords';
import { kvsSiteRecords } from './kvsSiteRecords';
import { kvsSkippedRecords } from './kvsSkippedRecords';
import { kvsUploadRecords } from './kvsUploadRecords';

/** The job store on Forge KVS. */
export const kvsJobStore: JobStore = {
  jobs: kvsJobRecords,
  chunks: kvsChunkRecords,
  failures: kvsFailureRecords,
  befores: kvsBeforeRecords,
  created: kvsCreatedRecords,
  skipped: kvsSkippedRecords,
  organizations: kvsOrganizationRecords,
  control: kvsJobControl,
  site: kvsSiteRecords,
  uploads: kvsUploadRecords,
  lookups: kvsLookupRecords,
};
