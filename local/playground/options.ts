import { numberFlag, parseFlags, usageText, UsageError } from '../cli/flags';
import type { DetailFieldDefinition } from '../emulator';
import { detailFieldsFlag } from '../emulator/cliFlags';

export interface PlaygroundOptions {
  port: number;
  fresh: boolean;
  taskMs?: number;
  maxActiveTasks?: number;
  faultRate?: number;
  detailFields?: DetailFieldDefinition[];
}

const FLAGS = {
  port: { type: 'string', value: 'N', help: 'port on 127.0.0.1 (0, the default, picks a free one)' },
  fresh: { type: 'boolean', help: 'start from an empty site instead of the state kept under .local/' },
  'task-ms': { type: 'string', value: 'MS', help: 'how long the emulator’s bulk tasks run' },
  'max-active-tasks': { type: 'string', value: 'K', help: 'open bulk tasks the emulated site allows' },
  'fault-rate': { type: 'string', value: 'P', help: 'share of CSM calls answered with a fault, 0 to 1' },
  'detail-fields': { type: 'string', value: 'JSON', help: 'the emulated site’s detail field definitions' },
} as const;

export const PLAYGROUND_USAGE = usageText(
  'npm start -- [flags]',
  'Serves the admin page on http://127.0.0.1:N/ against an embedded CSM emulator; Ctrl-C stops it.\nState lives under .local/ unless --fresh.',
  FLAGS,
);

export type PlaygroundFlags =
  { ok: true; options: PlaygroundOptions } | { ok: false; help: true } | { ok: false; help?: false; error: string };

export function parsePlaygroundFlags(argv: string[]): PlaygroundFlags {
  try {
    const { help, values } = parseFlags(argv, FLAGS);
    if (help) return { ok: false, help: true };
    const options: PlaygroundOptions = {
      port:
        numberFlag('port', values.port, {
          ok: (n) => Number.isInteger(n) && n >= 0 && n <= 65535,
          expected: 'a port number from 0 to 65535',
        }) ?? 0,
      fresh: values.fresh === true,
    };
    const taskMs = numberFlag('task-ms', values['task-ms']);
    const maxActiveTasks = numberFlag('max-active-tasks', values['max-active-tasks']);
    const faultRate = numberFlag('fault-rate', values['fault-rate']);
    if (taskMs !== undefined) options.taskMs = taskMs;
    if (maxActiveTasks !== undefined) options.maxActiveTasks = maxActiveTasks;
    if (faultRate !== undefined) options.faultRate = faultRate;
    if (values['detail-fields'] !== undefined) options.detailFields = detailFieldsFlag(values['detail-fields']);
    return { ok: true, options };
  } catch (error) {
    if (error instanceof UsageError) return { ok: false, error: error.message };
    throw error;
  }
}
