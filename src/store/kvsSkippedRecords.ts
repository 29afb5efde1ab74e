import { kvs } from '@forge/kvs';
import type { SkippedRow } from '../domain/import/skippedRows';
import type { SkippedRecords } from './appStore';
import { skippedHeadersKey, skippedPartKey } from './keys';
import { batchSet } from './kvsBatch';
import { partsOf } from './kvsParts';

/** The rows a job skipped for errors in the file, in parts of bounded size (as the failed rows), and its headers. */
export const kvsSkippedRecords: SkippedRecords = {
  async put(jobId, { headers, rows }) {
    const parts = partsOf(rows);
    await batchSet(
      [
        { key: skippedHeadersKey(jobId), value: headers },
        ...parts.map((value, part) => ({ key: skippedPartKey(jobId, part), value })),
      ],
      'the rows skipped for errors',
    );
    return parts.length;
  },
  async headers(jobId) {
    return (await kvs.get<string[]>(skippedHeadersKey(jobId))) ?? [];
  },
  async part(jobId, part) {
    return (await kvs.get<SkippedRow[]>(skippedPartKey(jobId, part))) ?? [];
  },
};
