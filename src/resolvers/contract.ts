import { z } from 'zod';
import { JobKindSchema } from '../domain/operations';

/**
 * The typed contract between the admin page and the resolvers: payload schemas (checked on
 * the server) and the result every resolver returns.
 */
export type ResolverResult<T> = { ok: true; data: T } | { ok: false; code: ErrorCode; message: string; problems?: unknown[] };

export type ErrorCode =
  | 'NOT_ADMIN'
  | 'INVALID_PAYLOAD'
  | 'INVALID_INPUT'
  | 'NOT_FOUND'
  | 'CSM_REFUSED'
  | 'CSM_UNAVAILABLE'
  | 'NEEDS_CONSENT'
  | 'INTERNAL';

const FileSource = z.union([
  z.object({ text: z.string().max(6_000_000) }),
  z.object({ uploadId: z.string().regex(/^[a-zA-Z0-9-]{6,40}$/) }),
]);

const ImportRequest = z.object({
  kind: JobKindSchema.default('profiles'),
  format: z.enum(['csv', 'json']).optional(),
  fileName: z.string().max(255).optional(),
});

export const payloadSchemas = {
  listDetailFields: z.object({}).optional(),
  uploadPart: z.object({
    uploadId: z.string().regex(/^[a-zA-Z0-9-]{6,40}$/),
    part: z.number().int().min(0).max(9999),
    text: z.string().max(200_000),
  }),
  previewImport: z.intersection(ImportRequest, FileSource),
  startJob: z.intersection(ImportRequest.extend({ skipInvalid: z.boolean().default(false) }), FileSource),
  getJob: z.object({
    jobId: z.string().min(1).max(40),
    failuresOffset: z.number().int().min(0).optional(),
    failuresLimit: z.number().int().min(0).max(1000).optional(),
  }),
  listJobs: z.object({ limit: z.number().int().min(1).max(100).optional(), cursor: z.string().optional() }).optional(),
  cancelJob: z.object({ jobId: z.string().min(1).max(40) }),
  retryFailed: z.object({ jobId: z.string().min(1).max(40) }),
  advanceJob: z.object({ jobId: z.string().min(1).max(40) }),
  exportOrganizations: z.object({ start: z.number().int().min(0).default(0) }).optional(),
  getSettings: z.object({}).optional(),
  saveSettings: z.object({ taskCap: z.number().int().min(1).max(50) }),
} as const;

export type ResolverName = keyof typeof payloadSchemas;
export type ResolverPayload<K extends ResolverName> = z.input<(typeof payloadSchemas)[K]>;
