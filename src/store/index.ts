import type { AppStore } from './appStore';
import { kvsReplacedRecords } from './kvsReplacedRecords';
import { kvsChunkRecords } from './kvsChunkRecords';
import { kvsCreatedRecords } from './kvsCreatedRecords';
import { kvsRecycledRecords } from './kvsRecycledRecords';
import { kvsFailureRecords } from './kvsFailureRecords';
import { kvsJobControl } from './kvsJobControl';
import { kvsJobRecords } from './kvsJobRecords';
import { kvsLookupRecords } from './kvsLookupRecords';
import { kvsMappingRecords } from './kvsMappingRecords';
import { kvsOrganizationRecords } from './kvsOrganizationRecords';
import { kvsSiteRecords } from './kvsSiteRecords';
import { kvsSkippedRecords } from './kvsSkippedRecords';
import { kvsUploadRecords } from './kvsUploadRecords';

/** The job store on Forge KVS. */
export const kvsJobStore: AppStore = {
  jobs: kvsJobRecords,
  chunks: kvsChunkRecords,
  failures: kvsFailureRecords,
  replaced: kvsReplacedRecords,
  created: kvsCreatedRecords,
  recycled: kvsRecycledRecords,
  skipped: kvsSkippedRecords,
  organizations: kvsOrganizationRecords,
  control: kvsJobControl,
  site: kvsSiteRecords,
  uploads: kvsUploadRecords,
  lookups: kvsLookupRecords,
  mappings: kvsMappingRecords,
};
