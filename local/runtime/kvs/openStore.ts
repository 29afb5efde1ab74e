import { resolve } from 'node:path';
import { FileStore } from './fileStore';
import { SerializedStore } from './serializedStore';
import { MemoryStore, type KvsStore } from './store';

/**
 * Where a local runtime keeps what the app stores: in memory (the default), in memory with values kept as JSON
 * outside V8's heap (memory measures: serializedStore.ts), or in a file that outlives the process.
 */
export type StoreOption = { kind: 'memory' } | { kind: 'serialized' } | { kind: 'file'; path: string };

export function openStore(option: StoreOption | undefined): KvsStore {
  if (option?.kind === 'file') return new FileStore(resolve(option.path));
  if (option?.kind === 'serialized') return new SerializedStore();
  return new MemoryStore();
}
