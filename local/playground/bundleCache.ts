import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The page bundle of an earlier start, kept in the system's temporary folder with the size and time of every file
 * it was built from (esbuild's metafile inputs: the app's sources and the packages' files) and of the folders that
 * hold them (a file added there, which an import might now resolve to, changes its folder's time). A start whose
 * files are all as they were uses it instead of building again: esbuild took 1.7 CPU-s for each playground start,
 * and so for each test file that starts one. Any difference, or a file that cannot be read, and it builds.
 */
export interface BundleCache<T> {
  /** Where it is kept. */
  file: string;
  read(): T | undefined;
  /** Keeps `value`, built from `inputs` by a build started at `startedAt`, unless one of them changed since. */
  write(inputs: string[], value: T, startedAt: number): void;
}

type Stamps = Record<string, string>;

const SAVED_JUST_BEFORE_MS = 2_000;

/** `key` names the build (the esbuild version and options); input paths are relative to `root`. */
export function bundleCache<T>(key: string, root: string): BundleCache<T> {
  const file = path.join(tmpdir(), 'csm-playground-bundle', `${createHash('sha256').update(key).digest('hex')}.json`);
  return {
    file,
    read() {
      try {
        const cached = JSON.parse(readFileSync(file, 'utf8')) as { stamps: Stamps; value: T };
        const paths = Object.keys(cached.stamps);
        return paths.length > 0 && paths.every((at) => stampOf(root, at) === cached.stamps[at])
          ? cached.value
          : undefined;
      } catch {
        return undefined;
      }
    },
    write(inputs, value, startedAt) {
      const stamps: Stamps = {};
      for (const input of inputs) {
        stamps[input] = stampOf(root, input);
        const folder = path.dirname(input);
        stamps[folder] ??= stampOf(root, folder);
      }
      // A file saved while esbuild read the files (or just before: file times lag the clock by a few ms) may be in
      // the bundle as it was: such a bundle is not kept.
      if (Object.values(stamps).some((stamp) => Number(stamp.split(' ')[1]) >= startedAt - SAVED_JUST_BEFORE_MS))
        return;
      try {
        mkdirSync(path.dirname(file), { recursive: true });
        // Written beside it, then renamed: another start reads a whole file or none.
        const temporary = `${file}.${process.pid}.tmp`;
        writeFileSync(temporary, JSON.stringify({ stamps, value }));
        renameSync(temporary, file);
      } catch {
        // Without a cache the next start builds again: nothing else depends on it.
      }
    },
  };
}

function stampOf(root: string, at: string): string {
  try {
    const stat = statSync(path.resolve(root, at));
    return stat.isDirectory() ? `folder ${stat.mtimeMs}` : `${stat.size} ${stat.mtimeMs}`;
  } catch {
    return 'absent';
  }
}
