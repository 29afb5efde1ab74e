import { fileSource } from '../../local/cli/bulkApply';
import { readImport } from '../../src/domain/import';
import type { JobKind } from '../../src/domain/operations';
import { startHarness, writeRequests, type EngineHarness } from '../engine/harness';

const FIELDS = [
  { name: 'Region', type: 'SELECT' as const, options: ['AMER', 'APAC', 'Asia', 'EMEA', 'LATAM'] },
  { name: 'Phone Number', type: 'PHONE' as const },
];

/** A small deterministic generator so a failure can be replayed from its seed. */
function generator(seed: number) {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  return { next, int: (n: number) => Math.floor(next() * n) };
}

function randomBytesText(seed: number, length: number): string {
  const g = generator(seed);
  let text = '';
  for (let i = 0; i < length; i += 1) text += String.fromCharCode(g.int(0x3000));
  return text;
}

const nastyInputs: [string, string][] = [
  ['huge cell', `Organization Name,Region\n"${'x'.repeat(2_000_000)}",EMEA`],
  [
    '10,000 columns',
    `${['Organization Name', ...Array.from({ length: 10_000 }, (_, i) => `Col ${i}`)].join(',')}\nAcme,${'v,'.repeat(9_999)}v`,
  ],
  ['deep JSON', `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
  ['deep JSON object', `[${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}]`],
  [
    'Latin-1 bytes read as UTF-8',
    Buffer.from('Organization Name,Region\nSoci\xe9t\xe9 G\xe9n\xe9rale,EMEA\n', 'latin1').toString('utf8'),
  ],
  ['UTF-16 text', Buffer.from('\ufeffOrganization Name,Region\nAcme,EMEA\n', 'utf16le').toString('utf8')],
  [
    'formula-like cells',
    'Organization Name,Region,Phone Number\n=HYPERLINK("http://x"),EMEA,+1 555\n@SUM(A1),APAC,-1\n',
  ],
  ['unterminated quote', 'Organization Name,Region\n"Acme,EMEA\nGlobex,APAC'],
  ['only a header', 'Organization Name,Region\n'],
  ['NUL bytes', 'Organization Name,Region\nAc\u0000me,EMEA\n'],
  ['JSON of the wrong shape', '{"organizationProfiles": "not a list"}'],
  [
    'JSON with 10,000 bad items',
    JSON.stringify(Array.from({ length: 10_000 }, (_, i) => ({ operationType: 'EXPLODE', payload: i }))),
  ],
];

describe('fuzzed and hostile input', () => {
  const kinds: JobKind[] = ['profiles', 'organizations', 'details'];

  it.each(nastyInputs)('%s: a clear problem, never a crash', (_what, text) => {
    for (const kind of kinds) {
      const result = readImport({ text, kind }, { detailFields: FIELDS });
      expect(Array.isArray(result.problems)).toBe(true);
      for (const problem of result.problems) {
        expect(problem.message.length).toBeGreaterThan(10);
        expect(problem.message.length).toBeLessThan(2_000);
      }
      const errors = result.problems.filter((problem) => problem.severity === 'error');
      // Either the rows are usable as they are (formula-like cells are data), or there is an error saying why not.
      if (result.operations.length === 0) expect(errors.length).toBeGreaterThan(0);
    }
  });

  it('200 random byte files in each kind and format: no crash, and never an operation without a name or id', () => {
    for (let seed = 1; seed <= 200; seed += 1) {
      const text = randomBytesText(seed, 50 + (seed % 7) * 300);
      for (const kind of kinds) {
        for (const format of ['csv', 'json'] as const) {
          const result = readImport({ text, kind, format }, { detailFields: FIELDS });
          for (const op of result.operations) {
            if (op.kind === 'details') expect(op.organizationId).not.toBe('');
            else expect(op.item.payload.name ?? op.item.payload.id).toBeTruthy();
          }
        }
      }
    }
  });

  describe('through the startJob resolver', () => {
    let harness: EngineHarness;
    beforeAll(async () => {
      harness = await startHarness();
    });
    afterAll(async () => harness.close());

    it.each(nastyInputs.filter(([what]) => what !== 'formula-like cells'))(
      '%s: refused with INVALID_INPUT and no request sent',
      async (_what, text) => {
        // As the page sends it: inline when it fits one part, else uploaded in parts.
        const result = await harness.raw('startJob', {
          kind: 'profiles',
          ...(await fileSource(harness.runtime, text)),
        });
        expect(result).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
        expect(writeRequests(harness.emulator.stats())).toBe(0);
      },
    );
  });
});
