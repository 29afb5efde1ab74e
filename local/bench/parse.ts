/**
 * Child process of the benchmark: times CSV parsing alone (papaparse, in two configurations) and the app's
 * parse + validate + plan on the same file, and reports this process's peak memory.
 * argv: ROWS MODE (time | memory). Prints one JSON line.
 *
 * The two baselines: `parser` is papaparse as a plain importer calls it (rows as objects by header, delimiter and
 * line end guessed); `parserFastest` is papaparse at its fastest for this file (rows as arrays, delimiter and line
 * end given), the bare cost of tokenising the text.
 */
import Papa from 'papaparse';
import { readImport } from '../../src/domain/import';
import { planChunks } from '../../src/domain/plan';
import { nativeProfilesCsv, SITE_FIELDS } from './data';

interface Took {
  /** CPU time of this process (all its threads, garbage collection included): what the work costs. */
  cpuMs: number;
  /** Wall-clock time: what it costs plus whatever else the shared machine ran meanwhile. */
  wallMs: number;
}

function measure(run: () => void): Took {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  run();
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const used = process.cpuUsage(cpu);
  return { cpuMs: (used.user + used.system) / 1000, wallMs };
}

const fastest = (a: Took, b: Took): Took => ({
  cpuMs: Math.min(a.cpuMs, b.cpuMs),
  wallMs: Math.min(a.wallMs, b.wallMs),
});

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
  // The fastest of fifteen of each, alternating so both see the same machine load.
  let parser: Took = { cpuMs: Infinity, wallMs: Infinity };
  let parserFastest: Took = { cpuMs: Infinity, wallMs: Infinity };
  let app: Took = { cpuMs: Infinity, wallMs: Infinity };
  for (let i = 0; i < 15; i += 1) {
    parser = fastest(
      parser,
      measure(() => Papa.parse(csv, { header: true, skipEmptyLines: 'greedy' })),
    );
    parserFastest = fastest(
      parserFastest,
      measure(() => Papa.parse(csv, { delimiter: ',', newline: '\r\n' })),
    );
    app = fastest(app, measure(appPass));
  }
  process.stdout.write(
    `${JSON.stringify({ rows, bytes: csv.length, parser, parserFastest, app, operations, chunks })}\n`,
  );
}
