import { kvs } from '@forge/kvs';
import { batchDelete, queryAll } from './kvsBatch';
import type { UploadRecords } from './jobStore';
import { uploadPartKey, uploadPrefix } from './keys';

export const kvsUploadRecords: UploadRecords = {
  async putPart(uploadId, part, text) {
    await kvs.set(uploadPartKey(uploadId, part), text);
  },
  async read(uploadId) {
    const parts = await queryAll<string>(uploadPrefix(uploadId));
    return parts.sort((a, b) => a.key.localeCompare(b.key)).map((entry) => entry.value);
  },
  async delete(uploadId) {
    await batchDelete((await queryAll<string>(uploadPrefix(uploadId))).map((entry) => entry.key));
  },
};
