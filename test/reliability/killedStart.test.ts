import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmulator, type CsmEmulator } from '../../local/emulator';
import { createLocalRuntime, type LocalRuntime } from '../../local/runtime';
import type { BoundaryCall, CrashMoment } from '../../local/runtime/crash';
import { APP_ROOT } from '../../local/cli/session';
import type { JobRecord } from '../../src/domain/job';
import { ADMIN_ACCOUNT } from '../engine/harness';

/**
 * The admin's "start" call killed at each call it makes to the platform (storing the chunks, storing the job,
 * queueing its runner), before and after the call takes effect. Whatever was stored must be either nothing
 * (the admin sees an error and starts again) or a job the watchdog finds and finishes: never a job that
 * stays QUEUED with nobody to run it.
 */
const ROWS = 300;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const csv = (tag: string) =>
  ['Organization Name,Region', ...Array.from({ length: ROWS }, (_, i) => `Start ${tag} ${i},EMEA`)].join('\n');

/** The job records a runtime has stored. */
const jobs = (rt: LocalRuntime) =>
  Object.entries(rt.kvsDump())
    .filter(([key]) => key.startsWith('job-meta:'))
    .map(([, value]) => value as JobRecord);

/** Fires the watchdog (it runs every five minutes) and waits up to 15 s for the job to end: its status then. */
async function finishedByWatchdog(runtime: LocalRuntime, id: string): Promise<string | undefined> {
  await runtime.fireTrigger('job-watchdog-trigger');
  const deadline = Date.now() + 15_000;
  while (jobs(runtime).find((job) => job.id === id)?.status !== 'SUCCEEDED' && Date.now() < deadline) await sleep(20);
  return jobs(runtime).find((job) => job.id === id)?.status;
}

describe('the start of a job killed at each of its platform calls', () => {
  let emulator: CsmEmulator | undefined;
  let runtime: LocalRuntime | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    jest.restoreAllMocks();
    await runtime?.close();
    await emulator?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('leaves either nothing or a job the watchdog finishes', async () => {
    jest.spyOn(console, 'log').mockImplementation(() => {});
    emulator = await startEmulator({ taskMs: 30, maxActiveTasks: 5 });
    dir = mkdtempSync(path.join(tmpdir(), 'csm-killed-start-'));
    const storePath = path.join(dir, 'kvs.json');
    const open = (crash?: Parameters<typeof createLocalRuntime>[0]['crash']) =>
      createLocalRuntime({
        appRoot: APP_ROOT,
        csmUrl: emulator!.url,
        store: { kind: 'file', path: storePath },
        defaultAccountId: ADMIN_ACCOUNT,
        crash,
      });

    // How many calls a clean start makes: each of them is a kill point.
    const startCalls: BoundaryCall[] = [];
    runtime = await open({ decide: (call) => void (call.moduleType === 'jira:adminPage' && startCalls.push(call)) });
    await runtime.invokeResolver('startJob', { kind: 'profiles', text: csv('clean') });
    for (let waited = 0; jobs(runtime)[0]?.status !== 'SUCCEEDED' && waited < 15_000; waited += 20) await sleep(20);
    expect(jobs(runtime)[0]?.status).toBe('SUCCEEDED');
    await runtime.close();
    runtime = undefined;
    const writes = startCalls.filter((call) => call.writes);
    expect(writes.length).toBeGreaterThanOrEqual(3); // the chunks, the job, the runner's event

    const outcomes: string[] = [];
    // What each kill point left in the store, as key families (the job's id replaced): a write killed before it
    // lands leaves what the one before it left when killed after it.
    const stored: string[][] = [];
    for (const [n, call] of writes.entries()) {
      for (const moment of ['before', 'after'] as CrashMoment[]) {
        const tag = `${n}-${moment}`;
        let writesSeen = 0;
        let killed: () => void = () => {};
        const died = new Promise<'no answer'>((resolve) => (killed = () => resolve('no answer')));
        const rt = await open({
          decide: (seen) =>
            seen.moduleType === 'jira:adminPage' && seen.writes && ++writesSeen === n + 1 ? moment : undefined,
          onCrash: () => killed(),
        });
        const known = new Set(jobs(rt).map((job) => job.id));
        const keysBefore = new Set(Object.keys(rt.kvsDump()));
        // The resolver never answers: its process died. The admin's page shows a failed call.
        const answer = await Promise.race([rt.invokeResolver('startJob', { kind: 'profiles', text: csv(tag) }), died]);
        expect({ tag, call: `${call.service} ${call.path}`, answer }).toEqual({
          tag,
          call: `${call.service} ${call.path}`,
          answer: 'no answer',
        });
        await rt.close();

        // A fresh runtime: the watchdog runs every five minutes.
        runtime = await open();
        const created = jobs(runtime).filter((job) => !known.has(job.id));
        const added = Object.keys(runtime.kvsDump()).filter((key) => !keysBefore.has(key));
        // The new job's id is the one id in every key it added (job-chunk:<id>:..., job-meta:<id>, ...).
        const newId = added.map((key) => key.split(':')[1]).find(Boolean);
        const families = [...new Set(added.map((key) => key.replace(newId ?? '\0', 'ID').replace(/:\d+$/, ':N')))];
        stored.push(families.sort());
        // No record: nothing visible (no job, no active mark); what the start stored before it died is the job's own
        // parts under an id no record names, which nothing lists or runs. A record: it came with its lines and its
        // active mark, in one write, after the parts it refers to, and the watchdog finishes the job.
        const observed = {
          tag,
          jobs: created.map((job) => job.status),
          families:
            created.length === 0 ? families.filter((family) => !/^job-(chunk|orgs|skipped)/.test(family)) : families,
          finished: created.length === 0 ? undefined : await finishedByWatchdog(runtime, created[0].id),
        };
        expect(observed).toEqual(
          created.length === 0
            ? { tag, jobs: [], families: [], finished: undefined }
            : {
                tag,
                jobs: ['QUEUED'],
                families: [
                  'job-active:ID',
                  'job-chunk:ID:N',
                  'job-lines:ID:N',
                  'job-meta:ID',
                  'job-orgs-count:ID',
                  'job-orgs:ID:N',
                ],
                finished: 'SUCCEEDED',
              },
        );
        outcomes.push(`${tag}: ${created.length === 0 ? 'nothing stored' : 'finished by the watchdog'}`);
        await runtime.close();
        runtime = undefined;
      }
    }
    // Killed before its first write, the start stored nothing at all; killed before write n+1, it stored what it did
    // killed after write n; the job's record, once stored, is there at every later kill point.
    expect(stored[0]).toEqual([]);
    for (let n = 0; n + 1 < writes.length; n += 1)
      expect({ n, stored: stored[2 * n + 2] }).toEqual({ n, stored: stored[2 * n + 1] });
    const firstWithJob = outcomes.findIndex((line) => line.endsWith('watchdog'));
    expect(outcomes.slice(firstWithJob).every((line) => line.endsWith('watchdog'))).toBe(true);
    // Both ends are reached: kills that leave no job, and kills the watchdog recovers from.
    expect(outcomes.filter((line) => line.endsWith('nothing stored')).length).toBeGreaterThan(0);
    expect(firstWithJob).toBeGreaterThan(0);
    // Every organization of every started job exists once; the jobs that stored nothing sent nothing.
    const names = emulator.state().organizations.map((org) => org.name);
    expect(new Set(names).size).toBe(names.length);
    const finishedTags = outcomes.filter((line) => line.endsWith('watchdog')).map((line) => line.split(':')[0]);
    expect(names.length).toBe(ROWS * (1 + finishedTags.length));
    for (const tag of finishedTags) expect(names.filter((name) => name.startsWith(`Start ${tag} `))).toHaveLength(ROWS);
    expect(outcomes.length).toBe(writes.length * 2);
  });
});
