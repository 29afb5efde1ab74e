import { systemClock, type Clock } from '../clock';
import { createCsmClient, type CsmClient } from '../csm/client';
import type { Principal } from '../csm/principal';
import { forgeTransport, type Transport } from '../csm/transport';
import { createRateLimitGate } from '../csm/rateLimitGate';
import { forgeJobQueue, type JobQueue } from '../queue/jobQueue';
import type { AppStore } from '../store/appStore';
import { kvsJobStore } from '../store';

/** What the engine needs from the platform; production wires Forge, tests may swap any of it. */
export interface EngineDeps {
  store: AppStore;
  queue: JobQueue;
  clock: Clock;
  random: () => number;
  csm(principal: Principal): CsmClient;
}

export interface ForgeDepsOptions {
  transport?: Transport;
  clock?: Clock;
  /** When CSM calls must have answered (clock ms): a resolver's CSM client gives up on waits past it. */
  deadline?: number;
}

export function forgeEngineDeps(options: ForgeDepsOptions = {}): EngineDeps {
  const clock = options.clock ?? systemClock;
  const transport = options.transport ?? forgeTransport;
  // One gate for every client of this engine: a quota 429 met by one job's call holds the calls of all of them.
  const rateLimits = createRateLimitGate();
  return {
    store: kvsJobStore,
    queue: forgeJobQueue,
    clock,
    random: Math.random,
    csm: (principal) => createCsmClient({ transport, principal, clock, deadline: options.deadline, rateLimits }),
  };
}
