import type { EmulatorOptions } from './types';
import { parseDetailFields } from './schemas/stateSchema';

export const EMULATOR_USAGE = `Usage: npm run --silent emulator -- [--port N] [--max-active-tasks K] [--task-ms MS] [--jitter J]
       [--fault-rate P] [--seed S] [--detail-fields JSON] [--no-impersonation] [--retention-ms MS]
       [--retry-after-seconds S] [--state FILE]
Runs the local CSM emulator on 127.0.0.1 until Ctrl-C. --port 0 (the default) picks a free port.`;

export type FlagParse = { ok: true; options: EmulatorOptions } | { ok: false; help: true } | { ok: false; help?: false; error: string };

type NumericOption = 'port' | 'maxActiveTasks' | 'taskMs' | 'jitter' | 'faultRate' | 'seed' | 'retentionMs' | 'retryAfterSeconds';

const NUMERIC_FLAGS: Record<string, NumericOption> = {
  '--port': 'port',
  '--max-active-tasks': 'maxActiveTasks',
  '--task-ms': 'taskMs',
  '--jitter': 'jitter',
  '--fault-rate': 'faultRate',
  '--seed': 'seed',
  '--retention-ms': 'retentionMs',
  '--retry-after-seconds': 'retryAfterSeconds',
};

/** Flags → options; range checks are left to resolveOptions so the CLI and the API agree on them. */
export function parseEmulatorFlags(argv: string[]): FlagParse {
  const options: EmulatorOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = splitFlag(argv[i]);
    if (flag === '--help' || flag === '-h') return { ok: false, help: true };
    if (flag === '--no-impersonation') {
      options.impersonation = false;
      continue;
    }
    const takesValue = flag in NUMERIC_FLAGS || flag === '--detail-fields' || flag === '--state';
    if (!takesValue) return { ok: false, error: `Unknown flag '${argv[i]}'.` };
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) return { ok: false, error: `Flag ${flag} needs a value.` };
    if (flag === '--state') {
      options.statePath = value;
    } else if (flag === '--detail-fields') {
      try {
        options.detailFields = parseDetailFields(JSON.parse(value), '--detail-fields');
      } catch (err) {
        return { ok: false, error: `--detail-fields: ${(err as Error).message}` };
      }
    } else {
      const number = Number(value);
      if (value.trim() === '' || !Number.isFinite(number)) return { ok: false, error: `Flag ${flag} needs a number, got '${value}'.` };
      options[NUMERIC_FLAGS[flag]] = number;
    }
  }
  return { ok: true, options };
}

function splitFlag(arg: string): [string, string | undefined] {
  const eq = arg.indexOf('=');
  return arg.startsWith('--') && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
}
