/**
 * npm test's static checks in one process over one TypeScript program: the type-check, ESLint and the offline
 * forge lint. `tsc -p tsconfig.check.json`, the type-aware ESLint (eslint.config.mjs reads types through that same
 * tsconfig) and @forge/lint (which parses every source with type information to report type errors) each built a
 * program and type-checked it: here it is built and checked once, its diagnostics are the type-check's, and ESLint
 * (typescript-eslint's parserOptions.programs) and @forge/lint are handed it. The findings are those of
 * `npm run typecheck`, `eslint .` and `npm run check:manifest`, which stay as they were.
 * Usage: tsx local/checks/static.ts   (exit 1 on any type error, lint error or manifest error)
 */
import path from 'node:path';
import { ESLint } from 'eslint';
import ts from 'typescript';
import { checkApp } from './manifest';

const ROOT = path.resolve(__dirname, '../..');
/** The files eslint.config.mjs lints with type information: those tsconfig.check.json includes. */
const TYPED_FILES = '{src,local,test}/**/*.{ts,tsx}';

/** The program `tsc -p tsconfig.check.json` builds, and the errors it prints. */
export function typeCheck(configFile = path.join(ROOT, 'tsconfig.check.json')): {
  program: ts.Program;
  errors: string;
} {
  const host: ts.FormatDiagnosticsHost = {
    getCanonicalFileName: (name) => name,
    getCurrentDirectory: () => ROOT,
    getNewLine: () => '\n',
  };
  const configErrors: ts.Diagnostic[] = [];
  const parsed = ts.getParsedCommandLineOfConfigFile(
    configFile,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => configErrors.push(diagnostic),
    },
  );
  if (!parsed) throw new Error(ts.formatDiagnostics(configErrors, host));
  const program = ts.createProgram({
    rootNames: parsed.fileNames,
    options: parsed.options,
    projectReferences: parsed.projectReferences,
    configFileParsingDiagnostics: ts.getConfigFileParsingDiagnostics(parsed),
  });
  const diagnostics = [...parsed.errors, ...ts.getPreEmitDiagnostics(program)];
  return { program, errors: diagnostics.length > 0 ? ts.formatDiagnostics(diagnostics, host) : '' };
}

/** ESLint over the app, as `eslint .` runs it, its type-aware rules reading `program`. */
export async function lint(program: ts.Program): Promise<{ errors: number; warnings: number; report: string }> {
  const eslint = new ESLint({
    cwd: ROOT,
    overrideConfig: [{ files: [TYPED_FILES], languageOptions: { parserOptions: { programs: [program] } } }],
  });
  const results = await eslint.lintFiles(['.']);
  const formatter = await eslint.loadFormatter('stylish');
  return {
    errors: results.reduce((sum, result) => sum + result.errorCount, 0),
    warnings: results.reduce((sum, result) => sum + result.warningCount, 0),
    report: await formatter.format(results),
  };
}

async function main(): Promise<number> {
  const { program, errors } = typeCheck();
  if (errors) process.stdout.write(errors);
  const linted = await lint(program);
  if (linted.report) process.stdout.write(linted.report);
  const findings = await checkApp(ROOT, { program });
  for (const finding of findings)
    process.stdout.write(`${finding.level.toUpperCase()} ${finding.where} ${finding.message}\n`);
  const typeErrors = errors ? errors.split('\n').filter((line) => / error TS\d+:/.test(line)).length : 0;
  const manifestErrors = findings.filter((finding) => finding.level === 'error').length;
  process.stdout.write(
    `type-check: ${typeErrors} errors in ${program.getRootFileNames().length} files; ` +
      `eslint: ${linted.errors} errors, ${linted.warnings} warnings; ` +
      `forge lint: ${manifestErrors} errors, ${findings.length - manifestErrors} warnings\n`,
  );
  return errors || linted.errors > 0 || manifestErrors > 0 ? 1 : 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`the static checks could not run: ${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
