import { fnv1a64Hex } from '../../domain/plan';
import { MAX_UPLOAD_PARTS, uploadTooLargeMessage } from '../../domain/text/parts';
import type { UploadMeta } from '../../store/appStore';
import type { EngineDeps } from '../deps';

/** A file sent in parts that cannot be used as it is: `message` says why and what to do. */
export class UploadRefused extends Error {
  constructor(
    readonly reason: 'missing' | 'foreign' | 'incomplete' | 'altered' | 'too-large',
    message: string,
  ) {
    super(message);
  }
}

/** Uploads are deleted a day after they started: one abandoned half-way must not stay in the site's storage. */
export const UPLOAD_KEPT_MS = 24 * 60 * 60 * 1000;

export interface UploadPart {
  uploadId: string;
  part: number;
  parts: number;
  /** FNV-1a 64 of the whole text, as the page computed it before cutting it. */
  fileHash: string;
  text: string;
}

const AGAIN = 'Choose the file again.';

/**
 * Stores one part. The first part to arrive records who sends the file, how many parts it has and its hash; every
 * later part must agree, and only its sender may add to it.
 */
export async function storeUploadPart(deps: EngineDeps, part: UploadPart, owner: string): Promise<void> {
  if (part.parts > MAX_UPLOAD_PARTS) throw new UploadRefused('too-large', uploadTooLargeMessage());
  if (part.part >= part.parts)
    throw new UploadRefused('incomplete', `Part ${part.part + 1} of a file of ${part.parts} parts cannot be. ${AGAIN}`);
  const meta = await deps.store.uploads.claimMeta(part.uploadId, {
    owner,
    parts: part.parts,
    hash: part.fileHash,
    createdAt: deps.clock.now(),
  });
  if (meta.owner !== owner)
    throw new UploadRefused('foreign', `Another user is sending a file under this upload id. ${AGAIN}`);
  if (meta.parts !== part.parts || meta.hash !== part.fileHash) {
    throw new UploadRefused('altered', `This part belongs to another file than the parts sent before it. ${AGAIN}`);
  }
  await deps.store.uploads.putPart(part.uploadId, part.part, part.text);
}

/**
 * A part missing, or parts that do not add up to the hash, are read again after these waits before the file is
 * refused: a part stored by a call that answered is there to a read by key, but one still being stored (a page that
 * sent the next call early, a retried part) may land a moment later.
 */
export const UPLOAD_REREAD_DELAYS_MS = [250, 1000];

/** The whole text of an upload, once it is the caller's, complete, and the text its hash says. */
export async function readUploadedFile(deps: EngineDeps, uploadId: string, caller: string): Promise<string> {
  const meta = await deps.store.uploads.getMeta(uploadId);
  if (!meta)
    throw new UploadRefused('missing', `The uploaded file is no longer available (files are kept for a day). ${AGAIN}`);
  if (meta.owner !== caller) throw new UploadRefused('foreign', `This file was uploaded by another user. ${AGAIN}`);
  for (let attempt = 0; ; attempt += 1) {
    const read = joinParts(meta, await deps.store.uploads.readParts(uploadId, meta.parts));
    if (typeof read === 'string') return read;
    const delay = UPLOAD_REREAD_DELAYS_MS[attempt];
    if (delay === undefined) throw read;
    await deps.clock.sleep(delay);
  }
}

/** The text the parts make, or why they cannot be used. */
function joinParts(meta: UploadMeta, parts: Map<number, string>): string | UploadRefused {
  const missing = Array.from({ length: meta.parts }, (_, part) => part).filter((part) => !parts.has(part));
  if (missing.length > 0) {
    const which = missing
      .slice(0, 5)
      .map((part) => part + 1)
      .join(', ');
    return new UploadRefused(
      'incomplete',
      `The file did not arrive whole: part ${which} of ${meta.parts} is missing. ${AGAIN}`,
    );
  }
  const text = Array.from({ length: meta.parts }, (_, part) => parts.get(part)!).join('');
  if (fnv1a64Hex(text) !== meta.hash)
    return new UploadRefused(
      'altered',
      `The file arrived altered (its parts do not add up to what was sent). ${AGAIN}`,
    );
  return text;
}

/** Deletes uploads older than a day; returns how many. */
export async function deleteOldUploads(deps: EngineDeps): Promise<number> {
  const old = await deps.store.uploads.startedBefore(deps.clock.now() - UPLOAD_KEPT_MS);
  for (const uploadId of old) await deps.store.uploads.delete(uploadId);
  return old.length;
}
