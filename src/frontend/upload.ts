import { fnv1a64Hex } from '../domain/plan';
import { splitTextByBytes, TEXT_PART_MAX_BYTES } from '../domain/text/parts';
import type { ResolverResult } from '../resolvers/contract';

export type FileSource = { text: string } | { uploadId: string };

export interface UploadProgress {
  partsSent: number;
  parts: number;
}

export interface UploadDeps {
  sendPart(payload: {
    uploadId: string;
    part: number;
    parts: number;
    fileHash: string;
    text: string;
  }): Promise<ResolverResult<unknown>>;
  newUploadId(): string;
  onProgress?(progress: UploadProgress): void;
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
 * A text that fits one part goes inline; a larger one goes part by part (each at most TEXT_PART_MAX_BYTES bytes
 * of JSON, the size both invoke and storage take), one call at a time, so the page keeps rendering progress.
 */
export async function sendFile(text: string, deps: UploadDeps, maxBytes = TEXT_PART_MAX_BYTES): Promise<FileSource> {
  // One part goes inline: the cut counts the text's bytes once, rather than sizing it first and cutting it after.
  const parts = splitTextByBytes(text, maxBytes);
  if (parts.length === 1) return { text };
  const uploadId = deps.newUploadId();
  // The server joins the parts and checks the result against this hash: a part lost or mixed up cannot pass.
  const fileHash = fnv1a64Hex(text);
  deps.onProgress?.({ partsSent: 0, parts: parts.length });
  for (const [part, partText] of parts.entries()) {
    const result = await deps.sendPart({ uploadId, part, parts: parts.length, fileHash, text: partText });
    if (!result.ok) {
      throw new UploadFailure(
        result.code,
        `Part ${part + 1} of ${parts.length} of the file could not be sent: ${result.message}`,
      );
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
