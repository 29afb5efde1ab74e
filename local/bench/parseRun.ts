import { spawnSync } from 'node:child_process';
import path from 'node:path';

/** parse.ts in a process of its own (its peak memory is the process's): the file of `rows` rows parsed, checked, planned. */
export function runParse(rows: number, mode: 'time' | 'memory') {
  const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'parse.ts'), String(rows), mode], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (child.status !== 0) throw new Error(`parse benchmark failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim()) as {
    rows: number;
    parser: { cpuMs: number; wallMs: number };
    parserFastest: { cpuMs: number; wallMs: number };
    app: { cpuMs: number; wallMs: number };
    chunks: number;
    peakRssMb: number;
  };
}
