import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseEmulatorFlags } from '../../local/emulator/cliFlags';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'local', 'cli', 'emulator.ts');
/**
 * What `npm run emulator` runs: one process, node with the tsx loader. The tsx CLI relays signals to a child and
 * kills it unless it answers within 30 ms (tsx 4.23 relaySignals): on a loaded machine the emulator exited 143.
 */
const NODE_ARGS = ['--import', 'tsx', CLI];

describe('emulator CLI', () => {
  it('prints its ready line with the real port, serves, and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [...NODE_ARGS, '--port', '0', '--max-active-tasks', '2', '--task-ms', '50'], {
      cwd: ROOT,
    });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk) => {
          out += chunk;
          if (out.includes('\n')) resolve(out);
        });
        child.on('exit', (code) => reject(new Error(`exited ${code} before ready`)));
      });
      const match = /^CSM emulator listening on (http:\/\/127\.0\.0\.1:(\d+))\n$/.exec(line);
      expect(match).not.toBeNull();
      expect(Number(match![2])).toBeGreaterThan(0);
      expect((await fetch(`${match![1]}/_emulator/state`)).status).toBe(200);
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('rejects a bad flag with a clear message and exit code 2', () => {
    const result = spawnSync(process.execPath, [...NODE_ARGS, '--port', '0', '--frobnicate'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/Unknown flag '--frobnicate'/);
    expect(result.stdout).toBe('');
  });
});

describe('emulator flags', () => {
  it('maps every flag to its option, in both --flag value and --flag=value forms', () => {
    const parsed = parseEmulatorFlags([
      '--port=0',
      '--max-active-tasks',
      '3',
      '--task-ms',
      '40',
      '--jitter',
      '0',
      '--fault-rate',
      '0.25',
      '--seed',
      '9',
      '--detail-fields',
      '[{"name":"Tier","type":"SELECT","options":["Gold"]}]',
      '--no-impersonation',
      '--retention-ms',
      '1000',
      '--retry-after-seconds',
      '2',
      '--state',
      '/tmp/x.json',
    ]);
    expect(parsed).toEqual({
      ok: true,
      options: {
        port: 0,
        maxActiveTasks: 3,
        taskMs: 40,
        jitter: 0,
        faultRate: 0.25,
        seed: 9,
        detailFields: [{ name: 'Tier', type: 'SELECT', options: ['Gold'] }],
        impersonation: false,
        retentionMs: 1000,
        retryAfterSeconds: 2,
        statePath: '/tmp/x.json',
      },
    });
  });

  it('says what is wrong with a flag', () => {
    expect(parseEmulatorFlags(['--task-ms'])).toEqual({ ok: false, error: 'Flag --task-ms needs a value.' });
    expect(parseEmulatorFlags(['--seed', 'abc'])).toEqual({
      ok: false,
      error: "Flag --seed needs a number, got 'abc'.",
    });
    expect(parseEmulatorFlags(['--detail-fields', '[{"name":"X","type":"COLOUR"}]'])).toMatchObject({
      ok: false,
      error: expect.stringMatching(/--detail-fields\[0\]\.type: must be one of TEXT/),
    });
    expect(parseEmulatorFlags(['--help'])).toEqual({ ok: false, help: true });
  });
});
