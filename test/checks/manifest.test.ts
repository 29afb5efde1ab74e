import { cpSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkApp } from '../../local/checks/manifest';

const ROOT = path.resolve(__dirname, '../..');

/** A copy of the app whose manifest a test may break; its sources linked, not copied (the check only reads them). */
function appCopy(edit: (manifest: string) => string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'csm-manifest-'));
  symlinkSync(path.join(ROOT, 'src'), path.join(dir, 'src'), 'dir');
  cpSync(path.join(ROOT, 'tsconfig.json'), path.join(dir, 'tsconfig.json'));
  writeFileSync(path.join(dir, 'manifest.yml'), edit(readFileSync(path.join(ROOT, 'manifest.yml'), 'utf8')));
  return dir;
}

describe('the offline manifest check', () => {
  it.each([
    [
      'a scheduled trigger interval Forge does not have',
      (m: string) => m.replace('interval: fiveMinute', 'interval: everyMinute'),
    ],
    [
      'a resource path that does not exist',
      (m: string) => m.replace('path: src/frontend/index.tsx', 'path: src/frontend/missing.tsx'),
    ],
    [
      'a module pointing at an undeclared function',
      (m: string) => m.replace('function: job-runner\n', 'function: no-such-function\n'),
    ],
    ['a function timeout above 900 seconds', (m: string) => m.replace('timeoutSeconds: 900', 'timeoutSeconds: 1200')],
    ['a function memoryMB above 4096', (m: string) => m.replace('memoryMB: 256', 'memoryMB: 8192')],
    ['a function memoryMB below 128', (m: string) => m.replace('memoryMB: 192', 'memoryMB: 64')],
    ['a scope Atlassian does not know', (m: string) => m.replace('storage:app: {}', 'storage:everything: {}')],
    [
      'an allowImpersonation that is not true or false',
      (m: string) => m.replace('allowImpersonation: true', 'allowImpersonation: sometimes'),
    ],
  ])('fails on %s', async (_what, edit) => {
    const findings = await checkApp(appCopy(edit));
    expect(findings.filter((finding) => finding.level === 'error').length).toBeGreaterThan(0);
  });
});
