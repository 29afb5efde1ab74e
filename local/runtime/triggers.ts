import type { RuntimeClock } from './clock';
import type { FunctionHost } from './functionHost';
import { platformContext, type SiteIdentity } from './forgeRuntimeGlobal';
import type { LoadedManifest, ScheduledTriggerModule, TriggerInterval } from './manifest';

/**
 * Scheduled triggers: the function gets `({ context: { cloudId, moduleKey }, contextToken }, context)`
 * (function-reference/scheduled-trigger) and runs with no user present.
 */
export const INTERVAL_SECONDS: Record<TriggerInterval, number> = {
  fiveMinute: 300,
  hour: 3600,
  day: 86_400,
  week: 604_800,
};

export function findTrigger(manifest: LoadedManifest, triggerKey: string): ScheduledTriggerModule {
  const trigger = manifest.scheduledTriggers.find((t) => t.key === triggerKey);
  if (!trigger) {
    const known = manifest.scheduledTriggers.map((t) => t.key);
    throw new Error(
      `manifest.yml has no scheduledTrigger '${triggerKey}' (it declares: ${known.length ? known.join(', ') : 'none'}).`,
    );
  }
  return trigger;
}

export function runTrigger(host: FunctionHost, site: SiteIdentity, trigger: ScheduledTriggerModule): Promise<unknown> {
  const request = {
    context: { cloudId: site.cloudId, moduleKey: trigger.key },
    contextToken: 'local-forge-context-token',
  };
  return host.invoke(
    trigger.functionKey,
    [request, platformContext(site)],
    { moduleKey: trigger.key, moduleType: 'scheduledTrigger', what: `scheduled trigger '${trigger.key}'` },
    host.backgroundTimeoutMs(trigger.functionKey),
  );
}

/** Fires every trigger on its interval (times timeScale) until the returned function is called. */
export function startTriggerClock(
  host: FunctionHost,
  site: SiteIdentity,
  manifest: LoadedManifest,
  timeScale: number,
  clock: RuntimeClock,
  log: (line: string) => void,
): () => void {
  const cancels = new Map<string, () => void>();
  const every = (trigger: ScheduledTriggerModule) => {
    cancels.set(
      trigger.key,
      clock.after(INTERVAL_SECONDS[trigger.interval] * 1000 * timeScale, () => {
        every(trigger);
        runTrigger(host, site, trigger).catch((err: Error) =>
          log(`scheduled trigger '${trigger.key}' failed: ${err.stack ?? err}`),
        );
      }),
    );
  };
  manifest.scheduledTriggers.forEach(every);
  return () => {
    for (const cancel of cancels.values()) cancel();
    cancels.clear();
  };
}
