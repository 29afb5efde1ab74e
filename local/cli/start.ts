/**
 * `npm start`: a first look at the app without an Atlassian site. Runs a real bulk import of
 * examples/organization-profiles.csv through the app's own handlers in the local Forge runtime
 * against an embedded CSM emulator, then shows the organizations as CSM now holds them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { applyFile, exitCodeOf } from './bulkApply';
import { exportOrganizationsCsv } from './exportCsv';
import { drawProgress, endProgress, progressLine } from './progressBar';
import { APP_ROOT, openSession } from './session';

async function main(): Promise<number> {
  const file = path.join(APP_ROOT, 'examples', 'organization-profiles.csv');
  const session = await openSession({ emulator: { taskMs: 1500 } });
  console.log(`CSM emulator at ${session.csmUrl}; app handlers running in the local Forge runtime.`);
  try {
    console.log(`Importing ${path.relative(APP_ROOT, file)} …`);
    const summary = await applyFile(session.runtime, {
      text: readFileSync(file, 'utf8'),
      kind: 'profiles',
      fileName: path.basename(file),
      onProgress: (view) =>
        drawProgress(progressLine(view.progress.succeeded + view.progress.failed, view.progress.total, `${view.status.toLowerCase()}, ${view.progress.openTasks}/${view.taskCap} tasks open`)),
    });
    endProgress(progressLine(summary.succeeded + summary.failed, summary.operations, summary.status.toLowerCase()));
    console.log(`${summary.status}: ${summary.succeeded} organizations written with ${summary.requests.write} bulk request(s) in ${summary.elapsedMs} ms.`);
    console.log('\nOrganizations in CSM now (native CSV export):\n');
    console.log(await exportOrganizationsCsv(session.runtime));
    console.log('Try: npm run --silent bulk -- apply examples/invalid-profiles.csv   (shows row-level errors, sends nothing)');
    return exitCodeOf(summary);
  } finally {
    await session.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(3);
  },
);
