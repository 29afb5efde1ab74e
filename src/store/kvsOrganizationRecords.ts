import { jsonStringBytes, TEXT_PART_MAX_BYTES } from '../domain/text/parts';
import { kvs } from '@forge/kvs';
import { batchDelete, batchGet, batchSet, queryAll } from './kvsBatch';
import type { OrganizationRecords } from './appStore';
import { organizationsCountKey, organizationsKey, organizationsPrefix } from './keys';

const WHAT = "the job's organizations";

/**
 * The job's organizations (the file's keys of them, one a line), in parts of bounded size: a job of 100,000 rows
 * takes about ten. How many parts there are is a key of its own, written after them, so they are read by key: a
 * query may not see what was written in the last moment (kvs reference), and a job started a moment ago is just
 * the one another start must see.
 */
export const kvsOrganizationRecords: OrganizationRecords = {
  async put(jobId, keys) {
    const parts = linesInParts([...new Set(keys)]);
    await batchSet(
      parts.map((value, part) => ({ key: organizationsKey(jobId, part), value })),
      WHAT,
    );
    await kvs.set(organizationsCountKey(jobId), parts.length);
  },
  async read(jobId) {
    const keys = new Set<string>();
    for (const value of await readParts(jobId)) for (const key of value.split('\n')) keys.add(key);
    return keys;
  },
  async delete(jobId) {
    const count = await kvs.get<number>(organizationsCountKey(jobId));
    const named = Array.from({ length: count ?? 0 }, (_, part) => organizationsKey(jobId, part));
    // Jobs started before the count was kept: their parts are old enough for a query to see.
    const legacy = count === undefined ? (await queryAll<string>(organizationsPrefix(jobId))).map((e) => e.key) : [];
    // The count goes first: a reader then takes the parts as gone rather than finding some named and missing.
    await kvs.delete(organizationsCountKey(jobId));
    await batchDelete([...named, ...legacy], WHAT);
  },
};

async function readParts(jobId: string): Promise<string[]> {
  const count = await kvs.get<number>(organizationsCountKey(jobId));
  if (count === undefined) return (await queryAll<string>(organizationsPrefix(jobId))).map((entry) => entry.value);
  const keys = Array.from({ length: count }, (_, part) => organizationsKey(jobId, part));
  // A part named and absent can only be one its job's end is deleting: that job no longer counts.
  const found = await batchGet<string>(keys, WHAT);
  return keys.flatMap((key) => found.get(key) ?? []);
}

/** Whole lines to a part, each part at most TEXT_PART_MAX_BYTES bytes of JSON. */
function linesInParts(lines: string[]): string[] {
  const parts: string[] = [];
  let current: string[] = [];
  let bytes = 2;
  for (const line of lines) {
    const size = jsonStringBytes(line);
    if (current.length > 0 && bytes + size > TEXT_PART_MAX_BYTES) {
      parts.push(current.join('\n'));
      current = [];
      bytes = 2;
    }
    current.push(line);
    bytes += size;
  }
  if (current.length > 0) parts.push(current.join('\n'));
  return parts;
}
