// @ts-check
const Sequencer = require('@jest/test-sequencer').default;

/**
 * The suites that took longest on a fresh clone (wall seconds, `CI=true bash .ci/run` on the 2-core machine, read
 * from jest's cache), longest first. Jest runs the longest suites first when it has timed them, but a fresh clone has
 * no timings and jest falls back to file size: the 19 s storage suite, a small file, started last and ran alone at
 * the end. A suite jest has timed keeps its own time; one neither timed nor listed counts as shorter than these,
 * ordered by size. A stale list only orders the run less well: it never changes what runs.
 */
const FRESH_CLONE_SECONDS = {
  'test/playground/browser.test.ts': 72,
  'test/engine/stuckJobs.test.ts': 43,
  'test/cli/bulkUnfinished.test.ts': 37,
  'test/reliability/killedRewrites.test.ts': 32,
  'test/engine/undo.test.ts': 29,
  'test/cli/bulk.test.ts': 29,
  'test/playground/largeFiles.test.ts': 24,
  'test/engine/deleteCreated.test.ts': 22,
  'test/cli/deleteCreated.test.ts': 22,
  'test/platform/storage.test.ts': 19,
  'test/reliability/fuzzInput.test.ts': 19,
  'test/playground/mappingBrowser.test.ts': 17,
  'test/engine/parking.test.ts': 16,
  'test/playground/server.test.ts': 14,
  'test/playground/cleanUpBrowser.test.ts': 14,
  'test/engine/taskCap.test.ts': 14,
  'test/engine/storageConsistency.test.ts': 14,
  'test/reliability/ledgerScenarios.test.ts': 13,
  'test/reliability/sources.test.ts': 13,
  'test/sync/cliSync.test.ts': 12,
  'test/cli/issue22.test.ts': 12,
  'test/engine/followUps.test.ts': 12,
  'test/frontend/largeFile.test.tsx': 11,
  'test/engine/taskPolls.test.ts': 10,
  'test/checks/layers.test.ts': 10,
  'test/checks/bundle.test.ts': 9,
  'test/cli/hostileInput.test.ts': 9,
  'test/domain/import/pieces.test.ts': 9,
  'test/engine/background.test.ts': 9,
  'test/domain/import/hostileInput.test.ts': 8,
};

/** The default sequencer's own reading of its cache (declared private in its types). */
/** @typedef {{ time(test: import('@jest/test-result').Test): number | undefined, hasFailed(test: import('@jest/test-result').Test): boolean }} Timings */

class LongestFirstSequencer extends Sequencer {
  /** @param {import('@jest/test-result').Test[]} tests */
  sort(tests) {
    const cached = () => /** @type {Timings} */ (/** @type {unknown} */ (this));
    /** @param {import('@jest/test-result').Test} test */
    const expected = (test) => {
      const relative = test.path
        .slice(test.context.config.rootDir.length + 1)
        .split('\\')
        .join('/');
      const listed = /** @type {Record<string, number>} */ (FRESH_CLONE_SECONDS)[relative];
      return cached().time(test) ?? (listed === undefined ? 0 : listed * 1000);
    };
    /** @param {import('@jest/test-result').Test} test */
    const size = (test) => test.context.hasteFS.getSize(test.path) ?? 0;
    const keyed = tests.map((test) => ({
      test,
      failed: cached().hasFailed(test),
      ms: expected(test),
      bytes: size(test),
    }));
    keyed.sort((a, b) => Number(b.failed) - Number(a.failed) || b.ms - a.ms || b.bytes - a.bytes);
    return keyed.map(({ test }) => test);
  }
}

module.exports = LongestFirstSequencer;
