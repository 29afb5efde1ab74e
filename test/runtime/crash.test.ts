import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalRuntime, type LocalRuntime } from '../../local/runtime';
import type { BoundaryCall, CrashMoment, CrashSwitch } from '../../local/runtime/crash';
import { FIXTURE_APP, startEchoServer, type EchoServer } from './echoServer';

/** The crash switch the reliability suite kills runtimes with: what dies, what survives, what never settles. */
describe('a local runtime killed at a platform call', () => {
  let dir: string;
  let storePath: string;
  let echo: EchoServer;
  const open: LocalRuntime[] = [];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crash-'));
    storePath = join(dir, 'kvs.json');
    echo = await startEchoServer();
  });
  afterEach(async () => {
    for (const runtime of open.splice(0)) await runtime.close();
    await echo.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function runtimeWith(crash?: CrashSwitch): Promise<LocalRuntime> {
    const runtime = await createLocalRuntime({
      appRoot: FIXTURE_APP,
      csmUrl: echo.url,
      store: { kind: 'file', path: storePath },
      crash,
    });
    open.push(runtime);
    return runtime;
  }

  /** Kills at the nth call that `which` picks, and records it; `died` settles when the switch has killed. */
  function killAt(which: (call: BoundaryCall) => boolean, nth: number, moment: CrashMoment) {
    const seen: BoundaryCall[] = [];
    let count = 0;
    let killed: () => void = () => {};
    const died = new Promise<void>((resolve) => (killed = resolve));
    const crash: CrashSwitch = {
      decide: (call) => (which(call) && (count += 1) === nth ? moment : undefined),
      onCrash: (call) => {
        seen.push(call);
        killed();
      },
    };
    return { crash, seen, died };
  }

  /** Restarts over the same store: what the dead runtime left is what the platform kept. */
  async function afterRestart(dead: LocalRuntime): Promise<Record<string, unknown>> {
    await dead.close();
    open.splice(open.indexOf(dead), 1);
    return (await runtimeWith()).kvsDump();
  }

  /**
   * The call is stranded: once the switch has killed (`died`), the runtime has handed the call the answer that never
   * comes (counted by the runtime) and the call has not settled, not even after the turns its answer would take.
   */
  async function stranded(runtime: LocalRuntime, call: Promise<unknown>, died: Promise<void>): Promise<boolean> {
    let settled = false;
    void call.then(
      () => (settled = true),
      () => (settled = true),
    );
    await died;
    for (let i = 0; i < 10; i += 1) await new Promise((resolve) => setImmediate(resolve));
    return runtime.killed() && runtime.strandedCalls() === 1 && !settled;
  }

  it("dies before a storage write: the write never lands and the function's call never settles", async () => {
    const { crash, seen, died } = killAt((call) => call.service === 'kvs' && call.writes, 2, 'before');
    const runtime = await runtimeWith(crash);
    const call = runtime.invokeResolver('saveAndCount', { prefix: 'k:', count: 3 });
    expect(await stranded(runtime, call, died)).toBe(true);
    expect(runtime.killed()).toBe(true);
    expect(seen).toMatchObject([
      {
        service: 'kvs',
        method: 'POST',
        path: '/api/v1/set',
        writes: true,
        functionKey: 'resolver',
        moduleType: 'jira:adminPage',
      },
    ]);
    await expect(runtime.invokeResolver('echo', {})).rejects.toThrow(/killed/);
    expect(Object.keys(await afterRestart(runtime))).toEqual(['k:0000']);
  });

  it('dies after a storage write: the write has landed, its answer is lost', async () => {
    const { crash, died } = killAt((call) => call.service === 'kvs' && call.writes, 2, 'after');
    const runtime = await runtimeWith(crash);
    expect(await stranded(runtime, runtime.invokeResolver('saveAndCount', { prefix: 'k:', count: 3 }), died)).toBe(
      true,
    );
    expect(Object.keys(await afterRestart(runtime))).toEqual(['k:0000', 'k:0001']);
  });

  it('dies before or after a product call reaches the product', async () => {
    const product = (call: BoundaryCall) => call.service === 'product';
    const killBefore = killAt(product, 1, 'before');
    const before = await runtimeWith(killBefore.crash);
    const beforeCall = before.invokeResolver('callProduct', { as: 'user', endpoint: 'mypermissions' });
    expect(await stranded(before, beforeCall, killBefore.died)).toBe(true);
    expect(echo.requests).toHaveLength(0);
    await before.close();
    open.splice(0);

    const killAfter = killAt(product, 1, 'after');
    const after = await runtimeWith(killAfter.crash);
    const afterCall = after.invokeResolver('callProduct', { as: 'user', endpoint: 'mypermissions' });
    expect(await stranded(after, afterCall, killAfter.died)).toBe(true);
    expect(echo.requests).toMatchObject([{ method: 'GET', path: '/rest/api/3/mypermissions?permissions=ADMINISTER' }]);
  });

  it("takes its functions' timers with it: a sleeping function never wakes to write", async () => {
    const { crash } = killAt(() => false, 1, 'before');
    const runtime = await runtimeWith(crash);
    void runtime.invokeResolver('sleepThenSave', { key: 'late', ms: 100 }).catch(() => {});
    while (!runtime.kvsDump()['late:started']) await new Promise((resolve) => setTimeout(resolve, 5));
    // The runtime's own timers, not the process's: its function's sleep and its invocation's deadline.
    expect(runtime.ownTimers()).toBe(2);
    runtime.kill();
    expect(runtime.ownTimers()).toBe(0);
    const dump = await afterRestart(runtime);
    expect(dump['late:started']).toBe(true);
    // The same sleep, begun later in the live runtime, has ended: the dead one's would have ended before it.
    expect(await open[0].invokeResolver('sleepThenSave', { key: 'later', ms: 100 })).toBe('saved');
    expect(open[0].kvsDump()).toHaveProperty('later', 'saved');
    expect(open[0].kvsDump()).not.toHaveProperty('late');
    // Nor did it wake to try: a woken dead function's call would have been stranded, and counted.
    expect(runtime.strandedCalls()).toBe(0);
  });

  it("never lets a dead function reach the next runtime's store, even when its own timers were not tracked", async () => {
    const runtime = await runtimeWith();
    void runtime.invokeResolver('sleepThenSave', { key: 'zombie', ms: 100, untracked: true }).catch(() => {});
    while (!runtime.kvsDump()['zombie:started']) await new Promise((resolve) => setTimeout(resolve, 5));
    // Its sleep escapes the timer guard: only the invocation's deadline goes with the kill.
    expect(runtime.ownTimers()).toBe(1);
    runtime.kill();
    await afterRestart(runtime);
    // The untracked sleep ends and the dead function calls __forge_fetch__, which is now the new runtime's: the call is
    // stranded (the dead runtime counts it), not carried out.
    expect(runtime.strandedCalls()).toBe(0);
    while (runtime.strandedCalls() === 0 && !('zombie' in open[0].kvsDump()))
      await new Promise((resolve) => setTimeout(resolve, 5));
    expect(runtime.strandedCalls()).toBe(1);
    expect(open[0].kvsDump()).not.toHaveProperty('zombie');
    expect(await open[0].invokeResolver('sleepThenSave', { key: 'alive', ms: 1 })).toBe('saved');
    expect(open[0].kvsDump()).toHaveProperty('alive', 'saved');
  });
});
