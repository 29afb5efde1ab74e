import type { EmulatorState } from './types';
import type { ResolvedOptions } from './options';
import type { ApplyOutcome } from './apply/outcome';
import type { Task } from './tasks/task';
import type { OrganizationDetails, OrganizationOperation, OrganizationProfileOperation } from './schemas/bulkRequests';
import { Site } from './model/site';
import { defaultState } from './model/defaultState';
import { TaskBoard } from './tasks/taskBoard';
import { IdempotencyLedger } from './tasks/idempotencyLedger';
import { StatsRecorder } from './stats';
import { FaultInjector } from './faults';
import { PointsMeter } from './points';
import { seededRandom } from './seededRandom';
import { parseState } from './schemas/stateSchema';
import { applyOrganizationProfiles } from './apply/applyOrganizationProfiles';
import { applyOrganizations } from './apply/applyOrganizations';
import { applyOrganizationDetails } from './apply/applyOrganizationDetails';
import { applyFieldDefinitions } from './apply/applyFieldDefinitions';
import type { FieldDefinitionItem } from './schemas/fieldDefinitions';

/** One emulated site: its organizations, tasks, idempotency keys, stats and random streams. No I/O. */
export class EmulatorCore {
  site!: Site;
  board!: TaskBoard;
  readonly ledger: IdempotencyLedger;
  readonly stats = new StatsRecorder();
  readonly faults: FaultInjector;
  readonly points: PointsMeter;
  private jitterRandom!: () => number;
  /** Bumped on every change of state, so the state file is written only when needed. */
  version = 0;

  constructor(
    readonly options: ResolvedOptions,
    initial?: EmulatorState,
  ) {
    this.ledger = new IdempotencyLedger(options.retentionMs);
    this.faults = new FaultInjector(options.faultRate, options.seed, options.faultKinds);
    this.points = new PointsMeter(options, () => this.stats.points());
    this.reset();
    if (initial) this.replaceState(initial);
  }

  startState(): EmulatorState {
    return defaultState(this.options.detailFields, this.options.customers, this.options.silentlyDroppedMembers);
  }

  /** Ends due tasks and expires old ones; every request and inspection starts here. Returns the clock reading. */
  settle(): number {
    const now = this.options.now();
    if (this.board.settle(now)) this.version++;
    this.stats.openTasks(this.board.openCount());
    return now;
  }

  /** taskMs spread uniformly over taskMs·(1 ± jitter/2), so tasks submitted together end out of order. */
  taskDuration(): number {
    const { taskMs, jitter } = this.options;
    return Math.max(0, Math.round(taskMs * (1 + jitter * (this.jitterRandom() - 0.5))));
  }

  state(): EmulatorState {
    const now = this.settle();
    return { ...this.site.toState(), tasks: this.board.toState(now) };
  }

  /** Throws with every problem listed when `state` is not valid; nothing changes then. */
  replaceState(state: unknown): void {
    const parsed = parseState(state, this.startState());
    if (!parsed.ok) {
      throw new Error(
        `Invalid emulator state: ${parsed.errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join('; ')}`,
      );
    }
    this.load(parsed.state);
  }

  load(state: EmulatorState): void {
    const now = this.options.now();
    this.site = new Site(state);
    this.ledger.clear();
    for (const task of this.board.load(state.tasks, now, this.options.taskMs)) {
      if (task.idempotencyKey && task.requestHash)
        this.ledger.recordTask(task.idempotencyKey, task.requestHash, task.id);
    }
    this.version++;
    this.settle();
  }

  reset(): void {
    this.site = new Site(this.startState());
    this.board = new TaskBoard(
      this.options.retentionMs,
      (task) => this.complete(task),
      (task) => task.idempotencyKey && this.ledger.forgetTask(task.idempotencyKey, task.id),
    );
    this.ledger.clear();
    this.stats.reset();
    this.faults.reset();
    this.points.reset();
    this.jitterRandom = seededRandom(this.options.seed ^ 0x5bd1e995);
    this.version++;
  }

  private complete(task: Task): ApplyOutcome {
    switch (task.kind) {
      case 'profiles':
        return applyOrganizationProfiles(this.site, task.items as OrganizationProfileOperation[]);
      case 'organizations':
        return applyOrganizations(this.site, task.items as OrganizationOperation[]);
      case 'details':
        return applyOrganizationDetails(this.site, task.items as OrganizationDetails[]);
      case 'fields':
        return applyFieldDefinitions(this.site, task.items as FieldDefinitionItem[]);
    }
  }
}
