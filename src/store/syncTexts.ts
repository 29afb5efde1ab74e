import { kvs } from '@forge/kvs';
import { fnv1a64Hex } from '../domain/plan';
import { readRecord, TEXT_HEAD, type TextHead } from '../domain/records';
import { batchDelete, batchGet, batchSet, queryAll, storageRetryWait } from './kvsBatch';

/** source: the uploaded file; snapshot: what succeeded; pending: what the running job sends; resend: drifted keys. */
/** `removed`: the keys a 'delete' plan's runs found removed from the source, kept aside until the admin deletes them. */
export type SyncText = 'source' | 'snapshot' | 'pending' | 'resend' | 'removed';

/**
 * A sync plan's stored text, in parts addressed by key: its head says which generation of parts is current, how
 * many there are and the hash of them all. [docs] a KVS query may not see the last moment's writes (kvs
 * reference), so parts are never found by a query: a text read right after it was written comes back whole.
 *
 * A write stores the parts of a new generation, then the head that names them, then deletes the old generation:
 * a reader sees the old text or the new one, never a mix. A reader that read the head just before it changed may
 * find the old parts gone: it reads the head again (TEXT_REREAD_DELAYS_MS), then fails in words.
 */
export type { TextHead } from '../domain/records';

export const TEXT_REREAD_DELAYS_MS = [250, 1000];

export const textHeadKey = (planId: string, what: SyncText) => `sync-text-head:${what}:${planId}`;

export async function readHead(planId: string, what: SyncText): Promise<TextHead | undefined> {
  const key = textHeadKey(planId, what);
  const stored = await kvs.get<unknown>(key);
  return stored === undefined ? undefined : readRecord(TEXT_HEAD, key, stored);
}
const textPartKey = (planId: string, what: SyncText, generation: number, part: number) =>
  `sync-text:${what}:${planId}:${generation}:${String(part).padStart(5, '0')}`;
export const textPartKeys = (planId: string, what: SyncText, head: TextHead) =>
  Array.from({ length: head.parts }, (_, part) => textPartKey(planId, what, head.generation, part));

/** Parts are hashed with their boundaries: the same text cut otherwise is another record. */
const hashOf = (parts: readonly string[]) => fnv1a64Hex(parts.join('\u0000\n'));

/** Where texts were kept before heads: found by a query, read only for a plan whose text has no head yet. */
const legacyPrefix = (planId: string, what: SyncText) => `sync-${what}:${planId}:`;
export async function legacyTextKeys(planId: string, what: SyncText): Promise<string[]> {
  return (await queryAll<string>(legacyPrefix(planId, what))).map((entry) => entry.key);
}

/** Thrown when a text's parts do not match its head after the re-reads: the admin's words, and what to do. */
export class SyncTextUnreadable extends Error {
  constructor(what: SyncText, problem: string) {
    super(
      `The sync plan's stored ${TEXT_WORDS[what]} could not be read whole (${problem}), even after reading it ` +
        'again. Nothing was sent. Run the plan again in a minute; if it keeps happening, save the plan with its file again.',
    );
  }
}

const TEXT_WORDS: Record<SyncText, string> = {
  source: 'file',
  snapshot: 'record of what its runs applied',
  pending: 'list of what its running job sends',
  resend: 'list of organizations to send again',
  removed: 'list of organizations removed from its file',
};

export async function readText(planId: string, what: SyncText): Promise<string[]> {
  for (let attempt = 0; ; attempt += 1) {
    const head = await readHead(planId, what);
    if (!head) return readLegacyText(planId, what);
    const keys = textPartKeys(planId, what, head);
    const found = await batchGet<string>(keys, `the parts of the sync plan's ${TEXT_WORDS[what]}`);
    const missing = keys.findIndex((key) => !found.has(key));
    const parts = keys.map((key) => found.get(key) ?? '');
    const problem =
      missing >= 0
        ? `part ${missing + 1} of ${head.parts} is missing`
        : hashOf(parts) !== head.hash
          ? 'its parts do not add up to what was stored'
          : undefined;
    if (problem === undefined) return parts;
    const delay = TEXT_REREAD_DELAYS_MS[attempt];
    if (delay === undefined) throw new SyncTextUnreadable(what, problem);
    await storageRetryWait(delay);
  }
}

async function readLegacyText(planId: string, what: SyncText): Promise<string[]> {
  const parts = await queryAll<string>(legacyPrefix(planId, what));
  return parts.sort((a, b) => (a.key < b.key ? -1 : 1)).map((entry) => entry.value);
}

export async function writeText(planId: string, what: SyncText, parts: string[]): Promise<void> {
  const old = await readHead(planId, what);
  const head: TextHead = { generation: (old?.generation ?? 0) + 1, parts: parts.length, hash: hashOf(parts) };
  const keys = textPartKeys(planId, what, head);
  if (parts.length > 0)
    await batchSet(
      parts.map((value, part) => ({ key: keys[part], value })),
      `the parts of the sync plan's ${TEXT_WORDS[what]}`,
    );
  await kvs.set(textHeadKey(planId, what), head);
  // The old generation, or (the first time) the parts stored before heads: written long ago, so a query sees them.
  const stale = old ? textPartKeys(planId, what, old) : await legacyTextKeys(planId, what);
  await batchDelete(stale, `the old parts of the sync plan's ${TEXT_WORDS[what]}`);
}
