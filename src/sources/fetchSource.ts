import { fetch } from '@forge/api';

/** Reads a sync plan's URL source. Forge lets the app reach only origins declared under permissions.external.fetch.backend. */
export type SourceFetcher = (url: string) => Promise<string>;

export class SourceUnavailableError extends Error {}

export const forgeSourceFetcher: SourceFetcher = async (url) => {
  let response;
  try {
    response = await fetch(url, { headers: { Accept: 'text/csv, application/json' } });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SourceUnavailableError(
      `The source ${url} could not be fetched (${reason}). Check the address, and that its origin is declared under permissions.external.fetch.backend in manifest.yml.`,
    );
  }
  if (!response.ok) {
    throw new SourceUnavailableError(
      `The source ${url} answered ${response.status} ${response.statusText}. Check the address and that the export is published.`,
    );
  }
  return response.text();
};
