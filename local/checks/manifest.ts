/**
 * Offline stand-in for `forge lint`: Atlassian's manifest validator (@forge/manifest) and the
 * client-side rules of @forge/lint, without the rule that downloads API specs.
 * Usage: tsx local/checks/manifest.ts [APP_DIR]   (exit 1 on any error-level finding)
 */
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { validate } from '@forge/manifest';
import type { tsParser } from '@forge/lint';
import type ts from 'typescript';

/**
 * @forge/manifest's validation processors each build a SchemaValidator, and each compiles its own copy of the
 * manifest's JSON schema with ajv: one check compiled 8 schemas in 15 of its 23 s (measured). Validators compiled
 * from equal schemas with equal options are equal, so each distinct one is compiled once: findings are unchanged,
 * the check takes 13 s instead of 23. Patched on the ajv that @forge/manifest itself loads.
 */
function compileEachSchemaOnce(): void {
  const fromManifest = createRequire(require.resolve('@forge/manifest'));
  type AjvLike = {
    opts: Record<string, unknown> & { code: { optimize: number } };
    formats: object;
    RULES: { keywords: object };
  };
  const Ajv = fromManifest('ajv').default as { prototype: { compile: (this: AjvLike, schema: object) => unknown } };
  const compile = Ajv.prototype.compile;
  if ((compile as { cached?: boolean }).cached) return;
  const compiled = new Map<string, unknown>();
  const cachedCompile = function (this: AjvLike, schema: object, ...rest: unknown[]) {
    if (typeof schema !== 'object' || schema === null || rest.length > 0) return compile.call(this, schema);
    // What makes two validators of one schema differ: the options that change the code, the formats and keywords.
    const { allErrors, verbose, strict } = this.opts;
    const key = JSON.stringify([
      allErrors,
      verbose,
      strict,
      Object.keys(this.formats).sort(),
      Object.keys(this.RULES.keywords).sort(),
      schema,
    ]);
    if (!compiled.has(key)) {
      // Without ajv's optimizing pass over the code it generates (dropping unused names, folding constant
      // conditions): on the manifest's 1.5 MB schema that pass took 1 of the compile's 3.5 CPU-s, for a validator
      // run once per check. Keeping the code it would have removed changes no finding (the same on 13 broken manifests).
      this.opts.code.optimize = 0;
      compiled.set(key, compile.call(this, schema));
    }
    return compiled.get(key);
  };
  Ajv.prototype.compile = Object.assign(cachedCompile, { cached: true });
}

interface Finding {
  level: string;
  message: string;
  where: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(tsx?|jsx?)$/.test(name) ? [full] : [];
  });
}

export interface CheckOptions {
  /**
   * A TypeScript program holding the app's sources, which @forge/lint then parses them with. Without it, @forge/lint
   * builds one of tsconfig.json's files as forge lint does, to report each file's type errors: npm test gives the
   * program its type-check built (local/checks/static.ts), whose errors it has reported already.
   */
  program?: ts.Program;
}

export async function checkApp(appDir: string, options: CheckOptions = {}): Promise<Finding[]> {
  compileEachSchemaOnce();
  const previous = process.cwd();
  process.chdir(appDir);
  try {
    const findings: Finding[] = [];
    const validation = await validate(false, 'manifest.yml');
    for (const error of validation.errors ?? []) {
      findings.push({
        level: error.level ?? 'error',
        message: error.message,
        where: `manifest.yml:${error.line ?? '?'}:${error.column ?? '?'}`,
      });
    }
    if (!validation.manifestObject?.typedContent || findings.some((f) => f.level === 'error')) return findings;
    // Loaded once the manifest is valid (this far): loading @forge/lint and the TypeScript it parses with takes a
    // CPU-second, which a check that stops at the manifest's errors does not spend.
    const { getClientSideLintersOnly, lint, parseSourceFile, PermissionLinter } = await import('@forge/lint');
    const manifest = validation.manifestObject.typedContent as Parameters<typeof lint>[1];
    const silent = {
      info: () => undefined,
      warn: () => undefined,
      debug: () => undefined,
      error: () => undefined,
      trace: () => undefined,
    };
    const statsig = { getDeprecatedRuntimes: async () => [] } as unknown as Parameters<typeof lint>[4];
    const linters = (await getClientSideLintersOnly(manifest, 'development', silent as never, statsig)).filter(
      (linter) => !(linter instanceof PermissionLinter),
    );
    const files = sourceFiles('src').map((file) => path.relative('.', file));
    const { program } = options;
    // typescript-estree takes `programs` (@forge/lint's ParseOptions type lists only the options it sets itself).
    const withProgram = { programs: [program] } as Partial<Parameters<typeof tsParser>[2]>;
    const parseFunction = program
      ? (file: string, parser: typeof tsParser) =>
          parseSourceFile(file, (code, filepath) => parser(code, filepath, withProgram))
      : undefined;
    const results = await lint(files, manifest, 'development', silent as never, statsig, {
      linter: { mode: 'client-side' },
      linters,
      parseFunction,
    });
    for (const result of results) {
      for (const error of result.errors)
        findings.push({
          level: 'error',
          message: error.message,
          where: `${result.file}:${error.line}:${error.column}`,
        });
      for (const warning of result.warnings)
        findings.push({
          level: 'warning',
          message: warning.message,
          where: `${result.file}:${warning.line}:${warning.column}`,
        });
    }
    return findings;
  } finally {
    process.chdir(previous);
  }
}

if (require.main === module) {
  const appDir = path.resolve(process.argv[2] ?? '.');
  checkApp(appDir).then(
    (findings) => {
      for (const finding of findings) console.log(`${finding.level.toUpperCase()} ${finding.where} ${finding.message}`);
      const errors = findings.filter((finding) => finding.level === 'error').length;
      console.log(
        `manifest check: ${errors} errors, ${findings.length - errors} warnings (@forge/manifest + offline @forge/lint rules)`,
      );
      process.exit(errors > 0 ? 1 : 0);
    },
    (error) => {
      console.error(`manifest check could not run: ${(error as Error).stack ?? error}`);
      process.exit(1);
    },
  );
}
