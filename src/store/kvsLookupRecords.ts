import { kvs } from '@forge/kvs';
import type { LookupRecord } from '../domain/lookup';
import type { LookupRecords } from './appStore';
import { batchDelete, batchGet, queryAll } from './kvsBatch';
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
  // The query gives the keys only: [docs] its values may be a moment old (kvs reference), and the watchdog writes
  // back what it read, so a lookup's last progress would be lost. Each is read by key.
  async running() {
    const keys = (await queryAll<LookupRecord>(LOOKUP_PREFIX)).map(({ key }) => key);
    const found = await batchGet<LookupRecord>(keys, 'the preview lookups');
    return keys.flatMap((key) => found.get(key) ?? []).filter((lookup) => lookup.status === 'RUNNING');
  },
  async startedBefore(before) {
    const lookups = await queryAll<LookupRecord>(LOOKUP_PREFIX);
    return lookups.filter(({ value }) => value.createdAt < before).map(({ value }) => value.id);
  },
};
