import type { Mapping } from '../../src/domain/mapping/mapping';
/** The app's resolvers as the CLI calls them: as the admin page does, the file sent in parts when it is large. */
import type { ImportProblem } from '../../src/domain/import';
import type { ImportFormat } from '../../src/domain/import/types';
import type { ImportKind } from '../../src/domain/operations';
import { sendFile, type FileSource } from '../../src/frontend/upload';
import type { ResolverResult } from '../../src/resolvers/contract';
import type { ResolverAnswers } from '../../src/resolvers/contract';
import type { LocalRuntime } from '../runtime';

/**
 * Calls a resolver as the admin page does; a call CSM answered with a passing fault (CSM_UNAVAILABLE:
 * 429s or 5xx past the client's own retries, before anything was created) is tried again a few times.
 */
export async function call<K extends keyof ResolverAnswers>(
  runtime: LocalRuntime,
  name: K,
  payload: unknown,
): Promise<ResolverAnswers[K]> {
  for (let attempt = 1; ; attempt += 1) {
    const result = await runtime.invokeResolver<ResolverResult<ResolverAnswers[K]>>(name, payload);
    if (result.ok) return result.data;
    if (result.code !== 'CSM_UNAVAILABLE' || attempt >= 5) {
      throw new ResolverCallError(result.code, result.message, result.problems as ImportProblem[] | undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
  }
}

export class ResolverCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly problems?: ImportProblem[],
  ) {
    super(message);
  }
}

/**
 * Large files go up in parts exactly as the admin page sends them (its sendFile: the same cut, hash and order); a
 * part refused ends the command as any resolver call does (ResolverCallError, after `call`'s retries).
 */
export async function fileSource(runtime: LocalRuntime, text: string, idPrefix = 'cli'): Promise<FileSource> {
  return sendFile(text, {
    newUploadId: () => `${idPrefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`,
    sendPart: async (payload) => ({ ok: true, data: await call(runtime, 'uploadPart', payload) }),
  });
}

/** A preview with every problem: answers carry a page of them, the rest are asked for (the file is sent once). */
export async function previewAll(
  runtime: LocalRuntime,
  request: {
    kind: ImportKind;
    format?: ImportFormat;
    ignoreColumns?: string[];
    ignoreUnknownColumns?: boolean;
    mapping?: Mapping;
  },
  text: string,
  sent?: { text: string } | { uploadId: string },
  lookUpAll = false,
): Promise<ResolverAnswers['previewImport']> {
  const source = sent ?? (await fileSource(runtime, text));
  const first = await call(runtime, 'previewImport', { ...request, ...source, ...(lookUpAll ? { lookUpAll } : {}) });
  const problems = [...first.problems];
  while (problems.length < first.problemTotals.all) {
    const next = await call(runtime, 'previewImport', { ...request, ...source, problemsOffset: problems.length });
    if (next.problems.length === 0) break;
    problems.push(...next.problems);
  }
  return { ...first, problems };
}
