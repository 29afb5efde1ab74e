/**
 * Offline stand-in for the bundling step of `forge deploy`: Atlassian's own @forge/bundler, called the way
 * @forge/cli calls it, on every function handler module and every UI Kit (render: native) resource in manifest.yml.
 * Usage: tsx local/checks/bundle.ts [--fast] [APP_DIR]   (exit 1 on any bundling error; --fast: see BundleOptions)
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  createEntryPointsForResource,
  getEntryPoints,
  getNodeBundler,
  NativeUIBundler,
  type Bundler,
  type EntryPoint,
} from '@forge/bundler';
import ts from 'typescript';
import { ManifestParserBuilder, parseResourceReference, type ManifestSchema } from '@forge/manifest';

export interface BundleEntry {
  name: string;
  kind: 'functions' | 'ui-kit';
  /** Entry files, relative to the app folder. */
  sources: string[];
  ms: number;
  ok: boolean;
}

export interface BundleResult {
  ok: boolean;
  problems: string[];
  /** Webpack warnings. forge deploy prints them and deploys anyway, so they do not fail the check. */
  warnings: string[];
  entries: BundleEntry[];
}

export interface BundleOptions {
  /** Bundle only the entries with these names, as printed: `index` (the handler modules) or a resource key. */
  only?: string[];
  /**
   * Leave out the two steps that find nothing another check does not: ts-loader's type check (`npm run typecheck`
   * checks the same files with the same compiler options: tsconfig.check.json extends tsconfig.json) and the UI Kit
   * bundle's minifying (terser on code that has just compiled). What stays is what only bundling finds: an import
   * that does not resolve, a package webpack cannot pack, a tsconfig.json ts-loader cannot emit with. About 60% of
   * the CPU time; npm test bundles so, `npm run check:bundle` as forge deploy does.
   */
  fast?: boolean;
}

type WebpackConfig = { optimization?: object; module: { rules: { loader?: string; use?: unknown }[] } };
interface ConfigurableBundler extends Bundler {
  getConfigs(args: unknown): Promise<WebpackConfig[]>;
}

/**
 * ts-loader transpiling only emits whatever tsconfig.json says, where forge deploy's ts-loader stops at `noEmit`
 * ("TypeScript emitted no output"): the fast check reads the option itself, through TypeScript's own config parser.
 */
function noEmitProblem(appDir: string): string | undefined {
  const file = ts.findConfigFile(appDir, ts.sys.fileExists, 'tsconfig.json');
  if (!file) return undefined;
  const { config } = ts.readConfigFile(file, ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config ?? {}, ts.sys, path.dirname(file));
  if (!options.noEmit) return undefined;
  return `tsconfig.json: TypeScript emitted no output (forge deploy's ts-loader stops here)\n  fix: ${NO_EMIT_HINT}`;
}

/** The bundler with ts-loader transpiling only and no minifying (see BundleOptions.fast). */
async function fastened(bundler: Bundler): Promise<Bundler> {
  // getNodeBundler answers a ConfigBundler, which picks the bundler the manifest's app.package asks for.
  const picked = 'getBundler' in bundler ? await (bundler as { getBundler(): Promise<Bundler> }).getBundler() : bundler;
  if (!('getConfigs' in picked)) return picked;
  const configurable = picked as ConfigurableBundler;
  const getConfigs = configurable.getConfigs.bind(configurable);
  configurable.getConfigs = async (args) =>
    (await getConfigs(args)).map((config) => ({
      ...config,
      optimization: { ...config.optimization, minimize: false },
      module: { ...config.module, rules: config.module.rules.map(transpilingOnly) },
    }));
  return configurable;
}

function transpilingOnly(rule: { loader?: string; use?: unknown }): { loader?: string; use?: unknown } {
  type Use = { loader?: string; options?: object };
  if (rule.loader === 'ts-loader') return { ...rule, options: { transpileOnly: true } } as typeof rule;
  if (!Array.isArray(rule.use)) return rule;
  const use = (rule.use as Use[]).map((entry) =>
    entry.loader === 'ts-loader' ? { ...entry, options: { ...entry.options, transpileOnly: true } } : entry,
  );
  return { ...rule, use };
}

/**
 * forge deploy downloads the Forge runtime wrapper and loader from Atlassian's CDN and copies them next to the
 * bundle; nothing compiles them in, so empty scripts build the same code without touching the network.
 */
const offlineScript = async () => ({ script: '', source: 'offline', version: 'offline' });
const offlineWrapper = { getNodeRuntimeWrapper: offlineScript, getNodeRuntimeLoader: offlineScript };

/** Fixes for bundler errors whose cause webpack's text does not make obvious. */
const NO_EMIT_HINT =
  'tsconfig.json must not set "noEmit": true, or ts-loader has nothing to bundle; remove it (type checks use tsconfig.check.json).';
const HINTS: [RegExp, string][] = [
  [/TypeScript emitted no output/, NO_EMIT_HINT],
  [
    /Module not found/,
    'an import does not resolve: check the path, or that the package is in package.json dependencies.',
  ],
  [
    /\[tsl\]/,
    'ts-loader type checks while it bundles (for UI Kit: every file tsconfig.json includes); `npm run typecheck` shows the same errors.',
  ],
];

// @forge/cli-shared ConfigFile.getResources + shouldBundleResource: a resource is bundled by forge deploy when the
// module (or its view/edit/... entry point) that uses it says render: native and the resource names no bundler.
const HOSTED_ENTRY_POINTS = ['view', 'edit', 'create', 'contextConfig', 'config', 'target'] as const;
interface Hosted extends Partial<Record<(typeof HOSTED_ENTRY_POINTS)[number], Hosted>> {
  resource?: string;
  render?: string;
}
type UiKitResource = { key: string; path: string; entry?: Record<string, string> };

function uiKitResources(manifest: ManifestSchema): UiKitResource[] {
  const modules = Object.values(manifest.modules ?? {}).flat() as Hosted[];
  const owns = (m: Hosted, key: string) => !!m.resource && parseResourceReference(m.resource).resourceKey === key;
  return ((manifest.resources ?? []) as UiKitResource[]).filter((resource) => {
    if (typeof resource.key !== 'string' || typeof resource.path !== 'string' || 'bundler' in resource) return false;
    const owner =
      modules.find((m) => owns(m, resource.key)) ??
      modules.flatMap((m) => HOSTED_ENTRY_POINTS.flatMap((e) => m[e] ?? [])).find((m) => owns(m, resource.key));
    return owner?.render === 'native';
  });
}

export async function checkBundle(appRoot: string, options: BundleOptions = {}): Promise<BundleResult> {
  const appDir = path.resolve(appRoot);
  const problems: string[] = [];
  const warnings: string[] = [];
  const entries: BundleEntry[] = [];

  // The parser forge deploy reads manifest.yml with (it also fills in ${VARS} from the environment).
  const content = readFileSync(path.join(appDir, 'manifest.yml'), 'utf8');
  const manifest = new ManifestParserBuilder()
    .withInterpolators()
    .build()
    .parseManifest({ content, filePath: 'manifest.yml' });
  const handlers = Array.from(new Set((manifest.modules?.function ?? []).map((f) => f.handler))).flatMap((handler) => {
    const parts = handler.split('.');
    if (parts.length === 2) return [{ module: parts[0], func: parts[1] }];
    problems.push(`manifest.yml: handler "${handler}" must be <file in src/>.<exported function>, e.g. index.run`);
    return [];
  });

  const quiet = () => undefined;
  const logger = {
    traceEnabled: false,
    debugEnabled: false,
    trace: quiet,
    debug: quiet,
    info: quiet,
    warn: (m: string) => warnings.push(m),
    error: quiet,
  };
  // The bundlers write each build to os.tmpdir()/forge-{dist,native-ui}-<pid>-<random> (tmp.dirSync) and never
  // delete it; forge deploy leaves them behind. We remove the ones this run made, failed builds included.
  // (Redirecting TMPDIR would not work under jest, whose process.env is a copy that os.tmpdir() never reads.)
  const ours = new RegExp(`^forge-(dist|native-ui)-${process.pid}-`);
  const before = new Set(readdirSync(tmpdir()));
  if (options.fast) {
    const problem = noEmitProblem(appDir);
    if (problem) return { ok: false, problems: [problem], warnings, entries };
  }
  const previousCwd = process.cwd();
  // forge deploy runs in the app folder: handler modules resolve against ./src, resource paths against ./
  process.chdir(appDir);
  try {
    const jobs: { name: string; kind: BundleEntry['kind']; bundler: Bundler; entryPoints: EntryPoint[] }[] = [];
    // One webpack run for all handler modules, as forge deploy does (RuntimeBundler.packageCode).
    const functionEntries = getEntryPoints(handlers);
    if (functionEntries.length > 0) {
      const bundler = getNodeBundler(logger, offlineWrapper, { readConfig: async () => manifest });
      jobs.push({
        name: functionEntries.map((e) => e.name).join(', '),
        kind: 'functions',
        bundler,
        entryPoints: functionEntries,
      });
    }
    // NativeUIBundler.bundleResources does exactly this per resource, but hides which one failed and how long each took.
    for (const resource of uiKitResources(manifest)) {
      const entryPoints = createEntryPointsForResource(resource.key, resource.path, resource.entry);
      jobs.push({ name: resource.key, kind: 'ui-kit', bundler: new NativeUIBundler(logger), entryPoints });
    }
    for (const job of jobs) {
      if (options.only && !options.only.includes(job.name)) continue;
      const sources = job.entryPoints.map((e) => path.relative(appDir, path.resolve(e.path)));
      const started = Date.now();
      let ok = true;
      try {
        const bundler = options.fast ? await fastened(job.bundler) : job.bundler;
        await bundler.bundle({
          appDirectory: appDir,
          entryPoints: job.entryPoints,
          i18nConfig: manifest.translations,
        });
      } catch (error) {
        ok = false;
        const message = error instanceof Error ? error.message : String(error);
        const hint = HINTS.find(([pattern]) => pattern.test(message));
        problems.push(
          `${job.name} (${job.kind}: ${sources.join(', ')}): ${message}${hint ? `\n  fix: ${hint[1]}` : ''}`,
        );
      }
      entries.push({ name: job.name, kind: job.kind, sources, ms: Date.now() - started, ok });
    }
  } finally {
    process.chdir(previousCwd);
    for (const name of readdirSync(tmpdir())) {
      if (ours.test(name) && !before.has(name)) rmSync(path.join(tmpdir(), name), { recursive: true, force: true });
    }
  }
  return { ok: problems.length === 0, problems, warnings, entries };
}

if (require.main === module) {
  const started = Date.now();
  const args = process.argv.slice(2);
  const fast = args.includes('--fast');
  checkBundle(args.find((arg) => !arg.startsWith('--')) ?? '.', { fast }).then(
    (result) => {
      for (const entry of result.entries)
        console.log(`${entry.ok ? 'bundled' : 'FAILED'} ${entry.name} (${entry.kind}) in ${entry.ms} ms`);
      for (const warning of result.warnings) console.log(`WARNING ${warning}`);
      for (const problem of result.problems) console.error(`ERROR ${problem}`);
      const failed = result.entries.filter((entry) => !entry.ok).length;
      console.log(
        `bundle check: ${result.entries.length - failed}/${result.entries.length} bundled, ${result.problems.length} errors, ` +
          `${result.warnings.length} warnings in ${Date.now() - started} ms (@forge/bundler, ` +
          `${fast ? 'without type checks or minifying' : 'as forge deploy runs it'})`,
      );
      process.exit(result.ok ? 0 : 1);
    },
    (error) => {
      console.error(`bundle check could not run: ${(error as Error).stack ?? error}`);
      process.exit(1);
    },
  );
}
