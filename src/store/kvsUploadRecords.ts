import { ForgeKvsAPIError, kvs } from '@forge/kvs';
import { batchDelete, batchGet, queryAll } from './kvsBatch';
import type { UploadMeta, UploadRecords } from './appStore';
import { UPLOAD_META_PREFIX, uploadMetaKey, uploadPartKey, uploadPrefix } from './keys';

export const kvsUploadRecords: UploadRecords = {
  async getMeta(uploadId) {
    return kvs.get<UploadMeta>(uploadMetaKey(uploadId));
  },
  async claimMeta(uploadId, meta) {
    try {
      await kvs.set(uploadMetaKey(uploadId), meta, { keyPolicy: 'FAIL_IF_EXISTS' });
    } catch (error) {
      // [unverified] whether Forge refuses the write or skips it silently: either way the stored meta decides.
      const refused =
        error instanceof ForgeKvsAPIError && (error.responseDetails.status === 409 || /EXIST/i.test(error.code));
      if (!refused) throw error;
    }
    return (await kvs.get<UploadMeta>(uploadMetaKey(uploadId))) ?? meta;
  },
  async putPart(uploadId, part, text) {
    await kvs.set(uploadPartKey(uploadId, part), text);
  },
  // By key, as many as the meta says: a query may not see the parts written in the last moment (kvs reference).
  async readParts(uploadId, count) {
    const keys = Array.from({ length: count }, (_, part) => uploadPartKey(uploadId, part));
    const found = await batchGet<string>(keys, 'the parts of the uploaded file');
    const parts = new Map<number, string>();
    keys.forEach((key, part) => {
      const text = found.get(key);
      if (text !== undefined) parts.set(part, text);
    });
    return parts;
  },
  async delete(uploadId) {
    // The meta names every part; the query (of parts a day old, long seen by it) finds any sent beyond its count.
    const meta = await kvs.get<UploadMeta>(uploadMetaKey(uploadId));
    const named = Array.from({ length: meta?.parts ?? 0 }, (_, part) => uploadPartKey(uploadId, part));
    const found = (await queryAll<string>(uploadPrefix(uploadId))).map((entry) => entry.key);
    await batchDelete([...new Set([...named, ...found])], 'the parts of an old uploaded file');
    await kvs.delete(uploadMetaKey(uploadId));
  },
  async startedBefore(before) {
    const metas = await queryAll<UploadMeta>(UPLOAD_META_PREFIX);
    return metas.filter(({ value }) => value.createdAt < before).map(({ key }) => key.slice(UPLOAD_META_PREFIX.length));
  },
};
