/**
 * The finders of issue 24 at scale: N organizations (a third empty, a fiftieth with a look-alike name), found
 * through the app's findOrganizations resolver against the emulator in its own process: resolver calls, CSM calls
 * (the organization list, the member reads) and their points, and time. `tsx local/bench/finders.ts [--quick]` alone.
 */
import { createLocalRuntime } from '../runtime';
import { APP_ROOT } from '../cli/session';
import { findDuplicates, findEmpty } from '../cli/finders';
import { startEmulatorProcess } from './emulatorProcess';
import { benchSize, type BenchSize } from './size';

export interface FindersRun {
  finder: 'empty' | 'duplicates';
  organizations: number;
  /** Empty organizations, or organizations to merge, found (and how many the site was given). */
  found: number;
  expected: number;
  resolverCalls: number;
  listCalls: number;
  memberReads: number;
  points: number;
  ms: number;
}

const MEMBERS = 'GET /rest/servicedeskapi/organization/{id}/user';
const LIST = 'GET /rest/servicedeskapi/organization';

/**
 * The site: organization i has i % 3 members (a third empty; few members, so that 50,000 fit in the emulator's 10 MB
 * state request); every 50th has a look-alike twin ("Org 49" and "org 49.").
 */
function site(size: number) {
  const customers = Array.from({ length: 2 }, (_, i) => ({ accountId: `qm:bench-${i}`, email: `c${i}@example.com` }));
  const organizations = Array.from({ length: size }, (_, i) => ({
    id: String(i + 1),
    name: i % 50 === 49 ? `org ${i}.` : `Org ${i + 1}`,
    details: {},
    customerIds: customers.slice(0, i % 3).map((c) => c.accountId),
    productIds: [],
  }));
  return { customers, organizations };
}

export async function runFinders(size: BenchSize): Promise<FindersRun[]> {
  const organizations = size.quick ? 5_000 : 50_000;
  const emulator = await startEmulatorProcess();
  const runtime = await createLocalRuntime({ appRoot: APP_ROOT, csmUrl: emulator.url });
  const stats = async () =>
    (await (await fetch(`${emulator.url}/_emulator/stats`)).json()) as {
      requests: Record<string, number>;
      points: { spent: number };
    };
  try {
    const state = site(organizations);
    const posted = await fetch(`${emulator.url}/_emulator/state`, { method: 'POST', body: JSON.stringify(state) });
    if (!posted.ok) throw new Error(`emulator state: ${posted.status} ${await posted.text()}`);
    const expected = {
      empty: state.organizations.filter((org) => org.customerIds.length === 0).length,
      duplicates: Math.floor(organizations / 50),
    };
    const runs: FindersRun[] = [];
    for (const finder of ['empty', 'duplicates'] as const) {
      let resolverCalls = 0;
      const before = await stats();
      const started = Date.now();
      const progress = () => void (resolverCalls += 1);
      const found =
        finder === 'empty'
          ? (await findEmpty(runtime, progress)).length
          : (await findDuplicates(runtime, progress)).reduce((sum, group) => sum + group.merge.length, 0);
      const ms = Date.now() - started;
      const after = await stats();
      const count = (key: string) => (after.requests[key] ?? 0) - (before.requests[key] ?? 0);
      runs.push({
        finder,
        organizations,
        found,
        expected: expected[finder],
        resolverCalls,
        listCalls: count(LIST),
        memberReads: count(MEMBERS),
        points: after.points.spent - before.points.spent,
        ms,
      });
    }
    return runs;
  } finally {
    await runtime.close();
    emulator.stop();
  }
}

export function findersTable(runs: FindersRun[]): string[] {
  return runs.map(
    (run) =>
      `find ${run.finder.padEnd(10)} ${run.organizations} orgs: ${run.found} found (${run.expected} on the site), ` +
      `${run.resolverCalls} resolver calls, ${run.listCalls} list pages, ${run.memberReads} member reads, ` +
      `${run.points} points (${(run.points / run.organizations).toFixed(1)} an organization); ${(run.ms / 1000).toFixed(1)} s`,
  );
}

if (require.main === module) {
  runFinders(benchSize(process.argv.includes('--quick'))).then(
    (runs) => {
      for (const line of findersTable(runs)) console.log(line);
      process.exit(0);
    },
    (error) => {
      console.error(error);
      process.exit(3);
    },
  );
}
