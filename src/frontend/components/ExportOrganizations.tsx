import { FileCard, Stack, Text } from '@forge/react';
import { useState } from 'react';
import { writeNativeCsv } from '../../domain/export/csvWriter';
import type { ObservedOrganization } from '../../domain/outcomes';
import type { DetailFieldDefinition } from '../../domain/schemas';
import { ResolverError, type ShownError } from './ResolverError';
import { call } from '../hooks/useResolver';

/**
 * "Export organizations": the site's organizations with their ids and detail values, as the importer reads them (an
 * organization profiles file: name, ID, one column per detail field), read 50 at a time through the resolver.
 */
export function ExportOrganizations() {
  const [error, setError] = useState<ShownError>();
  const download = async (): Promise<Blob> => {
    setError(undefined);
    const organizations: ObservedOrganization[] = [];
    let detailFields: DetailFieldDefinition[] = [];
    for (let start = 0; ;) {
      const result = await call('exportOrganizations', { start });
      if (!result.ok) {
        const failure = { code: result.code, message: result.message, action: 'Exporting the organizations' };
        setError(failure);
        throw new Error(result.message);
      }
      organizations.push(...result.data.organizations);
      detailFields = result.data.detailFields ?? detailFields;
      if (result.data.isLastPage || result.data.organizations.length === 0) break;
      start = result.data.nextStart;
    }
    return new Blob([writeNativeCsv(organizations, detailFields)], { type: 'text/csv' });
  };
  return (
    <Stack space="space.050">
      <Text>
        Export organizations: every organization on the site with its ID and detail values, as an organization profiles
        file. Change the values and import it as it is; rows that change nothing are left out.
      </Text>
      <FileCard fileName="organizations.csv" fileType="text/csv" onDownload={download} />
      {error ? <ResolverError error={error} /> : null}
    </Stack>
  );
}
