import type { EmulatorCore } from '../core';
import { ok, validationError, type Reply } from '../http/reply';
import { parseState } from '../schemas/stateSchema';
import { parseJsonBody } from './apiRequest';

/** The /_emulator/* endpoints: for tests, benchmarks and the playground; no identity rules and no faults. */
export type InspectionHandler = (core: EmulatorCore, bodyText: string) => Reply;

export const getState: InspectionHandler = (core) => ok(core.state());

export const replaceState: InspectionHandler = (core, bodyText) => {
  const json = parseJsonBody(bodyText);
  if (!json.ok) return json.reply;
  const parsed = parseState(json.value, core.startState());
  if (!parsed.ok) return validationError(parsed.errors);
  core.load(parsed.state);
  return ok(core.state());
};

export const getStats: InspectionHandler = (core) => ok(core.stats.snapshot());

export const resetSite: InspectionHandler = (core) => {
  core.reset();
  return ok(core.state());
};
