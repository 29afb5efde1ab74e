import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { EmulatorState } from './types';

const SAVE_DELAY_MS = 100;

/**
 * The optional JSON file a playground keeps its site in: read once at start, written after changes at most every
 * 100 ms or ten times as long as the last write took, whichever is longer (as the local KVS's file: a site of
 * thousands of organizations is megabytes, and rewriting it every 100 ms took a large part of a job's time).
 */
export class StateFile {
  private timer?: NodeJS.Timeout;
  private pending?: () => EmulatorState;
  private lastWriteMs = 0;

  constructor(readonly path: string) {}

  /** The saved state, or undefined when there is no file yet. */
  read(): unknown {
    if (!existsSync(this.path)) return undefined;
    const text = readFileSync(this.path, 'utf8');
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new Error(
        `Emulator state file ${this.path} is not valid JSON (${(err as Error).message}): fix it or delete it to start empty.`,
        { cause: err },
      );
    }
  }

  /** Saves after a short quiet period; `snapshot` is called only when the save happens. */
  schedule(snapshot: () => EmulatorState): void {
    this.pending = snapshot;
    if (this.timer) return;
    this.timer = setTimeout(
      () => {
        try {
          this.flush();
        } catch (err) {
          process.stderr.write(`CSM emulator could not save its state to ${this.path}: ${(err as Error).message}\n`);
        }
      },
      Math.max(SAVE_DELAY_MS, 10 * this.lastWriteMs),
    );
    this.timer.unref();
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const snapshot = this.pending;
    this.pending = undefined;
    if (!snapshot) return;
    mkdirSync(dirname(this.path), { recursive: true });
    // Written beside the target then renamed, so a crash never leaves half a file.
    const temporary = `${this.path}.${process.pid}.tmp`;
    const started = performance.now();
    writeFileSync(temporary, JSON.stringify(snapshot()));
    renameSync(temporary, this.path);
    this.lastWriteMs = performance.now() - started;
  }
}
