import type { FunctionHost } from './functionHost';
import { platformContext, type SiteIdentity } from './forgeRuntimeGlobal';
import type { LoadedManifest, ResolverModule } from './manifest';

/**
 * How the platform calls a UI module's @forge/resolver function (resolver/out/index.js getDefinitions):
 * `handler({ call: { functionKey, payload }, context }, { principal: { accountId }, installContext, ... })`.
 * The resolver takes accountId from the principal, never from the caller's context.
 */
/**
 * Forge invocation limits (developer.atlassian.com/platform/forge/limits-invocation): a front-end invoke's request
 * payload is at most 500 KB and its response at most 5 MB. The page does not say whether K and M are 1000 or 1024;
 * the stricter reading, decimal bytes of the JSON, is taken.
 */
export const INVOKE_REQUEST_MAX_BYTES = 500_000;
export const INVOKE_RESPONSE_MAX_BYTES = 5_000_000;

export interface ResolverCallOptions {
  accountId: string;
  timeoutMs: number;
}

export function uiModule(manifest: LoadedManifest): ResolverModule {
  const module = manifest.resolvers.find((r) => r.moduleType === 'jira:adminPage') ?? manifest.resolvers[0];
  if (!module) {
    throw new Error(
      `${manifest.manifestPath} declares no UI module with a resolver (e.g. jira:adminPage with resolver.function).`,
    );
  }
  return module;
}

export function localIdOf(manifest: LoadedManifest, site: SiteIdentity, module: ResolverModule): string {
  return `ari:cloud:ecosystem::extension/${manifest.appId}/${site.environmentId}/static/${module.moduleKey}`;
}

/** The product context a UI Kit page sees (bridge getContext) and sends along with every invoke. */
export function productContext(manifest: LoadedManifest, site: SiteIdentity, accountId: string) {
  const module = uiModule(manifest);
  return {
    accountId,
    cloudId: site.cloudId,
    siteUrl: `https://local-${site.cloudId.slice(0, 8)}.atlassian.net`,
    moduleKey: module.moduleKey,
    localId: localIdOf(manifest, site, module),
    extension: { type: module.moduleType },
    environmentId: site.environmentId,
    environmentType: 'DEVELOPMENT',
    locale: 'en-US',
    timezone: 'UTC',
  };
}

export async function callResolver(
  host: FunctionHost,
  manifest: LoadedManifest,
  site: SiteIdentity,
  functionKey: string,
  payload: unknown,
  opts: ResolverCallOptions,
): Promise<unknown> {
  const module = uiModule(manifest);
  const what = `invoke('${functionKey}')`;
  const requestBytes = Buffer.byteLength(JSON.stringify({ functionKey, payload: payload ?? null }));
  if (requestBytes > INVOKE_REQUEST_MAX_BYTES) {
    throw new Error(
      `${what}: the payload is ${requestBytes} bytes; invoke carries at most ${INVOKE_REQUEST_MAX_BYTES}. Send less per call.`,
    );
  }
  const request = { call: { functionKey, payload }, context: productContext(manifest, site, opts.accountId) };
  const backendRuntimePayload = { principal: { accountId: opts.accountId }, ...platformContext(site) };
  const result = await host.invoke(
    module.functionKey,
    [request, backendRuntimePayload],
    { moduleKey: module.moduleKey, moduleType: module.moduleType, accountId: opts.accountId, what },
    opts.timeoutMs,
  );
  if (result === undefined) return undefined;
  // The answer crosses the wire as JSON, as on Forge.
  const wire = JSON.stringify(result);
  if (Buffer.byteLength(wire) > INVOKE_RESPONSE_MAX_BYTES) {
    throw new Error(
      `${what}: the resolver answered ${Buffer.byteLength(wire)} bytes; at most ${INVOKE_RESPONSE_MAX_BYTES} can be returned. Page the result.`,
    );
  }
  return JSON.parse(wire);
}
