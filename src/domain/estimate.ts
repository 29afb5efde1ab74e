/**
 * How long a job will probably take on this site, before it starts: its requests go in waves of the site's cap,
 * phase after phase (organizations are created before their details are set), and each wave takes about one of the
 * site's task times. Real tasks take seconds to minutes (a peer reports about 8 minutes per 100 profiles), so only a
 * time measured on this site is worth saying.
 */
export interface JobEstimate {
  /** About how long, from the first request sent to the last task ended. */
  ms: number;
  /** The site's mean task time it rests on (measured in its last finished job). */
  taskMs: number;
  /** How many tasks at once it assumes: the cap the next job starts with. */
  cap: number;
  /** The requests it counts: those planned, an upper bound when some rows change nothing. */
  requests: number;
}

/** The estimate for requests in the given phases (one entry per request), or undefined with nothing to send. */
export function estimateJob(phases: readonly number[], taskMs: number, cap: number): JobEstimate | undefined {
  if (phases.length === 0 || !(taskMs > 0) || cap < 1) return undefined;
  const perPhase = new Map<number, number>();
  for (const phase of phases) perPhase.set(phase, (perPhase.get(phase) ?? 0) + 1);
  let waves = 0;
  for (const requests of perPhase.values()) waves += Math.ceil(requests / cap);
  return { ms: waves * taskMs, taskMs, cap, requests: phases.length };
}
