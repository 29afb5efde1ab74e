import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** A source linted as if it were at `filePath` (no file is written). */
interface Probe {
  filePath: string;
  code: string;
}

/**
 * ESLint's Node API (`new ESLint({ cwd })`, `lintText(code, { filePath })`) with the project's eslint.config.mjs, in
 * a child process: ESLint loads its config with a dynamic import, which Jest's module sandbox refuses. Answers each
 * probe's error messages. Without type information (typescript-eslint's disableTypeChecked): a probe is in no
 * TypeScript program, and the layer rule reads imports, not types. That the code as it is passes every rule, the
 * type-aware ones too, is npm test's lint step (`eslint .`), not linted a second time here.
 */
const LINT = `
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
const probes = JSON.parse(await new Promise((resolve) => {
  let text = '';
  process.stdin.on('data', (chunk) => (text += chunk)).on('end', () => resolve(text));
}));
const eslint = new ESLint({ cwd: process.cwd(), overrideConfig: tseslint.configs.disableTypeChecked });
const errors = (result) => result.messages.filter((m) => m.severity === 2).map((m) => m.ruleId + ': ' + m.message);
const answer = { probes: [] };
for (const probe of probes) answer.probes.push(errors((await eslint.lintText(probe.code, { filePath: probe.filePath }))[0]));
process.stdout.write(JSON.stringify(answer));
`;

function lint(probes: Probe[]): { probes: string[][] } {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', LINT], {
    cwd: ROOT,
    input: JSON.stringify(probes),
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`eslint failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout);
}

/** Each breaks one layer rule: lint must report it. */
const BROKEN: [string, Probe][] = [
  [
    'a domain file two folders deep importing the engine',
    {
      filePath: 'src/domain/import/deep/probe.ts',
      code: "import { startJob } from '../../../jobs/lifecycle/startJob';\nexport const probe = startJob;\n",
    },
  ],
  [
    'a domain file one folder deep importing the store',
    { filePath: 'src/domain/import/probe.ts', code: "export { jobStore } from '../../store/jobs';\n" },
  ],
  [
    'a domain file deep re-exporting the engine',
    { filePath: 'src/domain/sync/deep/probe.ts', code: "export * from '../../../jobs/lifecycle/views';\n" },
  ],
  [
    'a domain file deep loading the entry points at run time',
    {
      filePath: 'src/domain/plan/deep/probe.ts',
      code: "export const probe = () => import('../../../resolvers/handlers');\n",
    },
  ],
  [
    'a domain file importing src/clock.ts',
    { filePath: 'src/domain/plan/probe.ts', code: "export { systemClock } from '../../clock';\n" },
  ],
  [
    'a domain file importing a Forge package',
    { filePath: 'src/domain/export/probe.ts', code: "export { kvs } from '@forge/kvs';\n" },
  ],
  [
    'a domain file importing a Node built-in',
    { filePath: 'src/domain/text/probe.ts', code: "export { readFileSync } from 'node:fs';\n" },
  ],
  [
    'a store file importing the engine',
    {
      filePath: 'src/store/probe.ts',
      code: "import { driveJob } from '../jobs/engine/driver';\nexport const probe = driveJob;\n",
    },
  ],
  [
    'a boundary importing another boundary',
    { filePath: 'src/csm/probe.ts', code: "export { jobStore } from '../store/jobs';\n" },
  ],
  [
    'a boundary importing an entry point',
    { filePath: 'src/queue/probe.ts', code: "export type { ResolverAnswers } from '../resolvers/handlers';\n" },
  ],
  [
    'the engine importing a Forge package',
    { filePath: 'src/jobs/probe.ts', code: "export { kvs } from '@forge/kvs';\n" },
  ],
  [
    'the engine importing a subpath of a Forge package',
    {
      filePath: 'src/jobs/engine/probe.ts',
      code: "export type { Transaction } from '@forge/kvs/out/interfaces/transaction';\n",
    },
  ],
  [
    'the engine importing an entry point',
    { filePath: 'src/jobs/engine/probe.ts', code: "export { handlers } from '../../resolvers/handlers';\n" },
  ],
  [
    'the page importing engine types',
    {
      filePath: 'src/frontend/probe.tsx',
      code: "import type { jobView } from '../jobs/lifecycle/views';\nexport type Probe = typeof jobView;\n",
    },
  ],
  [
    'the page importing the handlers',
    {
      filePath: 'src/frontend/probe.ts',
      code: "import type { ResolverAnswers } from '../resolvers/handlers';\nexport type Probe = ResolverAnswers;\n",
    },
  ],
  [
    'the page importing a boundary',
    { filePath: 'src/frontend/probe.ts', code: "export { jobStore } from '../store/jobs';\n" },
  ],
  [
    'the page importing the old answers module, even as types',
    {
      filePath: 'src/frontend/probe.ts',
      code: "import type { JobAnswer } from '../resolvers/answers';\nexport type Probe = JobAnswer;\n",
    },
  ],
  [
    'the page importing an engine file deep down, even as types',
    {
      filePath: 'src/frontend/components/probe.tsx',
      code: "import type { Chunk } from '../../jobs/engine/comparer';\nexport type Probe = Chunk;\n",
    },
  ],
  [
    'the page importing a Forge package of the backend',
    { filePath: 'src/frontend/probe.ts', code: "export { requestJira } from '@forge/api';\n" },
  ],
  [
    'the resolver contract importing the handlers (a cycle)',
    { filePath: 'src/resolvers/contract/answers.ts', code: "export type { ResolverAnswers } from '../handlers';\n" },
  ],
  [
    'src importing local/',
    { filePath: 'src/jobs/engine/probe.ts', code: "export * from '../../../local/runtime/store';\n" },
  ],
  ['a src file in no layer', { filePath: 'src/probe.ts', code: 'export const probe = 1;\n' }],
];

/** Each is an import the layers allow: lint must pass it. */
const LEGAL: [string, Probe][] = [
  [
    'a domain file deep importing the domain',
    { filePath: 'src/domain/import/deep/probe.ts', code: "export { planChunks } from '../../plan';\n" },
  ],
  ['a store file importing the domain', { filePath: 'src/store/probe.ts', code: "export * from '../domain/job';\n" }],
  [
    'the engine importing the domain and the boundaries',
    {
      filePath: 'src/jobs/engine/probe.ts',
      code: "export * from '../../domain/job';\nexport * from '../../store/jobs';\nexport * from '../../csm/client';\n",
    },
  ],
  [
    'the page importing the domain and the contract (its requests and its answers)',
    {
      filePath: 'src/frontend/deep/probe.ts',
      code:
        "export * from '../../domain/limits';\nexport type { ResolverResult } from '../../resolvers/contract';\n" +
        "export type { JobAnswer } from '../../resolvers/contract/answers';\nexport { Text } from '@forge/react';\n",
    },
  ],
  [
    "the engine producing the contract's answer types",
    {
      filePath: 'src/jobs/probe.ts',
      code: "export type { JobAnswer } from '../resolvers/contract';\n",
    },
  ],
  [
    'an entry point importing the engine, a boundary and the contract',
    {
      filePath: 'src/resolvers/probe.ts',
      code: "export * from '../jobs/lifecycle/views';\nexport * from '../platform/runtime';\nexport * from './contract';\n",
    },
  ],
];

/** An error of the layer rules (no-restricted-imports is the rule they replaced: the probes run against it too). */
const LAYER_ERROR = /^(layers\/imports|no-restricted-imports): /;

describe('the layer rules (eslint.config.mjs, local/checks/layerRule.mjs)', () => {
  let answer: { probes: string[][] };
  beforeAll(() => {
    answer = lint([...BROKEN, ...LEGAL].map(([, probe]) => probe));
  }, 120_000);

  it.each(BROKEN.map(([name], index) => [name, index] as const))('lint fails on %s', (_name, index) => {
    expect(answer.probes[index]).not.toEqual([]);
    expect(answer.probes[index].filter((error) => !LAYER_ERROR.test(error))).toEqual([]);
  });

  it.each(LEGAL.map(([name], index) => [name, BROKEN.length + index] as const))('lint passes %s', (_name, index) => {
    expect(answer.probes[index]).toEqual([]);
  });
});
