import { parse, stringify } from 'yaml';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { APP_ROOT } from '../../local/cli/session';

/**
 * The app as it would be deployed with another manifest: the same src/ (linked, so it is the very code under
 * test), with manifest.yml edited. For rules that depend on what the manifest declares.
 */
export function appWithManifest(edit: (manifest: string) => string): { appRoot: string; remove(): void } {
  const appRoot = mkdtempSync(path.join(tmpdir(), 'csm-app-variant-'));
  const manifest = readFileSync(path.join(APP_ROOT, 'manifest.yml'), 'utf8');
  const edited = edit(manifest);
  if (edited === manifest) throw new Error('The manifest edit changed nothing: the test would prove nothing.');
  writeFileSync(path.join(appRoot, 'manifest.yml'), edited);
  for (const entry of ['src', 'node_modules', 'package.json', 'tsconfig.json']) {
    symlinkSync(path.join(APP_ROOT, entry), path.join(appRoot, entry));
  }
  return { appRoot, remove: () => rmSync(appRoot, { recursive: true, force: true }) };
}

/** The manifest with its scopes as a plain list: no scope allows offline impersonation. */
export function scopesAsList(manifest: string): string {
  const parsed = parse(manifest) as { permissions: { scopes: Record<string, unknown> | string[] } };
  const { scopes } = parsed.permissions;
  if (Array.isArray(scopes)) throw new Error('the manifest already lists its scopes');
  parsed.permissions.scopes = Object.keys(scopes);
  return stringify(parsed);
}
