import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

/**
 * Reads manifest.yml the way Forge wires an app: which function each module calls,
 * which file and export each function is, and what the app may reach (scopes, egress).
 */

export type TriggerInterval = 'fiveMinute' | 'hour' | 'day' | 'week';

export interface ManifestFunction {
  key: string;
  /** As written in the manifest, e.g. `index.adminPageResolver`. */
  handler: string;
  /** The module part of the handler, relative to `<appRoot>/src`, e.g. `index`. */
  modulePath: string;
  exportName: string;
  timeoutSeconds?: number;
  /** Memory the function runs with (its `runtime.memoryMB`); Forge's default is 512 MB. */
  memoryMB?: number;
}

export interface ResolverModule {
  moduleKey: string;
  moduleType: string;
  functionKey: string;
}

export interface ConsumerModule {
  key: string;
  queue: string;
  functionKey: string;
}

export interface ScheduledTriggerModule {
  key: string;
  functionKey: string;
  interval: TriggerInterval;
}

/** The attribute types the Custom Entity Store knows (storage-api-custom-entities, "Limitations"). */
export type AttributeType = 'string' | 'integer' | 'float' | 'boolean' | 'any';

/** A custom entity as `app.storage.entities` declares it. */
export interface EntitySchema {
  indexes: EntityIndex[];
  attributes: Record<string, AttributeType>;
}

export interface EntityIndex {
  name: string;
  range: string[];
  partition: string[];
}

export interface LoadedManifest {
  appRoot: string;
  manifestPath: string;
  /** `app.id` as written: `ari:cloud:ecosystem::app/<uuid>`. */
  appAri: string;
  /** The uuid part of `app.id`, which @forge/api's getAppAri expects. */
  appId: string;
  functions: Record<string, ManifestFunction>;
  resolvers: ResolverModule[];
  consumers: ConsumerModule[];
  scheduledTriggers: ScheduledTriggerModule[];
  scopes: string[];
  /**
   * Scopes declared in map form with `allowImpersonation: true`: only these may be used by `api.asUser(accountId)`
   * (Forge manifest reference, Permissions: "specify allowImpersonation: true on scopes your app will use for
   * offline user impersonation"). A plain list of scopes allows none.
   */
  impersonationScopes: string[];
  /** `permissions.external.fetch.backend` addresses. */
  externalFetchBackend: string[];
  /** `app.storage.entities`: indexes and attribute types per entity name. */
  entities: Record<string, EntitySchema>;
}

const HANDLER_EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.cjs'];
const RESOLVER_MODULE_TYPES = ['jira:adminPage', 'jira:globalPage', 'jira:projectPage', 'jira:issuePanel'];

const functionSchema = z.object({
  key: z.string().min(1),
  handler: z.string().regex(/^[^.]+(\.[^.]+)*\.[A-Za-z_$][\w$]*$/, 'must look like <file>.<export>, e.g. index.run'),
  timeoutSeconds: z.number().int().min(1).max(900).optional(),
  // @forge/manifest's schema: 128 to 4096 MB ("The default value is 512 MB").
  runtime: z.object({ memoryMB: z.number().int().min(128).max(4096).optional() }).optional(),
});
const resolverModuleSchema = z.object({ key: z.string(), resolver: z.object({ function: z.string() }).optional() });
const consumerSchema = z.object({ key: z.string(), queue: z.string(), function: z.string() });
const triggerSchema = z.object({
  key: z.string(),
  function: z.string(),
  interval: z.enum(['fiveMinute', 'hour', 'day', 'week']),
});
const addressSchema = z.union([z.string(), z.object({ address: z.string() })]);
const indexSchema = z.union([
  z.string(),
  z.object({ name: z.string(), range: z.array(z.string()).optional(), partition: z.array(z.string()).optional() }),
]);
const manifestSchema = z.object({
  modules: z
    .object({
      function: z.array(functionSchema).default([]),
      consumer: z.array(consumerSchema).default([]),
      scheduledTrigger: z.array(triggerSchema).default([]),
    })
    .catchall(z.unknown()),
  app: z.object({
    id: z.string().regex(/^ari:cloud:ecosystem::app\/[\w-]+$/, 'must be ari:cloud:ecosystem::app/<uuid>'),
    storage: z
      .object({
        entities: z
          .array(
            z.object({
              name: z.string(),
              attributes: z
                .record(z.string(), z.object({ type: z.enum(['string', 'integer', 'float', 'boolean', 'any']) }))
                .default({}),
              indexes: z.array(indexSchema).default([]),
            }),
          )
          .default([]),
      })
      .optional(),
  }),
  permissions: z
    .object({
      // A list of scope names, or a map of scope → { allowImpersonation } (@forge/manifest's schema takes both).
      scopes: z
        .union([
          z.array(z.string()),
          z.record(z.string(), z.strictObject({ allowImpersonation: z.boolean().optional() }).nullable()),
        ])
        .default([]),
      external: z.object({ fetch: z.object({ backend: z.array(addressSchema).default([]) }).optional() }).optional(),
    })
    .optional(),
});

/** The last manifest read from each path, by its text: a test suite makes a runtime over the same app many times. */
const lastRead = new Map<string, { text: string; manifest: LoadedManifest }>();

export function loadManifest(appRoot: string): LoadedManifest {
  const root = resolve(appRoot);
  const manifestPath = join(root, 'manifest.yml');
  if (!existsSync(manifestPath)) {
    throw new Error(`No manifest.yml in ${root}: pass the app's root folder as appRoot.`);
  }
  const text = readFileSync(manifestPath, 'utf8');
  const known = lastRead.get(manifestPath);
  // Parsing the YAML and checking it with zod costs tens of ms; the same text reads the same. A copy, as every
  // runtime got its own before.
  if (known?.text === text) return structuredClone(known.manifest);
  const manifest = readManifest(root, manifestPath, text);
  lastRead.set(manifestPath, { text, manifest: structuredClone(manifest) });
  return manifest;
}

function readManifest(root: string, manifestPath: string, text: string): LoadedManifest {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (err) {
    throw new Error(`${manifestPath} is not valid YAML: ${(err as Error).message}`, { cause: err });
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`${manifestPath} does not describe a Forge app the local runtime can host (${problems}).`);
  }
  const m = parsed.data;

  const functions: Record<string, ManifestFunction> = {};
  for (const fn of m.modules.function) {
    const cut = fn.handler.lastIndexOf('.');
    functions[fn.key] = {
      key: fn.key,
      handler: fn.handler,
      modulePath: fn.handler.slice(0, cut),
      exportName: fn.handler.slice(cut + 1),
      timeoutSeconds: fn.timeoutSeconds,
      ...(fn.runtime?.memoryMB === undefined ? {} : { memoryMB: fn.runtime.memoryMB }),
    };
  }
  const requireFunction = (functionKey: string, where: string) => {
    if (!functions[functionKey]) {
      throw new Error(
        `${manifestPath}: ${where} names function '${functionKey}', which modules.function does not declare.`,
      );
    }
    return functionKey;
  };

  const resolvers: ResolverModule[] = [];
  for (const moduleType of RESOLVER_MODULE_TYPES) {
    const entries = z.array(resolverModuleSchema).safeParse(m.modules[moduleType] ?? []);
    if (!entries.success) continue;
    for (const entry of entries.data) {
      if (!entry.resolver) continue;
      resolvers.push({
        moduleKey: entry.key,
        moduleType,
        functionKey: requireFunction(entry.resolver.function, `${moduleType} '${entry.key}' resolver`),
      });
    }
  }
  const consumers = m.modules.consumer.map((c) => ({
    key: c.key,
    queue: c.queue,
    functionKey: requireFunction(c.function, `consumer '${c.key}'`),
  }));
  const scheduledTriggers = m.modules.scheduledTrigger.map((t) => ({
    key: t.key,
    interval: t.interval,
    functionKey: requireFunction(t.function, `scheduledTrigger '${t.key}'`),
  }));

  const entities: Record<string, EntitySchema> = {};
  for (const entity of m.app.storage?.entities ?? []) {
    entities[entity.name] = {
      indexes: entity.indexes.map((index) =>
        typeof index === 'string'
          ? { name: index, range: [index], partition: [] }
          : { name: index.name, range: index.range ?? [index.name], partition: index.partition ?? [] },
      ),
      attributes: Object.fromEntries(Object.entries(entity.attributes).map(([name, { type }]) => [name, type])),
    };
  }

  return {
    appRoot: root,
    manifestPath,
    appAri: m.app.id,
    appId: m.app.id.slice(m.app.id.lastIndexOf('/') + 1),
    functions,
    resolvers,
    consumers,
    scheduledTriggers,
    ...scopesOf(m.permissions?.scopes ?? []),
    externalFetchBackend: (m.permissions?.external?.fetch?.backend ?? []).map((a) =>
      typeof a === 'string' ? a : a.address,
    ),
    entities,
  };
}

function scopesOf(declared: string[] | Record<string, { allowImpersonation?: boolean } | null>) {
  if (Array.isArray(declared)) return { scopes: declared, impersonationScopes: [] };
  const scopes = Object.keys(declared);
  return { scopes, impersonationScopes: scopes.filter((scope) => declared[scope]?.allowImpersonation === true) };
}

export type FunctionHandler = (...args: unknown[]) => unknown;

/** Finds `<appRoot>/src/<modulePath>` the way Forge resolves a handler's file (any of the usual extensions). */
export function handlerFile(manifest: LoadedManifest, fn: ManifestFunction): string | undefined {
  const base = join(manifest.appRoot, 'src', fn.modulePath);
  const candidates = [
    ...HANDLER_EXTENSIONS.map((ext) => base + ext),
    ...HANDLER_EXTENSIONS.map((ext) => join(base, 'index' + ext)),
  ];
  return candidates.find((file) => existsSync(file) && statSync(file).isFile());
}

/**
 * require()s every function's module and checks its export, so a wrong manifest fails at start-up
 * rather than at the first event. Modules load with the runtime's globals in place, as on Forge.
 */
export function loadHandlers(manifest: LoadedManifest): Record<string, FunctionHandler> {
  const handlers: Record<string, FunctionHandler> = {};
  for (const fn of Object.values(manifest.functions)) {
    const where = `Function '${fn.key}' (handler '${fn.handler}' in ${manifest.manifestPath})`;
    const file = handlerFile(manifest, fn);
    if (!file) {
      throw new Error(
        `${where}: module src/${fn.modulePath} is missing: no src/${fn.modulePath}{${HANDLER_EXTENSIONS.join(',')}} under ${manifest.appRoot}. ` +
          'Create it or fix the handler.',
      );
    }
    let exported: Record<string, unknown>;
    try {
      // The app's handler module, loaded by path as Forge loads it.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      exported = require(file) as Record<string, unknown>;
    } catch (err) {
      throw new Error(`${where}: loading ${file} failed: ${(err as Error).message}`, { cause: err });
    }
    const handler = exported[fn.exportName];
    if (typeof handler !== 'function') {
      const found = Object.keys(exported).filter((name) => typeof exported[name] === 'function');
      throw new Error(
        `${where}: ${file} has no exported function '${fn.exportName}'` +
          (handler === undefined ? '' : ` (it exports a ${typeof handler})`) +
          `. Functions it exports: ${found.length ? found.join(', ') : 'none'}.`,
      );
    }
    handlers[fn.key] = handler as FunctionHandler;
  }
  return handlers;
}
