// @ts-check
const { TestEnvironment } = require('jest-environment-node');

const METHODS = ['log', 'info', 'warn', 'error', 'debug'];

const { appendFileSync } = require('node:fs');
// Before jest's runtime compiles a module: V8's code cache across the worker's suites (see compileCache.js).
require('./compileCache');

/**
 * The node test environment, quiet unless a test fails: what the code under test writes to the console is held
 * back, and printed (by jest's own console, with where it came from) only for a test or hook that failed.
 */
class QuietEnvironment extends TestEnvironment {
  /** @type {{ method: string, args: unknown[] }[]} */
  held = [];
  /** @type {Console | undefined} */
  real;
  /** @type {NodeJS.CpuUsage | undefined} */
  cpuAtSetup;
  startedAt = 0;

  /**
   * @param {import('@jest/environment').JestEnvironmentConfig} config
   * @param {import('@jest/environment').EnvironmentContext} context
   */
  constructor(config, context) {
    super(config, context);
    this.testPath = context.testPath;
  }

  async setup() {
    this.cpuAtSetup = process.cpuUsage();
    this.startedAt = Date.now();
    await super.setup();
  }

  /**
   * With SUITE_CPU=FILE, each suite appends a line to FILE: the CPU seconds its worker spent on it (loading its
   * modules included, a browser's or a child process's not), its wall seconds and its path. Where npm test's time
   * goes: `SUITE_CPU=/tmp/suites.tsv npx jest --selectProjects app; sort -rn /tmp/suites.tsv | head`.
   */
  async teardown() {
    await super.teardown();
    const file = process.env.SUITE_CPU;
    if (!file) return;
    const cpu = process.cpuUsage(this.cpuAtSetup);
    const seconds = (micros) => (micros / 1e6).toFixed(2);
    const wall = ((Date.now() - this.startedAt) / 1000).toFixed(2);
    appendFileSync(file, `${seconds(cpu.user + cpu.system)}\t${wall}\t${this.testPath}\n`);
  }

  /** @param {import('jest-circus').Event} event */
  async handleTestEvent(event) {
    if (!this.real && this.global.console) this.hold();
    if (event.name === 'test_start') this.held = [];
    if ((event.name === 'test_done' && event.test.errors.length > 0) || event.name === 'hook_failure') this.release();
  }

  hold() {
    const real = this.global.console;
    this.real = real;
    const quiet = Object.create(real);
    for (const method of METHODS) quiet[method] = (...args) => this.held.push({ method, args });
    this.global.console = quiet;
  }

  release() {
    const real = /** @type {Record<string, (...args: unknown[]) => void>} */ (/** @type {unknown} */ (this.real));
    for (const { method, args } of this.held) real[method](...args);
    this.held = [];
  }
}

module.exports = QuietEnvironment;
