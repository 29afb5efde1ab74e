import { setTimeout as delay } from 'node:timers/promises';
import Resolver from '@forge/resolver';
import api, { fetch, getAppContext, NeedsAuthenticationError, route } from '@forge/api';
import { kvs, WhereConditions } from '@forge/kvs';
import { InvocationError, InvocationErrorCode, Queue, type AsyncEvent, type PushEvent } from '@forge/events';

/** A fixture app whose handlers use the real @forge packages the way the product app does. */

type As = 'user' | 'app' | 'impersonated';
type Endpoint = 'mypermissions' | 'organizationList' | 'organizationBulk';

function requester(as: As, accountId?: string) {
  if (as === 'app') return api.asApp();
  return as === 'impersonated' ? api.asUser(accountId) : api.asUser();
}

async function callProduct(as: As, endpoint: Endpoint, accountId?: string) {
  const product = requester(as, accountId);
  const response =
    endpoint === 'mypermissions'
      ? await product.requestJira(route`/rest/api/3/mypermissions?permissions=ADMINISTER`)
      : endpoint === 'organizationList'
        ? await product.requestJira(route`/rest/servicedeskapi/organization?start=${0}&limit=${50}`)
        : await product.requestJira(route`/jsm/csm/api/v1/organization/bulk`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ organizations: [{ operationType: 'CREATE', payload: { name: 'Acme' } }] }),
          });
  return { status: response.status, body: await response.json() };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A sleep the runtime's timer guard does not see (node:timers/promises), as code that escapes it would. */
const untrackedSleep = (ms: number) => delay(ms);

const resolverDefinitions = new Resolver()
  .define('whoAmI', ({ context }) => {
    const app = getAppContext();
    return {
      accountId: context.accountId,
      cloudId: context.cloudId,
      moduleKey: context.moduleKey,
      extension: context.extension,
      installContext: context.installContext,
      appAri: app.appAri.toString(),
      environmentType: app.environmentType,
      appModuleKey: app.moduleKey,
      remainingMs: app.invocationRemainingTimeInMillis(),
    };
  })
  .define('callProduct', async ({ payload }) => {
    try {
      return await callProduct(payload.as, payload.endpoint, payload.accountId);
    } catch (error) {
      // What the app sees: the error class @forge/api threw.
      return {
        thrown: { name: (error as Error).name, needsAuthentication: error instanceof NeedsAuthenticationError },
      };
    }
  })
  .define('saveAndCount', async ({ payload }) => {
    for (let i = 0; i < payload.count; i++) await kvs.set(`${payload.prefix}${String(i).padStart(4, '0')}`, { i });
    let cursor: string | undefined;
    let pages = 0;
    const keys: string[] = [];
    do {
      const page = await kvs
        .query()
        .where('key', WhereConditions.beginsWith(payload.prefix))
        .limit(100)
        .cursor(cursor as string)
        .getMany();
      keys.push(...page.results.map((r) => r.key));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    return { pages, keys: keys.length, first: keys[0], last: keys[keys.length - 1] };
  })
  .define('push', async ({ payload }) =>
    new Queue({ key: payload.queue ?? 'fixture-queue' }).push(payload.events as PushEvent[]),
  )
  .define('slow', async ({ payload }) => {
    // `hang`: never ends by itself, so only the runtime's deadline can stop it (no timer of its own is left behind).
    if (payload.hang) await new Promise(() => undefined);
    return 'done';
  })
  .define('sleepThenSave', async ({ payload }) => {
    await kvs.set(`${payload.key}:started`, true);
    await (payload.untracked ? untrackedSleep : sleep)(payload.ms);
    await kvs.set(payload.key, 'saved');
    return 'saved';
  })
  .define('holdMemory', async ({ payload }) => {
    // `mb` MB live at once (arrays of 131,072 doubles: 1 MB each), held across a turn of the event loop.
    const held = Array.from({ length: payload.mb as number }, () => new Array<number>(131_072).fill(1.5));
    await sleep(10);
    return held.length;
  })
  .define('echo', ({ payload }) => payload)
  .define('sized', ({ payload }) => 'x'.repeat(payload.bytes))
  .define('egress', async ({ payload }) => {
    const response = await fetch(payload.url);
    return { status: response.status, text: await response.text() };
  })
  .define('boom', () => {
    throw new Error('resolver failed on purpose');
  })
  .getDefinitions();

// resolvers
export const resolver = resolverDefinitions;

// queue consumers
export async function consume(event: AsyncEvent, context: { installContext: string }) {
  const attempt = event.retryContext?.retryCount ?? 0;
  await kvs.set(`consumed:${String(event.body.id)}:${attempt}`, {
    body: event.body,
    jobId: event.jobId,
    eventId: event.eventId,
    queueName: event.queueName,
    retryContext: event.retryContext ?? null,
    installContext: context.installContext,
  });
  if (event.body.throw) throw new Error('consumer failed on purpose');
  if (event.body.alwaysRetry || (event.body.failFirst && attempt === 0)) {
    return new InvocationError({
      retryAfter: 2,
      retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST,
      retryData: { attempt },
    });
  }
  return undefined;
}

export async function consumeSlowly(event: AsyncEvent) {
  if (event.body.hang) await new Promise(() => undefined);
}

// scheduled triggers
export async function tick(
  request: { context: { cloudId: string; moduleKey: string } },
  context: { installContext: string },
) {
  let userCall = 'allowed';
  try {
    await api.asUser().requestJira(route`/rest/api/3/mypermissions?permissions=ADMINISTER`);
  } catch (err) {
    userCall = (err as Error).name;
  }
  const asApp = await callProduct('app', 'mypermissions');
  await kvs.set('trigger:last', { moduleKey: request.context.moduleKey });
  return {
    userCall,
    appStatus: asApp.status,
    appPrincipal: asApp.body.principal,
    request,
    installContext: context.installContext,
  };
}
