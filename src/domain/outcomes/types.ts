export interface OperationFailure {
  index: number;
  error: string;
}

export interface TaskOutcome {
  succeeded: number[];
  failed: OperationFailure[];
  /** Operations whose fate the task does not tell: read the organizations back to decide. */
  needsReadBack: number[];
}

export interface ReadBackOutcome {
  succeeded: number[];
  failed: OperationFailure[];
}
