export interface OperationFailure {
  index: number;
  error: string;
  /** CSM's own words for the row, one per failure its task listed for it (the engine tells passing ones apart). */
  reported?: string[];
  /** Found on reading back: the organization the row is about does not exist, and the row would not create it. */
  missing?: boolean;
}

export interface TaskOutcome {
  succeeded: number[];
  failed: OperationFailure[];
  /** Operations whose fate the task does not tell: read the organizations back to decide. */
  needsReadBack: number[];
  /** CSM's words for failures the task listed that could not be tied to one row (they may be why a row read back wrong). */
  unplaced?: string[];
}

export interface ReadBackOutcome {
  succeeded: number[];
  failed: OperationFailure[];
}
