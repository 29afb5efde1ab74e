import { kvs } from '@forge/kvs';
import { fnv1a64Hex } from '../domain/plan/hash';
import { readRecord, versioned } from '../domain/records';
import { mappingNameKey, SAVED_MAPPING, SAVED_MAPPING_NAMES, type SavedMapping } from '../domain/mapping/saved';
import { batchGet } from './kvsBatch';

/** Saved mappings: one key each (a mapping may be 64 KB), and the list of their names under one key, read by key. */
export interface MappingRecords {
  list(): Promise<SavedMapping[]>;
  get(name: string): Promise<SavedMapping | undefined>;
  /** Saves (or replaces, by name) a mapping; false when the site already keeps the most it may and this is a new one. */
  put(saved: SavedMapping, max: number): Promise<boolean>;
  delete(name: string): Promise<void>;
}

const NAMES_KEY = 'site:mapping-names';
const mappingKey = (name: string) => `mapping:${fnv1a64Hex(mappingNameKey(name))}`;

async function names(): Promise<string[]> {
  const stored = await kvs.get<unknown>(NAMES_KEY);
  return stored === undefined ? [] : readRecord(SAVED_MAPPING_NAMES, NAMES_KEY, stored).names;
}

async function putNames(list: string[]): Promise<void> {
  await kvs.set(NAMES_KEY, versioned(SAVED_MAPPING_NAMES, { names: list }));
}

export const kvsMappingRecords: MappingRecords = {
  async list() {
    const keys = (await names()).map(mappingKey);
    if (keys.length === 0) return [];
    const found = await batchGet<unknown>(keys);
    return keys.flatMap((key) => (found.has(key) ? [readRecord(SAVED_MAPPING, key, found.get(key))] : []));
  },
  async get(name) {
    const stored = await kvs.get<unknown>(mappingKey(name));
    return stored === undefined ? undefined : readRecord(SAVED_MAPPING, mappingKey(name), stored);
  },
  async put(saved, max) {
    const list = await names();
    const known = list.some((name) => mappingNameKey(name) === mappingNameKey(saved.name));
    if (!known && list.length >= max) return false;
    // The mapping first, then its name: a name never lists a mapping that is not there.
    await kvs.set(mappingKey(saved.name), versioned(SAVED_MAPPING, saved));
    if (!known) await putNames([...list, saved.name]);
    return true;
  },
  async delete(name) {
    const list = await names();
    await putNames(list.filter((entry) => mappingNameKey(entry) !== mappingNameKey(name)));
    await kvs.delete(mappingKey(name));
  },
};
