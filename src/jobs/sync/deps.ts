import { forgeSourceFetcher, type SourceFetcher } from '../../sources/fetchSource';
import { kvsSyncPlanStore, type SyncPlanStore } from '../../store/syncPlanStore';
import type { EngineDeps } from '../deps';

/** The engine plus what a sync run needs: its plans and a way to read URL sources. */
export interface SyncDeps extends EngineDeps {
  plans: SyncPlanStore;
  fetchSource: SourceFetcher;
}

export function withSync(deps: EngineDeps, overrides: Partial<Pick<SyncDeps, 'plans' | 'fetchSource'>> = {}): SyncDeps {
  return {
    ...deps,
    plans: overrides.plans ?? kvsSyncPlanStore,
    fetchSource: overrides.fetchSource ?? forgeSourceFetcher,
  };
}
