/**
 * Offline stand-in for `forge lint`: Atlassian's manifest validator (@forge/manifest) and the
 * client-side rules of @forge/lint, without the rule that downloads API specs.
 * Usage: tsx local/checks/manifest.ts [APP_DIR]   (exit 1 on any error-level finding)
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { validate } from '@forge/manifest';
import { getClientSideLintersOnly, lint, PermissionLinter } from '@forge/lint';

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

export async function checkApp(appDir: string): Promise<Finding[]> {
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
    const results = await lint(files, manifest, 'development', silent as never, statsig, {
      linter: { mode: 'client-side' },
      linters,
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
