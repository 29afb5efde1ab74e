import { presentUser } from '../csm/principal';
import { proposeFields } from '../domain/fields/proposeFields';
import { DETAIL_FIELDS_PER_SITE } from '../domain/fields/newFields';
import { createDetailFields, FieldsRefused } from '../jobs/fields/createFields';
import type { EngineDeps } from '../jobs/deps';
import type { ResolverAnswer, ResolverName, ResolverRequest } from './contract';
import { fileText } from './fileSource';
import { ResolverFailure, type Caller } from './resolverFailure';

type Payload<K extends ResolverName> = ResolverRequest<K>;
type Answer<K extends ResolverName> = Promise<ResolverAnswer<K>>;

/**
 * How long createFields waits for CSM's task: the rest of a resolver's 25 s goes to the admin check, the field list
 * read before and after, and the submit. Past it the answer says PENDING; asking again follows the same task.
 */
export const CREATE_FIELDS_WAIT_MS = 10_000;

/** "Create missing fields": what a file's unknown columns suggest, and creating them (as the admin present). */
export function fieldHandlers() {
  return {
    async proposeFields(deps: EngineDeps, payload: Payload<'proposeFields'>, caller: Caller): Answer<'proposeFields'> {
      const detailFields = await deps.csm(presentUser).getDetailFields();
      const text = await fileText(deps, payload, caller);
      const proposed = proposeFields(
        { text, kind: payload.kind, format: payload.format },
        { detailFields },
        { ignoreColumns: payload.ignoreColumns },
      );
      return { ...proposed, siteFieldCount: detailFields.length, siteFieldLimit: DETAIL_FIELDS_PER_SITE };
    },

    async createFields(deps: EngineDeps, payload: Payload<'createFields'>): Answer<'createFields'> {
      try {
        return await createDetailFields(
          deps,
          presentUser,
          payload.definitions,
          deps.clock.now() + CREATE_FIELDS_WAIT_MS,
        );
      } catch (error) {
        if (error instanceof FieldsRefused)
          throw new ResolverFailure('INVALID_INPUT', `No field was created: ${error.message}`, error.problems);
        throw error;
      }
    },
  };
}
