import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { EmulatorState } from './types';

const SAVE_DELAY_MS = 100;

/** The optional JSON file a playground keeps its site in: read once at start, written shortly after changes. */
export class StateFile {
  private timer?: NodeJS.Timeout;
  private pending?: () => EmulatorState;

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
    this.timer = setTimeout(() => {
      try {
        this.flush();
      } catch (err) {
        process.stderr.write(`CSM emulator could not save its state to ${this.path}: ${(err as Error).message}\n`);
      }
    }, SAVE_DELAY_MS);
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
    writeFileSync(temporary, JSON.stringify(snapshot()));
    renameSync(temporary, this.path);
  }
}
