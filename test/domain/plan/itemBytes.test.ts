import { chunkRequest, fnv1a64Hex, planChunks, utf8ByteLength } from '../../../src/domain/plan';
import { detailOperationBytes, organizationBytes, profileBytes } from '../../../src/domain/plan/itemBytes';
import type { RowOperation } from '../../../src/domain/operations';
import type { DetailOperation, OrganizationOperation, ProfileOperation } from '../../../src/domain/schemas';

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Strings with escapes, control characters, non-ASCII, surrogate pairs and lone surrogates. */
const PIECES = [
  'a',
  'Z',
  ' ',
  '"',
  '\\',
  '\n',
  '\u0001',
  '\u007f',
  'é',
  '€',
  '😀',
  '\ud800',
  '\udc00',
  '/',
  '<',
  '\u2028',
  'Customer ',
];

function randomItems(next: () => number) {
  const text = () =>
    Array.from({ length: 1 + Math.floor(next() * 10) }, () => PIECES[Math.floor(next() * PIECES.length)]).join('');
  const maybe = <T>(make: () => T): T | undefined => (next() < 0.5 ? make() : undefined);
  const list = () => Array.from({ length: Math.floor(next() * 4) }, text);
  const profile: ProfileOperation = {
    operationType: (['CREATE', 'UPDATE', 'UPSERT'] as const)[Math.floor(next() * 3)],
    payload: {},
  };
  const id = maybe(text);
  const name = maybe(text);
  const details = maybe(() => Array.from({ length: Math.floor(next() * 4) }, () => ({ name: text(), values: list() })));
  const customers = maybe(list);
  const products = maybe(list);
  if (id !== undefined) profile.payload.id = id;
  if (name !== undefined) profile.payload.name = name;
  if (details !== undefined) profile.payload.details = details;
  if (customers !== undefined) profile.payload.associateCustomers = { customerIds: customers };
  if (products !== undefined) profile.payload.associateProducts = { productIds: products };
  const organization: OrganizationOperation = {
    operationType: 'UPDATE',
    payload: id === undefined ? { name: text() } : { id, name: text() },
  };
  const values = maybe(list);
  const detail: DetailOperation = {
    operationType: 'PATCH',
    payload: values === undefined ? { name: text() } : { name: text(), values },
  };
  return { profile, organization, detail };
}

const jsonBytes = (value: unknown) => utf8ByteLength(JSON.stringify(value));

describe("an item's JSON size without building the text, and the key of what is sent", () => {
  it('matches JSON.stringify byte for byte on 3,000 random items of each kind', () => {
    const next = seeded(7);
    for (let i = 0; i < 3_000; i++) {
      const { profile, organization, detail } = randomItems(next);
      expect(profileBytes(profile)).toBe(jsonBytes(profile));
      expect(organizationBytes(organization)).toBe(jsonBytes(organization));
      expect(detailOperationBytes(detail)).toBe(jsonBytes(detail));
    }
  });

  it('counts UTF-8 like TextEncoder, lone surrogates included', () => {
    for (const text of ['😀', '\ud800x', 'x\udc00', 'é€', 'a'.repeat(1000)]) {
      expect(utf8ByteLength(text)).toBe(new TextEncoder().encode(text).length);
    }
    expect(fnv1a64Hex('\ud800')).toBe(fnv1a64Hex('\ufffd'));
  });

  it("gives every chunk the size of its body's JSON text, and a key that hashes the exact text sent", () => {
    const operations: RowOperation[] = Array.from({ length: 250 }, (_, index) => ({
      index,
      row: index + 2,
      kind: 'profiles',
      item: {
        operationType: 'UPSERT',
        payload: { name: `Ünïcode "${index}" \\ 😀`, details: [{ name: 'Region', values: ['EMEA'] }] },
      },
    }));
    const chunks = planChunks('job-1', operations);
    expect(chunks).toHaveLength(3);
    for (const chunk of chunks) {
      const text = JSON.stringify(chunk.body);
      expect(chunk.bytes).toBe(new TextEncoder().encode(text).length);
      const request = chunkRequest('job-1', chunk);
      expect(JSON.stringify(request.body)).toBe(text);
      expect(request.idempotencyKey).toBe(`job-1-${chunk.index}-${fnv1a64Hex(text)}`);
    }
  });
});
