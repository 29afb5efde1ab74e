import { invoke } from '@forge/bridge';
import { useCallback, useEffect, useState } from 'react';
import type { ResolverAnswers, ResolverName, ResolverPayload, ResolverResult } from '../../resolvers/contract';

export type Loaded<T> =
  { state: 'loading' } | { state: 'ready'; data: T } | { state: 'error'; code: string; message: string };

/** Calls a resolver through the typed contract; every failure arrives as a code and a sentence. */
export async function call<K extends ResolverName>(
  name: K,
  payload?: ResolverPayload<K>,
): Promise<ResolverResult<ResolverAnswers[K]>> {
  try {
    // Without invoke metadata the bridge answers with the resolver's value itself.
    return (await invoke<ResolverResult<ResolverAnswers[K]>>(
      name,
      (payload ?? {}) as Record<string, unknown>,
    )) as ResolverResult<ResolverAnswers[K]>;
  } catch (error) {
    return {
      ok: false,
      code: 'INTERNAL',
      message: `The app could not be reached (${(error as Error).message}). Reload the page.`,
    };
  }
}

export function useResolver<K extends ResolverName>(name: K, payload?: ResolverPayload<K>) {
  const [loaded, setLoaded] = useState<Loaded<ResolverAnswers[K]>>({ state: 'loading' });
  const key = JSON.stringify(payload ?? {});
  const reload = useCallback(async () => {
    const result = await call(name, payload);
    setLoaded(
      result.ok
        ? { state: 'ready', data: result.data }
        : { state: 'error', code: result.code, message: result.message },
    );
    // The payload counts by its content (key): a new object with the same content must not reload.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [name, key]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { loaded, reload };
}
