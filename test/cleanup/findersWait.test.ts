import { findEmpty, FinderFailed } from '../../local/cli/finders';
import type { LocalRuntime } from '../../local/runtime';

type Result = { ok: true; data: unknown } | { ok: false; code: string; message: string };

/** A runtime whose findOrganizations answers `results` in turn, recording each payload. */
function runtimeAnswering(results: Result[]) {
  const payloads: unknown[] = [];
  const runtime = {
    invokeResolver: async (name: string, payload: unknown) => {
      expect(name).toBe('findOrganizations');
      payloads.push(payload);
      return results.shift();
    },
  } as unknown as LocalRuntime;
  return { runtime, payloads };
}

const page = (start: number, ids: string[], isLastPage: boolean): Result => ({
  ok: true,
  data: {
    found: ids.map((id) => ({ id, name: `Org ${id}`, members: 0 })),
    listed: [],
    cursor: isLastPage ? undefined : { phase: 'organizations', start: start + 50 },
    isLastPage,
    scanned: 50,
  },
});
const QUOTA = "Atlassian's hourly limit on the calls apps make to Jira is spent until 19:00 UTC. Try again then.";

describe('a finder refused on the way', () => {
  it('waits and asks again from the same place when the hourly limit is spent, losing nothing read', async () => {
    const { runtime, payloads } = runtimeAnswering([
      page(0, ['1'], false),
      { ok: false, code: 'CSM_REFUSED', message: QUOTA },
      { ok: false, code: 'CSM_UNAVAILABLE', message: 'CSM is busy.' },
      page(50, ['60'], true),
    ]);
    const slept: number[] = [];
    const said: string[] = [];
    const found = await findEmpty(runtime, () => undefined, {
      sleep: async (ms) => void slept.push(ms),
      waiting: (message) => said.push(message),
    });
    expect(found.map((org) => org.id)).toEqual(['1', '60']);
    expect(payloads.slice(1)).toEqual(
      Array(3).fill({ finder: 'empty', cursor: { phase: 'organizations', start: 50 } }),
    );
    expect(slept).toEqual([5_000, 15_000]);
    expect(said).toEqual([QUOTA, 'CSM is busy.']);
  });

  it('stops at once on a refusal that will not pass, and after 75 minutes of one that may', async () => {
    const refused = runtimeAnswering([{ ok: false, code: 'NOT_ADMIN', message: 'Only Jira administrators…' }]);
    await expect(findEmpty(refused.runtime, () => undefined, { sleep: async () => undefined })).rejects.toThrow(
      new FinderFailed('Only Jira administrators…'),
    );
    const busy = runtimeAnswering(Array(200).fill({ ok: false, code: 'CSM_UNAVAILABLE', message: 'CSM is busy.' }));
    let slept = 0;
    await expect(findEmpty(busy.runtime, () => undefined, { sleep: async (ms) => void (slept += ms) })).rejects.toThrow(
      'CSM is busy.',
    );
    expect(slept).toBeLessThanOrEqual(75 * 60_000);
    expect(slept).toBeGreaterThan(74 * 60_000);
  });
});
