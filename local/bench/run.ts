/**
 * `npm run bench [-- --quick]`: the engine against the emulator, measured side by side in one run.
 * Prints a table and, as its last line, one JSON object with the ratios.
 */
import { runCapSite } from './capSite';
import { runCompute } from './compute';
import { runFailures } from './failures';
import { runJobs } from './jobs';
import { runParse } from './parseRun';
import { pointsTable, runPoints } from './points';
import { membershipsTable, runMemberships } from './memberships';
import { findersTable, runFinders } from './finders';
import { deletesTable, runDeletes } from './deletes';
import { ratios, tableRows, type Measured } from './report';
import { runResends } from './resends';
import { benchSize, CAP, TASK_MS, type BenchSize } from './size';

async function measure(size: BenchSize): Promise<Measured> {
  // Three jobs with the cap, one at a time after another: the shared machine's noise is the spread between them.
  const runs = await runJobs(size, CAP, 3);
  const [sequential] = await runJobs(size, 1, 1);
  const byMakespan = [...runs].sort((a, b) => a.makespanMs - b.makespanMs);
  const parse = runParse(size.parseRows, 'time');
  const memory = runParse(size.parseRows, 'memory');
  const [fewFailures, manyFailures] = await runFailures(size);
  const resends = await runResends(size);
  const capSite = await runCapSite(size);
  const compute = await runCompute();
  for (const run of [...runs, sequential])
    if (run.status !== 'SUCCEEDED') throw new Error(`benchmark job ended ${run.status}`);
  const [ours, median] = byMakespan;
  return { runs, ours, median, sequential, parse, memory, fewFailures, manyFailures, resends, capSite, compute };
}

async function main() {
  const size = benchSize(process.argv.includes('--quick'));
  console.log(
    `bench${size.quick ? ' --quick' : ''}: ${size.rows} profiles, task time ${TASK_MS} ms, cap ${CAP}; parse ${size.parseRows} rows`,
  );
  const measured = await measure(size);
  const result = ratios(size, measured);
  for (const [name, detail, value, target] of tableRows(size, measured, result))
    console.log(`${String(name).padEnd(46)} ${String(value).padStart(7)}  ${String(target).padEnd(7)} ${detail}`);
  // Atlassian's points (issue 26): measured on a site of its own, after the rest.
  for (const line of pointsTable(await runPoints(size))) console.log(line);
  // Memberships (issue 23): single calls of the engine, with their compare and read-back.
  for (const line of membershipsTable(await runMemberships(size))) console.log(line);
  // Clean-up (issue 24): the finders on a large site, and a delete job under faults.
  for (const line of findersTable(await runFinders(size))) console.log(line);
  for (const line of deletesTable(await runDeletes(size))) console.log(line);
  console.log(JSON.stringify(result));
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(3);
  },
);
