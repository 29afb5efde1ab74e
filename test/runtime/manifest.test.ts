import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalRuntime } from '../../local/runtime';
import { loadManifest } from '../../local/runtime/manifest';
import { FIXTURE_APP } from './echoServer';

const REPO_ROOT = join(__dirname, '..', '..');

function appWith(manifest: string, files: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'local-forge-app-'));
  writeFileSync(join(root, 'manifest.yml'), manifest);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const ONE_TRIGGER = `
modules:
  scheduledTrigger:
    - key: nightly
      function: my-fn
      interval: day
  function:
    - key: my-fn
      handler: jobs/nightly.run
app:
  id: ari:cloud:ecosystem::app/00000000-0000-4000-8000-000000000001
`;

describe('manifest loading', () => {
  const made: string[] = [];
  afterEach(() => made.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const app = (manifest: string, files?: Record<string, string>) => {
    const root = appWith(manifest, files);
    made.push(root);
    return root;
  };

  it("indexes the product app's modules, timeouts and scopes", () => {
    const manifest = loadManifest(REPO_ROOT);
    expect(manifest.appId).toBe('5b7d8d6c-2f0e-4a53-9f1c-3e2a8f0b6d41');
    expect(manifest.resolvers).toEqual([
      { moduleKey: 'csm-org-bulk-admin-page', moduleType: 'jira:adminPage', functionKey: 'admin-page-resolver' },
    ]);
    expect(manifest.consumers).toEqual([
      { key: 'job-runner-consumer', queue: 'csm-bulk-job-runner', functionKey: 'job-runner' },
      { key: 'sync-plan-runner-consumer', queue: 'csm-sync-plan-runner', functionKey: 'sync-plan-runner' },
      { key: 'preview-lookup-consumer', queue: 'csm-preview-lookup', functionKey: 'preview-lookup' },
    ]);
    expect(manifest.impersonationScopes).toContain('write:organization.profile:jira-service-management');
    expect(manifest.entities['job-lease'].attributes).toEqual({
      token: 'string',
      holder: 'string',
      expiresAt: 'float',
    });
    expect(manifest.scheduledTriggers.map((t) => [t.key, t.interval])).toEqual([
      ['job-watchdog-trigger', 'fiveMinute'],
      ['organization-sync-trigger', 'hour'],
    ]);
    expect(manifest.functions['job-runner']).toMatchObject({
      modulePath: 'index',
      exportName: 'jobRunner',
      timeoutSeconds: 900,
    });
    expect(manifest.scopes).toContain('write:organization.profile:jira-service-management');
  });

  it('names the function, the handler and the missing module', async () => {
    const root = app(ONE_TRIGGER);
    await expect(createLocalRuntime({ appRoot: root, csmUrl: 'http://127.0.0.1:9' })).rejects.toThrow(
      /Function 'my-fn' \(handler 'jobs\/nightly.run' .*\): module src\/jobs\/nightly is missing/,
    );
    // A failed start leaves nothing behind: another runtime can open.
    const next = await createLocalRuntime({ appRoot: FIXTURE_APP, csmUrl: 'http://127.0.0.1:9' });
    await next.close();
  });

  it('names the function, the handler and the missing export, listing the exports there are', async () => {
    const root = app(ONE_TRIGGER, { 'src/jobs/nightly.js': 'exports.runNightly = () => 1; exports.version = 2;' });
    await expect(createLocalRuntime({ appRoot: root, csmUrl: 'http://127.0.0.1:9' })).rejects.toThrow(
      /Function 'my-fn' \(handler 'jobs\/nightly.run' .*\): .*nightly.js has no exported function 'run'.*exports: runNightly\./,
    );
  });

  it('refuses a module that names an undeclared function', () => {
    const root = app(ONE_TRIGGER.replace('function: my-fn', 'function: other-fn'));
    expect(() => loadManifest(root)).toThrow(
      "scheduledTrigger 'nightly' names function 'other-fn', which modules.function does not declare.",
    );
  });

  it('allows one open runtime per process', async () => {
    const first = await createLocalRuntime({ appRoot: FIXTURE_APP, csmUrl: 'http://127.0.0.1:9' });
    try {
      await expect(createLocalRuntime({ appRoot: FIXTURE_APP, csmUrl: 'http://127.0.0.1:9' })).rejects.toThrow(
        /already open in this process/,
      );
    } finally {
      await first.close();
    }
    expect((globalThis as { __forge_fetch__?: unknown }).__forge_fetch__).toBeUndefined();
    expect((globalThis as { __forge_runtime__?: unknown }).__forge_runtime__).toBeUndefined();
  });
});
