// @ts-check
/**
 * The layers of ../shared/design/architecture.md as one ESLint rule (`layers/imports`, see eslint.config.mjs).
 *
 * ESLint's `no-restricted-imports` matches the import string, so `../jobs/**` caught a domain file one folder deep
 * and nothing deeper. This rule resolves every relative import against the importing file's path, finds the layer
 * of both ends, and checks the pair against LAYERS below, at any depth. Packages are checked by name (subpaths
 * included: `@forge/kvs/out/…` is `@forge/kvs`).
 */
import { builtinModules } from 'node:module';
import path from 'node:path';

/**
 * Each layer: the folders (or files) under src/ it is made of, and the other layers it may import. A file imports its
 * own layer freely; each boundary (csm, store, queue, sources, platform) is a layer of its own, so no boundary imports
 * another. Every file of src/ belongs to a layer (the longest path wins).
 * @type {Record<string, { paths: string[], imports: string[], note: string }>}
 */
export const LAYERS = {
  domain: { paths: ['src/domain'], imports: [], note: 'src/domain is pure: it imports no other layer' },
  // Time and waiting (setTimeout), injected into the CSM client and the engine: a leaf, but not pure.
  clock: { paths: ['src/clock.ts'], imports: [], note: 'src/clock.ts imports nothing of src' },
  csm: { paths: ['src/csm'], imports: ['domain', 'clock'], note: 'a boundary imports only the domain' },
  store: { paths: ['src/store'], imports: ['domain', 'clock'], note: 'a boundary imports only the domain' },
  queue: { paths: ['src/queue'], imports: ['domain', 'clock'], note: 'a boundary imports only the domain' },
  sources: { paths: ['src/sources'], imports: ['domain', 'clock'], note: 'a boundary imports only the domain' },
  platform: { paths: ['src/platform'], imports: ['domain', 'clock'], note: 'a boundary imports only the domain' },
  engine: {
    paths: ['src/jobs'],
    // The contract too: the engine's views (jobs/lifecycle/views.ts, jobs/lifecycle/failures.ts, …) produce its answer types.
    imports: ['domain', 'clock', 'csm', 'store', 'queue', 'sources', 'platform', 'contract'],
    note: 'the engine imports the domain, the boundaries and the resolver contract',
  },
  entry: {
    paths: ['src/resolvers', 'src/triggers', 'src/index.ts'],
    imports: ['domain', 'clock', 'csm', 'store', 'queue', 'sources', 'platform', 'engine', 'contract'],
    note: 'entry points import every layer but the page',
  },
  page: {
    paths: ['src/frontend'],
    imports: ['domain', 'contract'],
    note: 'the page talks to the backend only through the resolver contract (and imports the domain)',
  },
  // The resolver contract, shared by the page, the resolvers and the engine's views: in src/resolvers, but a layer of
  // its own, the one piece of the backend the page imports. contract/requests.ts: the payload schemas, the result,
  // the error codes; contract/answers.ts: what each resolver answers, written out from domain types.
  contract: {
    paths: ['src/resolvers/contract'],
    imports: ['domain'],
    note: 'the resolver contract imports only the domain',
  },
};

/**
 * Each Forge package is imported in these folders only: its boundary (the resolvers' and the page's own packages
 * aside). A @forge package not listed is imported nowhere in src/; the engine imports none.
 */
export const FORGE_PACKAGES = {
  '@forge/api': ['src/csm', 'src/sources', 'src/platform'],
  '@forge/kvs': ['src/store'],
  '@forge/events': ['src/queue'],
  '@forge/resolver': ['src/resolvers'],
  '@forge/react': ['src/frontend'],
  '@forge/bridge': ['src/frontend'],
};

/** Layers that run in the browser (or, for the domain, in both): no Node built-in. */
const NO_NODE_BUILTINS = ['domain', 'page'];
const NODE_BUILTINS = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

const EXTENSIONS = /\.(tsx?|mjs|cjs|js|jsx)$/;

/** The layer of a path relative to the project (posix separators), or undefined outside src/. */
export function layerOf(relative) {
  const bare = relative.replace(EXTENSIONS, '');
  let best;
  let bestLength = -1;
  for (const [layer, { paths }] of Object.entries(LAYERS)) {
    for (const p of paths) {
      const base = p.replace(EXTENSIONS, '');
      const inside = bare === base || bare.startsWith(`${base}/`);
      // The longest match wins: src/resolvers/contract/ is the contract, not an entry point.
      if (inside && base.length > bestLength) {
        best = layer;
        bestLength = base.length;
      }
    }
  }
  return best;
}

/** `@forge/kvs/out/x` → `@forge/kvs`, `papaparse/x` → `papaparse`. */
function packageName(source) {
  const parts = source.split('/');
  return source.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** @type {import('eslint').Rule.RuleModule} */
const importsRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Each layer of src/ imports only the layers below it (architecture.md), at any depth.' },
    schema: [],
  },
  create(context) {
    const cwd = context.cwd;
    const from = path.relative(cwd, context.filename).split(path.sep).join('/');
    const fromLayer = layerOf(from);
    if (!from.startsWith('src/')) return {};
    if (fromLayer === undefined) {
      return {
        /** @param {import('estree').Program} node */
        Program(node) {
          context.report({
            node,
            message: `${from} belongs to no layer: add it to LAYERS in local/checks/layerRule.mjs.`,
          });
        },
      };
    }

    /**
     * `import type` is checked as any import: the layers hold for types too (a page importing an engine type is
     * coupled to the engine whether or not it loads it).
     * @param {import('estree').Node} node @param {unknown} source
     */
    function check(node, source) {
      if (typeof source !== 'string') return;
      if (source.startsWith('.')) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(from), source));
        if (!target.startsWith('src/')) {
          context.report({ node, message: `src/ is deployed and ${target} is not: src never imports outside src/.` });
          return;
        }
        const toLayer = layerOf(target);
        if (toLayer === undefined || toLayer === fromLayer) return;
        if (!LAYERS[fromLayer].imports.includes(toLayer)) {
          context.report({
            node,
            message: `${from} (${fromLayer}) may not import ${target} (${toLayer}): ${LAYERS[fromLayer].note}.`,
          });
          return;
        }
        return;
      }
      const name = packageName(source);
      if (name.startsWith('@forge/')) {
        const allowed = FORGE_PACKAGES[name] ?? [];
        if (!allowed.some((folder) => from.startsWith(`${folder}/`))) {
          context.report({
            node,
            message:
              allowed.length > 0
                ? `${name} is imported only in ${allowed.join(', ')} (its platform boundary), not in ${from}.`
                : `${name} is not a package the app imports.`,
          });
        }
        return;
      }
      if (NO_NODE_BUILTINS.includes(fromLayer) && NODE_BUILTINS.has(name)) {
        context.report({ node, message: `${fromLayer} runs in the browser: no Node built-in (${source}).` });
      }
    }

    /** @param {any} node */
    const declaration = (node) => {
      if (!node.source) return;
      check(node, node.source.value);
    };
    return {
      ImportDeclaration: declaration,
      ExportNamedDeclaration: declaration,
      ExportAllDeclaration: declaration,
      /** @param {any} node */
      ImportExpression(node) {
        if (node.source.type === 'Literal') check(node, node.source.value);
      },
      /** @param {any} node `import x = require('…')` */
      TSImportEqualsDeclaration(node) {
        const ref = node.moduleReference;
        if (ref.type === 'TSExternalModuleReference' && ref.expression.type === 'Literal') {
          check(node, ref.expression.value);
        }
      },
      /** @param {any} node `type X = import('…').X` */
      TSImportType(node) {
        const literal = node.argument?.literal ?? node.source;
        if (literal?.type === 'Literal') check(node, literal.value);
      },
      /** @param {any} node `require('…')` */
      CallExpression(node) {
        if (
          node.callee.type === 'Identifier' &&
          node.callee.name === 'require' &&
          node.arguments[0]?.type === 'Literal'
        ) {
          check(node, node.arguments[0].value);
        }
      },
    };
  },
};

export const layersPlugin = { meta: { name: 'layers' }, rules: { imports: importsRule } };
