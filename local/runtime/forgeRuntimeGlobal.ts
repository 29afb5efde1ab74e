import type { ForgeRuntime } from '@forge/api/out/api/runtime';
import { currentInvocation } from './invocation';
import type { LoadedManifest } from './manifest';

/**
 * The `global.__forge_runtime__` object @forge/api (getAppContext, metrics, authorize) and
 * @forge/kvs (index.js getFetchClient) read. Per-invocation fields are getters over the current invocation.
 */
export interface SiteIdentity {
  cloudId: string;
  environmentId: string;
  installationId: string;
  appVersion: string;
}

/** Invocation time left when code runs outside any invocation (tests seeding the store, the CLI). */
const OUTSIDE_INVOCATION_MS = 900_000;

const noOpMetrics: ForgeRuntime['metrics'] = {
  counter: () => ({ incr() {}, incrBy() {}, decr() {}, decrBy() {} }),
  timing: () => ({ measure: () => ({ stop() {} }) }),
  gauge: () => ({ set() {} }),
};

export function installationAri(installationId: string) {
  return {
    installationId,
    toString: () => `ari:cloud:ecosystem::installation/${installationId}`,
    toJSON: () => `ari:cloud:ecosystem::installation/${installationId}`,
  };
}

export function siteAri(cloudId: string): string {
  return `ari:cloud:jira::site/${cloudId}`;
}

/** The second argument Forge passes a trigger or consumer function, and the install part of a resolver's. */
export function platformContext(site: SiteIdentity) {
  return {
    installContext: siteAri(site.cloudId),
    installation: { ari: installationAri(site.installationId), contexts: [siteAri(site.cloudId)] },
  };
}

export function buildForgeRuntime(manifest: LoadedManifest, site: SiteIdentity): ForgeRuntime {
  const installation = {
    ari: installationAri(site.installationId),
    contexts: [{ cloudId: site.cloudId, toString: () => siteAri(site.cloudId) }],
  };
  const permissions = {
    scopes: manifest.scopes,
    external: manifest.externalFetchBackend.length ? { fetch: { backend: manifest.externalFetchBackend } } : {},
  };
  const runtime = {
    proxy: { token: 'local-forge-proxy-token', url: 'https://proxy.local-forge.invalid' },
    contextAri: siteAri(site.cloudId),
    container: { region: 'local', runtime: 'nodejs', appCodeDir: manifest.appRoot },
    realtime: {},
    metrics: noOpMetrics,
    kvs: { url: 'https://kvs.local-forge.invalid', host: 'kvs.local-forge.invalid' },
    externalAuth: [],
    featureFlags: () => false,
    get appContext() {
      const invocation = currentInvocation();
      return {
        appId: manifest.appId,
        appVersion: site.appVersion,
        environmentId: site.environmentId,
        environmentType: 'DEVELOPMENT',
        invocationId: invocation?.invocationId ?? 'outside-invocation',
        installationId: site.installationId,
        functionKey: invocation?.functionKey ?? '',
        moduleType: invocation?.moduleType ?? '',
        moduleKey: invocation?.moduleKey ?? '',
        installation,
        permissions,
      };
    },
    get aaid() {
      return currentInvocation()?.accountId;
    },
    get tracing() {
      const invocation = currentInvocation();
      return { traceId: invocation?.traceId ?? '0'.repeat(32), spanId: invocation?.spanId ?? '0'.repeat(16) };
    },
    get lambdaContext() {
      const invocation = currentInvocation();
      return {
        awsRequestId: invocation?.invocationId ?? 'outside-invocation',
        getRemainingTimeInMillis: () =>
          invocation ? Math.max(0, invocation.deadline - invocation.clock.now()) : OUTSIDE_INVOCATION_MS,
      };
    },
  };
  return runtime as unknown as ForgeRuntime;
}
