/**
 * Child process of the benchmark: times CSV parsing alone (papaparse) and the app's
 * parse + validate + plan on the same file, and reports this process's peak memory.
 * argv: ROWS. Prints one JSON line.
 */
import Papa from 'papaparse';
import { readImport } from '../../src/domain/import';
import { planChunks } from '../../src/domain/plan';
import { nativeProfilesCsv, SITE_FIELDS } from './data';

function best(times: number, run: () => void): number {
  let fastest = Infinity;
  for (let i = 0; i < times; i += 1) {
    const started = process.hrtime.bigint();
    run();
    fastest = Math.min(fastest, Number(process.hrtime.bigint() - started) / 1e6);
  }
  return fastest;
}

const rows = Number(process.argv[2] ?? 50_000);
const mode = process.argv[3] ?? 'time';
const csv = nativeProfilesCsv(rows);
let operations = 0;
let chunks = 0;
const appPass = () => {
  const imported = readImport({ text: csv, kind: 'profiles' }, { detailFields: SITE_FIELDS });
  if (imported.problems.some((problem) => problem.severity === 'error')) throw new Error('benchmark file has errors');
  operations = imported.operations.length;
  chunks = planChunks('bench', imported.operations).length;
};

if (mode === 'memory') {
  // One pass in a process of its own: the peak is what one import costs, not the garbage of timing runs.
  appPass();
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(`${JSON.stringify({ rows, operations, chunks, peakRssMb })}\n`);
} else {
  // The fastest of five of each, alternating so both see the same machine load.
  let parserOnlyMs = Infinity;
  let appMs = Infinity;
  for (let i = 0; i < 5; i += 1) {
    parserOnlyMs = Math.min(parserOnlyMs, best(1, () => Papa.parse(csv, { header: true, skipEmptyLines: 'greedy' })));
    appMs = Math.min(appMs, best(1, appPass));
  }
  process.stdout.write(`${JSON.stringify({ rows, bytes: csv.length, parserOnlyMs, appMs, operations, chunks })}\n`);
}
