import { DEFAULT_RETRY_POLICY } from '../../src/csm/retryPolicy';
import { ENGINE_TIMING } from '../../src/domain/timing';

/**
 * Shorter waits after a passing fault, for a test file whose subject is what the app does with faults, not how long it
 * waits: the engine's timing knobs (ENGINE_TIMING: a failed send or poll tried again after 5 s, a full site after 2 s)
 * and the CSM client's backoff (DEFAULT_RETRY_POLICY: 500 ms doubling). The app the local runtime runs is loaded in
 * the test file's module registry, so it reads these same objects. The number of attempts and the Retry-After a CSM
 * answer asks for are unchanged. Call in beforeAll; the returned function puts the real waits back (afterAll).
 */
export function shortenFaultWaits(): () => void {
  const timing = ENGINE_TIMING as { -readonly [K in keyof typeof ENGINE_TIMING]: number };
  const savedTiming = { ...timing };
  const savedPolicy = { ...DEFAULT_RETRY_POLICY };
  timing.retryLaterMs = 200;
  timing.capBackoffMs = 100;
  DEFAULT_RETRY_POLICY.baseDelayMs = 20;
  return () => {
    Object.assign(timing, savedTiming);
    Object.assign(DEFAULT_RETRY_POLICY, savedPolicy);
  };
}
