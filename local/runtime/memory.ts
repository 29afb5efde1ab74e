import { readFileSync, writeFileSync } from 'node:fs';
import { GCProfiler, getHeapStatistics } from 'node:v8';

/**
 * What a function's invocations need in memory: Forge runs each function with its manifest's `runtime.memoryMB`
 * (512 MB when unset) and bills that memory for the invocation's whole time, used or not (GB-seconds); a function
 * that needs more than it has is stopped. The local runtime runs every function in one process, so an invocation is
 * measured only while no other one runs beside it: the process's peak resident memory (Linux's high-water mark,
 * reset when the invocation starts) and the most its heap grew (V8's used heap before each collection and at the
 * end, over the heap when it started). What a function needs is then the memory of its process before any
 * invocation (node and the app's code) and that growth (memoryVerdicts).
 */
export interface MemoryUse {
  /** Invocations measured alone; those that overlapped another are counted in `overlapped` and not measured. */
  measured: number;
  overlapped: number;
  /** The highest resident memory of the whole process while one of them ran: node, the runtime, its store, the app. */
  peakRssMb: number;
  /** The most the heap grew over its size when an invocation started (after a collection, if gc is exposed). */
  heapGrowthMb: number;
  /** What the last one measured grew it by. */
  lastHeapGrowthMb: number;
  /** Which invocation grew the heap most, e.g. `invoke('startJob')` or `consumer 'job-runner-consumer'`. */
  heaviest: string;
  /** The function's memory in the manifest (512 when unset). */
  memoryMB: number;
}

const MB = 1024 * 1024;
const STATUS = '/proc/self/status';
const CLEAR_REFS = '/proc/self/clear_refs';

/** Resident memory now and its high-water mark, in bytes (Linux); elsewhere the process's maxRSS, not resettable. */
function residentMemory(): { rss: number; peak: number } {
  try {
    const status = readFileSync(STATUS, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  } catch {
    return { rss: process.memoryUsage.rss(), peak: process.resourceUsage().maxRSS * 1024 };
  }
}

/** Sets the high-water mark back to the resident memory now ("5" in clear_refs, Linux 4.0 on); false elsewhere. */
function resetPeak(): boolean {
  try {
    writeFileSync(CLEAR_REFS, '5');
    return true;
  } catch {
    return false;
  }
}

interface Window {
  /** Each function that ran in the window, and how many of its invocations. */
  functionKeys: Map<string, number>;
  what: string;
  overlapped: boolean;
  heapAtStart: number;
  profiler: GCProfiler;
}

export class MemoryMeter {
  private running = 0;
  private window: Window | undefined;
  private readonly used = new Map<string, Omit<MemoryUse, 'memoryMB'>>();

  constructor(private readonly collect: (() => void) | undefined = globalThis.gc) {}

  /** An invocation of `functionKey` starts; call the returned function when it ends. */
  start(functionKey: string, what: string): () => void {
    this.running += 1;
    if (this.running === 1) this.window = this.open(functionKey, what);
    else if (this.window) {
      this.window.overlapped = true;
      this.window.functionKeys.set(functionKey, (this.window.functionKeys.get(functionKey) ?? 0) + 1);
    }
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.running -= 1;
      if (this.running === 0 && this.window) this.close(this.window);
    };
  }

  report(memoryOf: (functionKey: string) => number): Record<string, MemoryUse> {
    return Object.fromEntries([...this.used].map(([key, use]) => [key, { ...use, memoryMB: memoryOf(key) }]));
  }

  private open(functionKey: string, what: string): Window {
    this.collect?.();
    resetPeak();
    const profiler = new GCProfiler();
    profiler.start();
    return { functionKeys: new Map([[functionKey, 1]]), what, overlapped: false, heapAtStart: usedHeap(), profiler };
  }

  private close(window: Window): void {
    this.window = undefined;
    const collections = window.profiler.stop()?.statistics ?? [];
    // GCProfiler reports V8's statistics in camelCase, whatever @types/node says.
    const used = (stats: unknown) => (stats as { usedHeapSize: number }).usedHeapSize;
    const heapPeak = Math.max(usedHeap(), ...collections.map((gc) => used(gc.beforeGC.heapStatistics)));
    const { peak } = residentMemory();
    for (const [key, invocations] of window.functionKeys) {
      const use = this.used.get(key) ?? {
        measured: 0,
        overlapped: 0,
        peakRssMb: 0,
        heapGrowthMb: 0,
        lastHeapGrowthMb: 0,
        heaviest: '',
      };
      this.used.set(key, use);
      if (window.overlapped) {
        use.overlapped += invocations;
        continue;
      }
      use.measured += 1;
      use.peakRssMb = Math.max(use.peakRssMb, Math.round(peak / MB));
      const growth = Math.round(Math.max(0, heapPeak - window.heapAtStart) / MB);
      use.lastHeapGrowthMb = growth;
      if (growth >= use.heapGrowthMb) Object.assign(use, { heapGrowthMb: growth, heaviest: window.what });
    }
  }
}

/** V8's used heap: what process.memoryUsage().heapUsed says, without the resident-memory read it also makes. */
function usedHeap(): number {
  return getHeapStatistics().used_heap_size;
}

/** A function's need against its memory. */
export interface MemoryVerdict {
  functionKey: string;
  /** `baseMb` and the most one of its invocations grew the heap. */
  needMb: number;
  memoryMB: number;
  over: boolean;
}

/**
 * Each measured function's need against its manifest's memoryMB: `baseMb` (what its process holds before any
 * invocation: node and the app's code) plus the most one of its invocations grew the heap. Measured under a heap
 * limit (node's --max-old-space-size), as a function with little memory collects its garbage sooner; a process
 * whose heap passes the limit dies, as Forge stops a function over its memory.
 */
export function memoryVerdicts(uses: Record<string, MemoryUse>, baseMb: number): MemoryVerdict[] {
  return Object.entries(uses)
    .filter(([, use]) => use.measured > 0)
    .map(([functionKey, use]) => {
      const needMb = baseMb + use.heapGrowthMb;
      return { functionKey, needMb, memoryMB: use.memoryMB, over: needMb > use.memoryMB };
    });
}
