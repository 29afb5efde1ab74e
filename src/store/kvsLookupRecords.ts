import { kvs } from '@forge/kvs';
import type { LookupRecord } from '../domain/lookup';
import type { LookupRecords } from './appStore';
import { batchDelete, queryAll } from './kvsBatch';
import { LOOKUP_PREFIX, lookupKey, lookupSeenKey } from './keys';

export const kvsLookupRecords: LookupRecords = {
  async get(lookupId) {
    return kvs.get<LookupRecord>(lookupKey(lookupId));
  },
  async put(lookup) {
    await kvs.set(lookupKey(lookup.id), lookup);
  },
  async markSeen(lookupId, at) {
    await kvs.set(lookupSeenKey(lookupId), at);
  },
  async seenAt(lookupId) {
    return kvs.get<number>(lookupSeenKey(lookupId));
  },
  async delete(lookupId) {
    await batchDelete([lookupKey(lookupId), lookupSeenKey(lookupId)]);
  },
  async running() {
    return (await queryAll<LookupRecord>(LOOKUP_PREFIX))
      .map(({ value }) => value)
      .filter((lookup) => lookup.status === 'RUNNING');
  },
  async startedBefore(before) {
    const lookups = await queryAll<LookupRecord>(LOOKUP_PREFIX);
    return lookups.filter(({ value }) => value.createdAt < before).map(({ value }) => value.id);
  },
};
