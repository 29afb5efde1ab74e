import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parsePlaygroundFlags } from '../../local/playground/options';
import { startPlayground, type Playground } from '../../local/playground/server';

const APP_ROOT = path.resolve(__dirname, '../..');

describe('npm start flags', () => {
  it('reads every flag, in both --flag value and --flag=value forms', () => {
    const parsed = parsePlaygroundFlags([
      '--port',
      '8123',
      '--fresh',
      '--task-ms=40',
      '--max-active-tasks',
      '3',
      '--fault-rate',
      '0.1',
      '--detail-fields',
      '[{"name":"Tier","type":"SELECT","options":["Gold"]}]',
    ]);
    expect(parsed).toEqual({
      ok: true,
      options: {
        port: 8123,
        fresh: true,
        taskMs: 40,
        maxActiveTasks: 3,
        faultRate: 0.1,
        detailFields: [expect.objectContaining({ name: 'Tier', type: 'SELECT', options: ['Gold'] })],
      },
    });
    expect(parsePlaygroundFlags([])).toEqual({ ok: true, options: { port: 0, fresh: false } });
  });

  it('says what is wrong with a flag', () => {
    expect(parsePlaygroundFlags(['--colour'])).toEqual({ ok: false, error: "Unknown flag '--colour'." });
    expect(parsePlaygroundFlags(['--task-ms', 'fast'])).toEqual({
      ok: false,
      error: "Flag --task-ms needs a number, got 'fast'.",
    });
    expect(parsePlaygroundFlags(['--port'])).toEqual({ ok: false, error: 'Flag --port needs a value.' });
    expect(parsePlaygroundFlags(['--port', '70000'])).toMatchObject({
      ok: false,
      error: expect.stringMatching(/0 to 65535/),
    });
    expect(parsePlaygroundFlags(['--detail-fields', '{'])).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^--detail-fields: /),
    });
    expect(parsePlaygroundFlags(['--help'])).toEqual({ ok: false, help: true });
  });
});

describe('the playground server', () => {
  let stateDir: string;
  let playground: Playground | undefined;
  beforeEach(() => {
    stateDir = mkdtempSync(path.join(tmpdir(), 'playground-server-'));
  });
  afterEach(async () => {
    await playground?.close();
    playground = undefined;
    rmSync(stateDir, { recursive: true, force: true });
  });

  const at = (route: string) => new URL(route, playground!.url);
  const postJson = (route: string, body: unknown) =>
    fetch(at(route), {
      method: 'POST',
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });

  it('serves the page with its banner, the bundle that defines the bridge, and the app context', async () => {
    playground = await startPlayground({ appRoot: APP_ROOT, stateDir, fresh: true, taskMs: 20 });
    expect(playground.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await (await fetch(playground.url)).text();
    expect(page).toContain('Offline playground: CSM emulator, no Atlassian site');
    expect(page).toContain('<script src="/app.js">');
    const script = await fetch(at('/app.js'));
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(await script.text()).toContain('__bridge');
    expect((await fetch(at('/app.css'))).status).toBe(200);
    expect(await (await fetch(at('/_context'))).json()).toMatchObject({
      accountId: expect.any(String),
      cloudId: expect.any(String),
    });
    const missing = await fetch(at('/nothing-here'));
    expect(missing.status).toBe(404);
  });

  it('invokes the app resolvers and reports a failed invoke as an error, not a crash', async () => {
    playground = await startPlayground({
      appRoot: APP_ROOT,
      stateDir,
      fresh: true,
      taskMs: 20,
      detailFields: [{ name: 'Tier', type: 'SELECT', options: ['Gold'] }],
    });
    const fields = await (await postJson('/_invoke', { functionKey: 'listDetailFields', payload: {} })).json();
    expect(fields).toEqual({
      body: { ok: true, data: [expect.objectContaining({ name: 'Tier', options: ['Gold'] })] },
    });
    const unknown = await (await postJson('/_invoke', { functionKey: 'noSuchFunction', payload: {} })).json();
    expect(unknown.error).toEqual(expect.stringContaining('noSuchFunction'));
    const broken = await postJson('/_invoke', '{not json');
    expect(broken.status).toBe(400);
  });

  it('answers the emulator inspection endpoints on its own origin', async () => {
    playground = await startPlayground({ appRoot: APP_ROOT, stateDir, fresh: true, taskMs: 20 });
    const state = await (await fetch(at('/_emulator/state'))).json();
    expect(state).toMatchObject({ organizations: [], tasks: [] });
    state.organizations.push({ id: '7', name: 'Acme', details: {}, customerIds: [], productIds: [] });
    expect((await postJson('/_emulator/state', state)).status).toBeLessThan(300);
    expect(playground.emulator.state().organizations.map((org) => org.name)).toEqual(['Acme']);
    expect((await fetch(at('/_emulator/stats'))).status).toBe(200);
    expect((await fetch(at('/_emulator/reset'), { method: 'POST' })).status).toBeLessThan(300);
    expect(playground.emulator.state().organizations).toEqual([]);
  });

  it('keeps the site under its state folder across restarts, and starts empty with fresh', async () => {
    playground = await startPlayground({ appRoot: APP_ROOT, stateDir, taskMs: 20 });
    const state = await (await fetch(at('/_emulator/state'))).json();
    state.organizations.push({ id: '7', name: 'Acme', details: {}, customerIds: [], productIds: [] });
    await postJson('/_emulator/state', state);
    const saved = await (await postJson('/_invoke', { functionKey: 'saveSettings', payload: { taskCap: 3 } })).json();
    expect(saved.body).toMatchObject({ ok: true });
    await playground.close();
    const taskCap = async () =>
      (await (await postJson('/_invoke', { functionKey: 'getSettings', payload: {} })).json()).body.data.taskCap;

    playground = await startPlayground({ appRoot: APP_ROOT, stateDir, taskMs: 20 });
    expect(playground.emulator.state().organizations.map((org) => org.name)).toEqual(['Acme']);
    await expect(taskCap()).resolves.toBe(3);
    await playground.close();

    playground = await startPlayground({ appRoot: APP_ROOT, stateDir, fresh: true, taskMs: 20 });
    expect(playground.emulator.state().organizations).toEqual([]);
    await expect(taskCap()).resolves.toBe(5); // the default again, not the 3 saved before
  });
});

describe('npm start', () => {
  it('prints exactly where the playground is, and stops on SIGTERM', async () => {
    // What `npm start` runs (package.json): node with tsx's loader, one process. Through tsx's CLI a second process
    // relays the signal and kills the app unless it hears back within 30 ms (tsx 4.23 relaySignals), which a loaded
    // fresh clone did not: exit 143.
    const child = spawn(process.execPath, ['--import', 'tsx', 'local/cli/start.ts', '--fresh', '--task-ms', '20'], {
      cwd: APP_ROOT,
    });
    try {
      const firstLine = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('\n')) resolve(out.split('\n')[0]);
        });
        child.on('exit', (code) => reject(new Error(`npm start exited with ${code} before printing`)));
      });
      const match = /^Playground at (http:\/\/127\.0\.0\.1:\d+\/) \(Ctrl-C stops it\)$/.exec(firstLine);
      expect(match).not.toBeNull();
      const page = await fetch(match![1]);
      expect(page.status).toBe(200);
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      await expect(exited).resolves.toBe(0);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });

  it('refuses an unknown flag with exit code 2 and the usage', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'local/cli/start.ts', '--colour'], {
      cwd: APP_ROOT,
    });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(err).toContain("Unknown flag '--colour'.");
    expect(err).toContain('Usage: npm start');
  });
});
