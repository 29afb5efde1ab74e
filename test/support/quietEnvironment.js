// @ts-check
const { TestEnvironment } = require('jest-environment-node');

const METHODS = ['log', 'info', 'warn', 'error', 'debug'];

/**
 * The node test environment, quiet unless a test fails: what the code under test writes to the console is held
 * back, and printed (by jest's own console, with where it came from) only for a test or hook that failed.
 */
class QuietEnvironment extends TestEnvironment {
  /** @type {{ method: string, args: unknown[] }[]} */
  held = [];
  /** @type {Console | undefined} */
  real;

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
