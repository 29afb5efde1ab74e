import { StoredRecordError } from '../domain/records';
import Resolver from '@forge/resolver';
import { invocationTimeLeftMs } from '../platform/runtime';
import { CsmError, describeCsmError, isTransient, quotaRefusalText } from '../csm/errors';
import { forgeEngineDeps, type EngineDeps } from '../jobs/deps';
import { JobInputError } from '../jobs/lifecycle/startJob';
import { isStorageRateLimited, STORAGE_LIMITED_WORDS, StorageUnavailable } from '../store/storageErrors';
import { SyncTextUnreadable } from '../store/syncTexts';
import { payloadSchemas, type ResolverName, type ResolverResult } from './contract';
import { handlers, ResolverFailure } from './handlers';
import { isJiraAdmin } from './adminCheck';

/**
 * Every resolver: a server-side Jira-admin check (the page is admin-only, but the resolver is
 * the security boundary; a read may use the answer of the last few minutes, a change always asks Jira), payload
 * validation, the engine call, and a typed result.
 */
export function buildResolver(deps: (deadline: number) => EngineDeps = (deadline) => forgeEngineDeps({ deadline })) {
  const resolver = new Resolver();
  for (const name of Object.keys(handlers) as ResolverName[]) {
    resolver.define(name, async (request): Promise<ResolverResult<unknown>> => {
      const engine = deps(resolverDeadline());
      const accountId = request.context.accountId as string | undefined;
      try {
        if (!accountId) return { ok: false, code: 'NOT_ADMIN', message: 'Sign in to Jira to use this page.' };
        if (!(await isJiraAdmin(engine, accountId, name))) {
          return {
            ok: false,
            code: 'NOT_ADMIN',
            message:
              'Only Jira administrators can manage organizations in bulk. Ask someone with the Administer Jira global permission.',
          };
        }
        const parsed = payloadSchemas[name].safeParse(request.payload ?? {});
        if (!parsed.success) {
          const where = parsed.error.issues
            .map((issue) => `${issue.path.join('.') || 'payload'}: ${issue.message}`)
            .join('; ');
          return {
            ok: false,
            code: 'INVALID_PAYLOAD',
            message: `The page sent a request the app cannot read (${where}). Reload the page and try again.`,
          };
        }
        const handler = handlers[name] as (
          deps: EngineDeps,
          payload: unknown,
          caller: { accountId: string },
        ) => Promise<unknown>;
        return { ok: true, data: await handler(engine, parsed.data, { accountId }) };
      } catch (error) {
        return toFailure(error);
      }
    });
  }
  return resolver;
}

function toFailure(error: unknown): ResolverResult<never> {
  if (error instanceof ResolverFailure)
    return { ok: false, code: error.code, message: error.message, problems: error.problems };
  if (error instanceof JobInputError) return { ok: false, code: 'INVALID_INPUT', message: error.message };
  if (error instanceof CsmError) {
    if (error.kind === 'needsAuthentication')
      return { ok: false, code: 'NEEDS_CONSENT', message: describeCsmError(error) };
    return {
      ok: false,
      code: isTransient(error) ? 'CSM_UNAVAILABLE' : 'CSM_REFUSED',
      // A job waits out Atlassian's hourly limit by itself; what the page asked for now is to be asked again.
      message: error.quotaResetAt === undefined ? describeCsmError(error) : quotaRefusalText(error.quotaResetAt),
    };
  }
  // Storage that kept failing some keys, or a stored text that stayed short: the message says what and what to do.
  if (error instanceof StorageUnavailable || error instanceof SyncTextUnreadable) {
    console.error('Resolver failed', error);
    return { ok: false, code: 'INTERNAL', message: error.message };
  }
  if (isStorageRateLimited(error))
    return { ok: false, code: 'INTERNAL', message: `${STORAGE_LIMITED_WORDS}; try again in a minute.` };
  if (error instanceof StoredRecordError) {
    console.error('Resolver failed', error);
    return { ok: false, code: 'INTERNAL', message: `${error.message} Report this with the time it happened.` };
  }
  console.error('Resolver failed', error);
  return {
    ok: false,
    code: 'INTERNAL',
    message: 'Something went wrong in the app. Try again; if it keeps happening, report it with the time it happened.',
  };
}

/**
 * Forge stops a UI resolver at 25 s (invocation limits). CSM calls made here must have answered well before, so the
 * page gets "try again in N s" rather than a killed call: Forge's own count of the time left, less a margin for
 * the work after the last call.
 */
const RESOLVER_MARGIN_MS = 5_000;
const RESOLVER_LIMIT_MS = 25_000;

function resolverDeadline(): number {
  // Where the runtime does not say, the whole limit from now.
  const remaining = Math.min(RESOLVER_LIMIT_MS, invocationTimeLeftMs() ?? RESOLVER_LIMIT_MS);
  return Date.now() + Math.max(0, remaining - RESOLVER_MARGIN_MS);
}

export const adminPageResolver = buildResolver().getDefinitions();
