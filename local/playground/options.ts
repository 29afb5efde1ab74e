import type { DetailFieldDefinition } from '../emulator';
import { parseDetailFields } from '../emulator/schemas/stateSchema';

export interface PlaygroundOptions {
  port: number;
  fresh: boolean;
  taskMs?: number;
  maxActiveTasks?: number;
  faultRate?: number;
  detailFields?: DetailFieldDefinition[];
}

export const PLAYGROUND_USAGE = `Usage: npm start -- [--port N] [--fresh] [--task-ms MS] [--max-active-tasks K] [--fault-rate P] [--detail-fields JSON]
Serves the admin page on http://127.0.0.1:N/ against an embedded CSM emulator. State lives under .local/ unless --fresh.`;

export type PlaygroundFlags = { ok: true; options: PlaygroundOptions } | { ok: false; help: true } | { ok: false; help?: false; error: string };

const NUMBERS: Record<string, 'port' | 'taskMs' | 'maxActiveTasks' | 'faultRate'> = {
  '--port': 'port',
  '--task-ms': 'taskMs',
  '--max-active-tasks': 'maxActiveTasks',
  '--fault-rate': 'faultRate',
};

export function parsePlaygroundFlags(argv: string[]): PlaygroundFlags {
  const options: PlaygroundOptions = { port: 0, fresh: false };
  for (let i = 0; i < argv.length; i++) {
    const eq = argv[i].indexOf('=');
    const [flag, inline] = argv[i].startsWith('--') && eq > 0 ? [argv[i].slice(0, eq), argv[i].slice(eq + 1)] : [argv[i], undefined];
    if (flag === '--help' || flag === '-h') return { ok: false, help: true };
    if (flag === '--fresh') {
      options.fresh = true;
      continue;
    }
    if (!(flag in NUMBERS) && flag !== '--detail-fields') return { ok: false, error: `Unknown flag '${argv[i]}'.` };
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) return { ok: false, error: `Flag ${flag} needs a value.` };
    if (flag === '--detail-fields') {
      try {
        options.detailFields = parseDetailFields(JSON.parse(value), '--detail-fields');
      } catch (err) {
        return { ok: false, error: `--detail-fields: ${(err as Error).message}` };
      }
      continue;
    }
    const number = Number(value);
    if (value.trim() === '' || !Number.isFinite(number)) return { ok: false, error: `Flag ${flag} needs a number, got '${value}'.` };
    if (flag === '--port' && !(Number.isInteger(number) && number >= 0 && number <= 65535)) {
      return { ok: false, error: `--port needs a port number from 0 to 65535, got '${value}'.` };
    }
    options[NUMBERS[flag]] = number;
  }
  return { ok: true, options };
}
