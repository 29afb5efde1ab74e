import { jsonStringBytes, TEXT_PART_MAX_BYTES } from '../domain/text/parts';
import { batchDelete, batchSet, queryAll } from './kvsBatch';
import type { OrganizationRecords } from './appStore';
import { organizationsKey, organizationsPrefix } from './keys';

/** One key a line, in parts of bounded size: a job of 100,000 rows takes about ten. */
export const kvsOrganizationRecords: OrganizationRecords = {
  async put(jobId, keys) {
    const parts = linesInParts([...new Set(keys)]);
    await batchSet(
      parts.map((value, part) => ({ key: organizationsKey(jobId, part), value })),
      "the job's organizations",
    );
  },
  async read(jobId) {
    const keys = new Set<string>();
    for (const { value } of await queryAll<string>(organizationsPrefix(jobId)))
      for (const key of value.split('\n')) keys.add(key);
    return keys;
  },
  async delete(jobId) {
    await batchDelete((await queryAll<string>(organizationsPrefix(jobId))).map((entry) => entry.key));
  },
};

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
