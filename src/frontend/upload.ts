import type { ResolverResult } from '../resolvers/contract';

/** uploadPart accepts at most this many characters per part (contract.ts). */
export const MAX_PART_CHARS = 200_000;

export type FileSource = { text: string } | { uploadId: string };

export interface UploadProgress {
  partsSent: number;
  parts: number;
}

export interface UploadDeps {
  sendPart(payload: { uploadId: string; part: number; text: string }): Promise<ResolverResult<unknown>>;
  newUploadId(): string;
  onProgress?(progress: UploadProgress): void;
}

/** Splits by characters: the server joins the parts back in order, so no boundary is special. */
export function splitIntoParts(text: string, maxChars = MAX_PART_CHARS): string[] {
  const parts: string[] = [];
  for (let start = 0; start < text.length; start += maxChars) parts.push(text.slice(start, start + maxChars));
  return parts.length > 0 ? parts : [''];
}

export class UploadFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A text that fits one resolver payload goes inline; a larger one goes part by part, one call at a
 * time, so the page keeps rendering progress between parts.
 */
export async function sendFile(text: string, deps: UploadDeps, maxChars = MAX_PART_CHARS): Promise<FileSource> {
  if (text.length <= maxChars) return { text };
  const parts = splitIntoParts(text, maxChars);
  const uploadId = deps.newUploadId();
  deps.onProgress?.({ partsSent: 0, parts: parts.length });
  for (const [part, partText] of parts.entries()) {
    const result = await deps.sendPart({ uploadId, part, text: partText });
    if (!result.ok) {
      throw new UploadFailure(result.code, `Part ${part + 1} of ${parts.length} of the file could not be sent: ${result.message}`);
    }
    deps.onProgress?.({ partsSent: part + 1, parts: parts.length });
  }
  return { uploadId };
}

/** An id the contract accepts (6-40 letters, digits, dashes). */
export function newUploadId(random: () => number = Math.random, now: () => number = Date.now): string {
  const noise = Array.from({ length: 12 }, () => Math.floor(random() * 36).toString(36)).join('');
  return `up-${now().toString(36)}-${noise}`;
}
