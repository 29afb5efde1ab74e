import { presentUser } from '../csm/principal';
import { checkMapping, MAPPING_LIMITS } from '../domain/mapping/mapping';
import type { EngineDeps } from '../jobs/deps';
import type { ResolverAnswer, ResolverName, ResolverRequest } from './contract';
import { ResolverFailure, type Caller } from './resolverFailure';

type Payload<K extends ResolverName> = ResolverRequest<K>;
type Answer<K extends ResolverName> = Promise<ResolverAnswer<K>>;

/** Mappings saved by name, per site: bounded in count and size, checked against the site's fields when saved. */
export function mappingHandlers() {
  return {
    async listMappings(deps: EngineDeps): Answer<'listMappings'> {
      return { mappings: await deps.store.mappings.list(), max: MAPPING_LIMITS.saved };
    },

    async saveMapping(deps: EngineDeps, payload: Payload<'saveMapping'>, caller: Caller): Answer<'saveMapping'> {
      const detailFields = await deps.csm(presentUser).getDetailFields();
      const problems = checkMapping(payload.mapping, payload.kind, detailFields);
      if (problems.length > 0)
        throw new ResolverFailure('INVALID_INPUT', `The mapping "${payload.name}" was not saved: ${problems[0]}`);
      const saved = {
        name: payload.name,
        kind: payload.kind,
        mapping: { ...payload.mapping, name: payload.name },
        savedAt: deps.clock.now(),
        savedBy: caller.accountId,
      };
      if (!(await deps.store.mappings.put(saved, MAPPING_LIMITS.saved)))
        throw new ResolverFailure(
          'INVALID_INPUT',
          `This site keeps at most ${MAPPING_LIMITS.saved} saved mappings: delete one you no longer use, or save over one by its name.`,
        );
      return { saved };
    },

    async deleteMapping(deps: EngineDeps, payload: Payload<'deleteMapping'>): Answer<'deleteMapping'> {
      await deps.store.mappings.delete(payload.name);
      return { deleted: payload.name };
    },
  };
}
