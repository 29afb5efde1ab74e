import { Button, DynamicTable, Heading, Stack, Text } from '@forge/react';
import { useCallback, useEffect, useState } from 'react';
import type { CreatedOrganization } from '../../domain/job';
import type { ShownError } from './ResolverError';
import { call } from '../hooks/useResolver';
import { count, plural } from '../words';

export interface CreatedOrganizationsProps {
  jobId: string;
  /** The delete job of these organizations, once started: it says what became of each. */
  deletedBy?: string;
  onError(error: ShownError): void;
}

/**
 * The organizations a job created, by id, as its ledger holds them. Deleting them is one delete job of them all (the
 * job page's button): by id, so an organization renamed since, or another that took its old name, is never mixed up.
 */
export function CreatedOrganizations({ jobId, deletedBy, onError }: CreatedOrganizationsProps) {
  const [organizations, setOrganizations] = useState<CreatedOrganization[]>([]);
  const [total, setTotal] = useState<number>();

  const load = useCallback(
    async (offset: number) => {
      const result = await call('listCreated', { jobId, offset });
      if (!result.ok)
        return onError({ code: result.code, message: result.message, action: 'Listing what the job created' });
      setOrganizations((shown) => [...shown.slice(0, offset), ...result.data.organizations]);
      setTotal(result.data.total);
    },
    [jobId, onError],
  );
  useEffect(() => {
    void load(0);
  }, [load]);

  if (total === undefined) return null;
  const shown = organizations.length;
  return (
    <Stack space="space.100">
      <Text>
        {`Organizations this job created: ${count(total)}${shown < total ? ` (the first ${count(shown)} are listed)` : ''}.`}
        {deletedBy ? ` Job ${deletedBy} deletes them: open it to see what became of each.` : ''}
      </Text>
      <Heading size="small">Organizations this job created</Heading>
      <DynamicTable
        label="Organizations this job created"
        rowsPerPage={20}
        head={{
          cells: [
            { key: 'row', content: 'Row' },
            { key: 'name', content: 'Organization' },
            { key: 'id', content: 'Organization ID' },
          ],
        }}
        rows={organizations.map((organization) => ({
          key: `created-${organization.index}`,
          cells: [
            { key: 'row', content: String(organization.row) },
            { key: 'name', content: organization.name },
            { key: 'id', content: organization.id ?? 'Not found after it was created' },
          ],
        }))}
      />
      {shown < total ? (
        <Button appearance="subtle" onClick={() => void load(shown)}>
          {`Show ${plural(Math.min(100, total - shown), 'more organization')}`}
        </Button>
      ) : null}
    </Stack>
  );
}
