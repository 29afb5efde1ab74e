import type { EngineDeps } from '../jobs/deps';
import { readUploadedFile, UploadRefused } from '../jobs/preview/uploads';
import { ResolverFailure, type Caller } from './resolverFailure';

/** The file a preview or a start works on: sent inline, or uploaded in parts by the caller (checked whole). */
export async function fileText(
  deps: EngineDeps,
  source: { text: string } | { uploadId: string },
  caller: Caller,
): Promise<string> {
  if ('text' in source) return source.text;
  try {
    return await readUploadedFile(deps, source.uploadId, caller.accountId);
  } catch (error) {
    if (error instanceof UploadRefused)
      throw new ResolverFailure(error.reason === 'missing' ? 'NOT_FOUND' : 'INVALID_INPUT', error.message);
    throw error;
  }
}
