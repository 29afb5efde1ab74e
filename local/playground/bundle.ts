import path from 'node:path';
import type { BuildOptions } from 'esbuild';
import { bundleCache } from './bundleCache';

/**
 * The browser bundle: the playground host (which defines `self.__bridge`) first, then the app's real
 * UI Kit entry, as one script built in memory at server start.
 */
export interface PageBundle {
  script: string;
  /** The CSS the Atlaskit packages import from their compiled styles. */
  styles: string;
}

const built = new Map<string, Promise<PageBundle>>();

/**
 * Built once per process and app root: a restart of `npm start` picks up source changes. A process finding the
 * files unchanged since an earlier one built it takes that build (bundleCache.ts).
 */
export function buildPageBundle(appRoot: string): Promise<PageBundle> {
  let bundle = built.get(appRoot);
  if (!bundle) {
    bundle = bundleOnce(appRoot);
    built.set(appRoot, bundle);
    bundle.catch(() => built.delete(appRoot));
  }
  return bundle;
}

async function bundleOnce(appRoot: string): Promise<PageBundle> {
  // Loaded when first needed, so importing this module stays cheap.
  const esbuild = await import('esbuild');
  const options = buildOptions(appRoot);
  // The bundle of an earlier start (another process) when none of the files it was built from changed since.
  const cache = bundleCache<PageBundle>(JSON.stringify([esbuild.version, options]), appRoot);
  const cached = cache.read();
  if (cached) return cached;
  const startedAt = Date.now();
  const result = await esbuild.build({ ...options, write: false, metafile: true });
  const output = (extension: string) =>
    result.outputFiles
      .filter((file) => file.path.endsWith(extension))
      .map((file) => file.text)
      .join('\n');
  const bundle = { script: output('.js'), styles: output('.css') };
  cache.write(Object.keys(result.metafile.inputs), bundle, startedAt);
  return bundle;
}

function buildOptions(appRoot: string): BuildOptions {
  return {
    // Paths in the bundle (and its metafile) are relative to the app, wherever the process was started.
    absWorkingDir: appRoot,
    stdin: {
      contents: `import './local/playground/browser/install';\nimport './src/frontend/index';\n`,
      resolveDir: appRoot,
      sourcefile: 'playground-entry.ts',
      loader: 'ts',
    },
    bundle: true,
    write: false,
    outdir: 'playground-out',
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    jsx: 'automatic',
    // One React for the app and every Atlaskit package (some bring nested copies).
    alias: {
      'react-dom': path.join(appRoot, 'node_modules/react-dom'),
      react: path.join(appRoot, 'node_modules/react'),
    },
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    logLevel: 'silent',
    sourcemap: 'inline',
  };
}
