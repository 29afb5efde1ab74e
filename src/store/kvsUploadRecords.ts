import { ForgeKvsAPIError, kvs } from '@forge/kvs';
import { batchDelete, queryAll } from './kvsBatch';
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
  async readParts(uploadId) {
    const parts = new Map<number, string>();
    for (const { key, value } of await queryAll<string>(uploadPrefix(uploadId))) {
      parts.set(Number(key.slice(key.lastIndexOf(':') + 1)), value);
    }
    return parts;
  },
  async delete(uploadId) {
    const keys = (await queryAll<string>(uploadPrefix(uploadId))).map((entry) => entry.key);
    await batchDelete([...keys, uploadMetaKey(uploadId)]);
  },
  async startedBefore(before) {
    const metas = await queryAll<UploadMeta>(UPLOAD_META_PREFIX);
    return metas.filter(({ value }) => value.createdAt < before).map(({ key }) => key.slice(UPLOAD_META_PREFIX.length));
  },
};
