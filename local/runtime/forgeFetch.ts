import { bodyText, jsonResponse, type ForgeFetchInit } from './fetchInit';
import type { KvsService } from './kvs/kvsService';
import { productFetch, type ProductFetchContext } from './productFetch';
import type { EventQueue } from './queue/eventQueue';

/**
 * `global.__forge_fetch__(target, path, init)`: the one door every @forge package goes through.
 * Targets seen in the installed packages: `{ type: 'fpp', remote: 'jira' }` (product fetch),
 * `{ type: 'fpp', remote: 'stargate' }` (async events push, GraphQL), `{ type: 'kvs' }` (storage).
 */
export interface ForgeTarget {
  type?: string;
  provider?: string;
  remote?: string;
  accountId?: string;
}

export interface ForgeFetchServices {
  product: ProductFetchContext;
  kvs: KvsService;
  queue: EventQueue;
  /** Tests: answers a storage call with an error instead of the store (see LocalRuntimeOptions.storageFault). */
  storageFault?: StorageFault;
}

/** Decides, per storage call (`/api/v1/set`, `/api/v1/transaction`, … and its JSON body), to refuse it. */
export type StorageFault = (
  path: string,
  body: string | undefined,
) => { status: number; code: string; message: string } | undefined;

export const STORAGE_SCOPE = 'storage:app';

export type ForgeFetch = (target: ForgeTarget, path: string, init?: ForgeFetchInit) => Promise<Response>;

export function createForgeFetch(services: ForgeFetchServices): ForgeFetch {
  return async (target, path, init) => {
    if (target?.type === 'kvs') {
      if (!services.product.declaredScopes.includes(STORAGE_SCOPE)) {
        services.product.refuseScopes([STORAGE_SCOPE]);
        // [G] the code; Forge refuses storage calls from an app without the storage:app scope.
        return jsonResponse(403, {
          code: 'MISSING_SCOPE',
          message: `The app stores data but manifest.yml permissions.scopes does not declare ${STORAGE_SCOPE}. Add it.`,
        });
      }
      const text = await bodyText(init);
      const fault = services.storageFault?.(path, text);
      if (fault) return jsonResponse(fault.status, { code: fault.code, message: fault.message });
      const reply = services.kvs.handle(path, text);
      return jsonResponse(reply.status, reply.body);
    }
    if (target?.type === 'fpp' && target.remote === 'jira') {
      return productFetch(services.product, target, path, init);
    }
    if (target?.type === 'fpp' && target.remote === 'stargate' && path.startsWith('/webhook/queue/')) {
      const text = await bodyText(init);
      const reply = services.queue.handle(path, text ? JSON.parse(text) : undefined);
      return jsonResponse(reply.status, reply.body);
    }
    throw new Error(
      `The local Forge runtime does not emulate this call: ${init?.method ?? 'GET'} ${path} to ${JSON.stringify(target)}. ` +
        'Only requestJira, @forge/kvs and @forge/events queues are hosted locally.',
    );
  };
}
