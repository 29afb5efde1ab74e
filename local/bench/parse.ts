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
const csv = nativeProfilesCsv(rows);
let operations = 0;
let chunks = 0;
// Alternate the two so both see the same machine load; the fastest of three of each counts.
const parserOnlyMs = best(3, () => {
  Papa.parse(csv, { header: true, skipEmptyLines: 'greedy' });
});
const appMs = best(3, () => {
  const imported = readImport({ text: csv, kind: 'profiles' }, { detailFields: SITE_FIELDS });
  if (imported.problems.some((problem) => problem.severity === 'error')) throw new Error('benchmark file has errors');
  operations = imported.operations.length;
  chunks = planChunks('bench', imported.operations).length;
});
const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
process.stdout.write(`${JSON.stringify({ rows, bytes: csv.length, parserOnlyMs, appMs, operations, chunks, peakRssMb })}\n`);
