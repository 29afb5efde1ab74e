/** How big `npm run bench` runs (`--quick`: smaller), and the site it runs against: CSM's task time and cap. */
export interface BenchSize {
  quick: boolean;
  /** Rows of each measured job. */
  rows: number;
  /** Rows of the file parsed, checked and planned. */
  parseRows: number;
  /** Failed rows of the job with many failures (the one with few has FAILURE_BASE_ROWS). */
  failureRows: number;
}

export const benchSize = (quick: boolean): BenchSize => ({
  quick,
  rows: quick ? 2_000 : 10_000,
  parseRows: quick ? 10_000 : 50_000,
  failureRows: quick ? 10_000 : 100_000,
});

export const TASK_MS = 1_000;
export const CAP = 5;
export const FAILURE_BASE_ROWS = 1_000;

export const round = (value: number) => Math.round(value * 1000) / 1000;
