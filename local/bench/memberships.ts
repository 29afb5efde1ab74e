/**
 * Memberships (issue 23): N membership changes across N / 100 organizations, through the app's handlers against the
 * emulator in its own process: the calls made beside the minimum (one per organization and operation per 50
 * customers), the reads (the compare before each call, the read-back after it), points per 1,000 changes beside the
 * naive way (a call a row, nothing read), and time. Customers are named by account id (the `by id` run) and by email
 * (each email looked up once, a call each). `tsx local/bench/memberships.ts [--quick]` alone, or in `npm run bench`.
 */
import { createLocalRuntime } from '../runtime';
import { APP_ROOT } from '../cli/session';
import { applyFile } from '../cli/bulkApply';
import { startEmulatorProcess } from './emulatorProcess';
import { benchSize, type BenchSize } from './size';

export interface MembershipsRun {
  by: 'account id' | 'email';
  changes: number;
  organizations: number;
  status: string;
  ms: number;
  /** Member calls made (POST and DELETE /organization/{id}/user), and the fewest the changes need. */
  calls: number;
  minimumCalls: number;
  /** Member pages read (before each chunk's calls, the compare, and after them, the read-back), and their points. */
  memberPages: number;
  memberPoints: number;
  searches: number;
  points: number;
  /** A call a row, nothing looked up or read back: one point each. */
  naivePoints: number;
}

const MEMBERS = '/rest/servicedeskapi/organization/{id}/user';
const PER_ORGANIZATION = 100;

export async function runMemberships(size: BenchSize): Promise<MembershipsRun[]> {
  const changes = size.quick ? 2_000 : 10_000;
  const organizations = changes / PER_ORGANIZATION;
  const emulator = await startEmulatorProcess();
  const runtime = await createLocalRuntime({ appRoot: APP_ROOT, csmUrl: emulator.url });
  const post = (path: string, body?: unknown) =>
    fetch(`${emulator.url}${path}`, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) });
  const stats = async () =>
    (await (await fetch(`${emulator.url}/_emulator/stats`)).json()) as {
      requests: Record<string, number>;
      points: { spent: number; byRequest: Record<string, number> };
    };
  try {
    const runs: MembershipsRun[] = [];
    for (const by of ['account id', 'email'] as const) {
      const customers = Array.from({ length: changes }, (_, i) => ({
        accountId: `qm:bench-${i}`,
        email: `c${i}@example.com`,
      }));
      const orgs = Array.from({ length: organizations }, (_, i) => ({
        id: String(i + 1),
        name: `Team ${i + 1}`,
        details: {},
        // A tenth of the changes are already true: a customer already a member of its organization.
        customerIds: customers
          .slice(i * PER_ORGANIZATION, i * PER_ORGANIZATION + PER_ORGANIZATION / 10)
          .map((c) => c.accountId),
        productIds: [],
      }));
      await post('/_emulator/reset');
      const state = await post('/_emulator/state', { customers, organizations: orgs });
      if (!state.ok) throw new Error(`emulator state: ${state.status} ${await state.text()}`);
      // Three quarters added, a quarter removed (of those already members, and others: nothing to remove).
      const lines = [`Organization ID,${by === 'email' ? 'Customer Email' : 'Customer Account ID'},Operation`];
      customers.forEach((customer, i) => {
        const within = i % PER_ORGANIZATION;
        const operation = within < PER_ORGANIZATION / 20 || within >= (PER_ORGANIZATION * 3) / 4 ? 'REMOVE' : 'ADD';
        lines.push(
          `${Math.floor(i / PER_ORGANIZATION) + 1},${by === 'email' ? customer.email : customer.accountId},${operation}`,
        );
      });
      const before = await stats();
      const started = Date.now();
      const summary = await applyFile(runtime, { text: lines.join('\n'), kind: 'memberships', pollMs: 20 });
      const ms = Date.now() - started;
      const after = await stats();
      const count = (key: string) => (after.requests[key] ?? 0) - (before.requests[key] ?? 0);
      const memberPages = count(`GET ${MEMBERS}`);
      const calls = count(`POST ${MEMBERS}`) + count(`DELETE ${MEMBERS}`);
      // Per organization: additions sent in ceil(70 / 50) calls, removals (those that are members) in one.
      const minimumCalls = organizations * (Math.ceil(70 / 50) + 1);
      runs.push({
        by,
        changes,
        organizations,
        status: summary.status,
        ms,
        calls,
        minimumCalls,
        memberPages,
        memberPoints:
          (after.points.byRequest[`GET ${MEMBERS}`] ?? 0) - (before.points.byRequest[`GET ${MEMBERS}`] ?? 0),
        searches: count('GET /rest/api/3/user/search'),
        points: after.points.spent - before.points.spent,
        // A search costs a point and two for the user it finds.
        naivePoints: changes * (by === 'email' ? 4 : 1),
      });
    }
    return runs;
  } finally {
    await runtime.close();
    emulator.stop();
  }
}

const perThousand = (run: MembershipsRun, points: number) => Math.round((points * 1000) / run.changes);

export function membershipsTable(runs: MembershipsRun[]): string[] {
  return runs.map(
    (run) =>
      `memberships by ${run.by.padEnd(10)} ${run.changes} changes / ${run.organizations} orgs: ${run.status}, ` +
      `${run.calls} member calls (minimum ${run.minimumCalls}), ${run.memberPages} member pages read before and after ` +
      `the calls (${perThousand(run, run.memberPoints)} points per 1,000 changes), ${run.searches} user searches; ` +
      `${perThousand(run, run.points)} points per 1,000 changes in all (naive ${perThousand(run, run.naivePoints)}: a call ` +
      `a row${run.by === 'email' ? ' and a search an email' : ''}, nothing read back); ${(run.ms / 1000).toFixed(1)} s`,
  );
}

if (require.main === module) {
  runMemberships(benchSize(process.argv.includes('--quick'))).then(
    (runs) => {
      for (const line of membershipsTable(runs)) console.log(line);
      process.exit(0);
    },
    (error) => {
      console.error(error);
      process.exit(3);
    },
  );
}
