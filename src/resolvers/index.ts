import Resolver from '@forge/resolver';
import { presentUser } from '../csm/principal';
import { CsmError, describeCsmError } from '../csm/errors';
import { forgeEngineDeps, type EngineDeps } from '../jobs/deps';
import { JobInputError } from '../jobs/startJob';
import { payloadSchemas, type ResolverName, type ResolverResult } from './contract';
import { handlers, ResolverFailure } from './handlers';

/**
 * Every resolver: a server-side Jira-admin check (the page is admin-only, but the resolver is
 * the security boundary), payload validation, the engine call, and a typed result.
 */
export function buildResolver(deps: () => EngineDeps = () => forgeEngineDeps()) {
  const resolver = new Resolver();
  for (const name of Object.keys(handlers) as ResolverName[]) {
    resolver.define(name, async (request): Promise<ResolverResult<unknown>> => {
      const engine = deps();
      const accountId = request.context.accountId as string | undefined;
      try {
        if (!accountId) return { ok: false, code: 'NOT_ADMIN', message: 'Sign in to Jira to use this page.' };
        if (!(await engine.csm(presentUser).isJiraAdmin())) {
          return {
            ok: false,
            code: 'NOT_ADMIN',
            message: 'Only Jira administrators can manage organizations in bulk. Ask someone with the Administer Jira global permission.',
          };
        }
        const parsed = payloadSchemas[name].safeParse(request.payload ?? {});
        if (!parsed.success) {
          const where = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'payload'}: ${issue.message}`).join('; ');
          return { ok: false, code: 'INVALID_PAYLOAD', message: `The page sent a request the app cannot read (${where}). Reload the page and try again.` };
        }
        const handler = handlers[name] as (deps: EngineDeps, payload: unknown, caller: { accountId: string }) => Promise<unknown>;
        return { ok: true, data: await handler(engine, parsed.data, { accountId }) };
      } catch (error) {
        return toFailure(error);
      }
    });
  }
  return resolver;
}

function toFailure(error: unknown): ResolverResult<never> {
  if (error instanceof ResolverFailure) return { ok: false, code: error.code, message: error.message, problems: error.problems };
  if (error instanceof JobInputError) return { ok: false, code: 'INVALID_INPUT', message: error.message };
  if (error instanceof CsmError) {
    if (error.kind === 'needsAuthentication') return { ok: false, code: 'NEEDS_CONSENT', message: describeCsmError(error) };
    const unavailable = error.kind === 'server' || error.kind === 'rateLimited' || error.kind === 'lostResponse';
    return { ok: false, code: unavailable ? 'CSM_UNAVAILABLE' : 'CSM_REFUSED', message: describeCsmError(error) };
  }
  console.error('Resolver failed', error);
  return { ok: false, code: 'INTERNAL', message: 'Something went wrong in the app. Try again; if it keeps happening, report it with the time it happened.' };
}

export const adminPageResolver = buildResolver().getDefinitions();
