// @ts-check
const vm = require('node:vm');

/**
 * Jest compiles every module again for every test file (vm.compileFunction, no code cache): a suite that starts the
 * local runtime compiles some 650 modules (zod, the @forge packages, the emulator, the app) before its first test,
 * about 0.3 CPU-seconds each time, and npm test runs some 200 such suites. Here each worker compiles a module as a
 * vm.Script instead and, the next time the same file with the same source is asked for, hands V8 the code cache of
 * the last compile, which by then holds every function the last suite ran (Script#createCachedData). The module is
 * still evaluated afresh in each suite's own context: only V8's parsing and bytecode compiling is saved (measured:
 * 26 suites that start the runtime, 9.0 CPU-s without, 5.3 with). V8 checks the cache against the source and
 * rejects a stale one. The function wrapper sits on the module's first line, so line numbers are unchanged.
 */
const compileFunction = vm.compileFunction;
/** @type {Map<string, { source: string, data?: Buffer, script?: vm.Script }>} */
const compiled = new Map();

/** @type {typeof vm.compileFunction} */
function cachingCompileFunction(code, params = [], options = {}) {
  const { filename, parsingContext } = options;
  // Jest passes one (for import() in CommonJS); @types/node 20.9 does not list it.
  const { importModuleDynamically } = /** @type {{ importModuleDynamically?: unknown }} */ (options);
  if (!filename || !parsingContext || options.contextExtensions || options.cachedData || options.produceCachedData)
    return compileFunction(code, params, options);
  const source = `(function (${params.join(', ')}) {${code}\n})`;
  const last = compiled.get(filename);
  const reusable = last?.source === source ? last : undefined;
  if (reusable?.script) {
    reusable.data = reusable.script.createCachedData();
    reusable.script = undefined;
  }
  const script = new vm.Script(source, {
    filename,
    cachedData: reusable?.data,
    importModuleDynamically: /** @type {vm.ScriptOptions['importModuleDynamically']} */ (importModuleDynamically),
  });
  if (!reusable?.data || script.cachedDataRejected) compiled.set(filename, { source, script });
  return script.runInContext(parsingContext);
}

vm.compileFunction = cachingCompileFunction;
