import { nameKey } from '../import/organizationIdentity';

/** An organization of the site as the finders see it: its id, its name and how many members it has. */
export interface CountedOrganization {
  id: string;
  name: string;
  members: number;
}

/** Organizations whose names look alike, the one proposed to stay first. */
export interface DuplicateGroup {
  key: string;
  keep: CountedOrganization;
  merge: CountedOrganization[];
}

/** Punctuation that ends a name without making it another name ("Acme Ltd." is "Acme Ltd"). */
const TRAILING_PUNCTUATION = /[\s.,;:!?]+$/u;
const WHITESPACE_RUN = /\s+/gu;

/**
 * The key under which two names count as the same organization typed twice: Unicode NFC, letter case folded (the
 * locale-independent toLowerCase), runs of white space as one space, trimmed, and trailing `.`, `,`, `;`, `:`, `!`,
 * `?` dropped. "Dup Acme Ltd", "dup  ACME ltd" and "Dup Acme Ltd." share a key; "Dup Acme Holdings" does not.
 */
export function duplicateKey(name: string): string {
  return nameKey(name).replace(WHITESPACE_RUN, ' ').trim().replace(TRAILING_PUNCTUATION, '');
}

/** The ids of the organizations whose key another of them shares: those whose members the duplicates finder counts. */
export function duplicateCandidates(orgs: readonly { id: string; name: string }[]): Set<string> {
  const byKey = new Map<string, string[]>();
  for (const org of orgs) {
    const key = duplicateKey(org.name);
    const ids = byKey.get(key);
    if (ids) ids.push(org.id);
    else byKey.set(key, [org.id]);
  }
  return new Set([...byKey.values()].filter((ids) => ids.length > 1).flat());
}

/**
 * The groups of two or more organizations sharing a key, each with its proposed survivor: the one with the most
 * members, then the oldest (the smallest numeric id); the others merge into it, in that same order. Groups come in the
 * order of their survivors' ids.
 */
export function duplicateGroups(orgs: readonly CountedOrganization[]): DuplicateGroup[] {
  const byKey = new Map<string, CountedOrganization[]>();
  for (const org of orgs) {
    const key = duplicateKey(org.name);
    const group = byKey.get(key);
    if (group) group.push(org);
    else byKey.set(key, [org]);
  }
  const groups: DuplicateGroup[] = [];
  for (const [key, members] of byKey) {
    if (members.length < 2) continue;
    const [keep, ...merge] = [...members].sort(survivorFirst);
    groups.push({ key, keep, merge });
  }
  return groups.sort((a, b) => compareIds(a.keep.id, b.keep.id));
}

function survivorFirst(a: CountedOrganization, b: CountedOrganization): number {
  return b.members - a.members || compareIds(a.id, b.id);
}

/** Ids are decimal digit strings: compared as numbers of any length (a shorter one is smaller), then as text. */
export function compareIds(a: string, b: string): number {
  const numeric = /^\d+$/;
  if (numeric.test(a) && numeric.test(b)) {
    const x = a.replace(/^0+(?=\d)/, '');
    const y = b.replace(/^0+(?=\d)/, '');
    if (x.length !== y.length) return x.length - y.length;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
