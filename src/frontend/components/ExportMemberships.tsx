import { FileCard, Stack, Text } from '@forge/react';
import { useState } from 'react';
import { membershipsExportCsv, type MembershipExportRow } from '../../domain/export/membershipsFile';
import { ResolverError, type ShownError } from './ResolverError';
import { call } from '../hooks/useResolver';

/**
 * "Export memberships": every organization's customers, a row a member, as a memberships file, read page after page
 * through the resolver (an organization with many members spans pages: each page says where the next one starts).
 */
export function ExportMemberships() {
  const [error, setError] = useState<ShownError>();
  const download = async (): Promise<Blob> => {
    setError(undefined);
    const rows: MembershipExportRow[] = [];
    for (let start = 0, memberStart = 0; ;) {
      const result = await call('exportMemberships', { start, memberStart });
      if (!result.ok) {
        setError({ code: result.code, message: result.message, action: 'Exporting the memberships' });
        throw new Error(result.message);
      }
      rows.push(...result.data.rows);
      if (result.data.isLastPage) break;
      // A page that moved nowhere would be asked for again and again.
      if (result.data.nextStart === start && result.data.nextMemberStart === memberStart) break;
      start = result.data.nextStart;
      memberStart = result.data.nextMemberStart;
    }
    return new Blob([membershipsExportCsv(rows)], { type: 'text/csv' });
  };
  return (
    <Stack space="space.050">
      <Text>
        Export memberships: every organization&apos;s customers, a row a member, as a memberships file. Add rows, or an
        Operation column with REMOVE, and import it; rows that are already true are left out.
      </Text>
      <FileCard fileName="memberships.csv" fileType="text/csv" onDownload={download} />
      {error ? <ResolverError error={error} /> : null}
    </Stack>
  );
}
