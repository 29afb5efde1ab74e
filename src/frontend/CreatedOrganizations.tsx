import { Button, DynamicTable, Stack, Text } from '@forge/react';
import React, { useCallback, useEffect, useState } from 'react';
import type { ShownError } from './ResolverError';
import { call } from './useResolver';
import { count, plural } from './words';

export interface CreatedOrganizationsProps {
  jobId: string;
  /** Names deleted all at once ("Delete the N organizations this job created"): shown deleted here too. */
  deletedAll?: readonly string[];
  busy: boolean;
  /** Asks the admin first (the job page's confirmation), then runs `onConfirm`. */
  ask(question: { title: string; message: string; confirm: string; onConfirm(): void }): void;
  onError(error: ShownError): void;
}

/** The organizations a job created, listed, each with its own Delete (the admin confirms each one). */
export function CreatedOrganizations({ jobId, deletedAll, busy, ask, onError }: CreatedOrganizationsProps) {
  const [names, setNames] = useState<string[]>([]);
  const [total, setTotal] = useState<number>();
  /** What became of each organization deleted here: deleted, or already gone. */
  const [ended, setEnded] = useState<ReadonlyMap<string, string>>(new Map());
  const [working, setWorking] = useState<string>();

  const load = useCallback(
    async (offset: number) => {
      const result = await call('listCreated', { jobId, offset });
      if (!result.ok)
        return onError({ code: result.code, message: result.message, action: 'Listing what the job created' });
      setNames((shown) => [...shown.slice(0, offset), ...result.data.names]);
      setTotal(result.data.total);
    },
    [jobId, onError],
  );
  useEffect(() => {
    void load(0);
  }, [load]);

  const remove = async (name: string) => {
    setWorking(name);
    const result = await call('deleteCreated', { jobId, name, confirm: true });
    setWorking(undefined);
    if (!result.ok) return onError({ code: result.code, message: result.message, action: `Deleting "${name}"` });
    const outcome = result.data.deleted.length > 0 ? 'Deleted' : 'Not found: deleted already';
    setEnded((before) => new Map([...before, [name, outcome]]));
  };

  if (total === undefined) return null;
  const endOf = (name: string) => ended.get(name) ?? (deletedAll?.includes(name) ? 'Deleted' : undefined);
  return (
    <Stack space="space.100">
      <Text>{`Organizations this job created: ${count(total)}${names.length < total ? ` (the first ${count(names.length)} are listed)` : ''}.`}</Text>
      <DynamicTable
        caption="Organizations this job created"
        rowsPerPage={20}
        head={{
          cells: [
            { key: 'name', content: 'Organization' },
            { key: 'action', content: '' },
          ],
        }}
        rows={names.map((name) => ({
          key: `created-${name}`,
          cells: [
            { key: 'name', content: name },
            {
              key: 'action',
              content: endOf(name) ?? (
                <Button
                  appearance="subtle"
                  isDisabled={busy || working !== undefined}
                  onClick={() =>
                    ask({
                      title: `Delete "${name}"?`,
                      message: `The organization "${name}" this job created is deleted from the site, with its details and the customers associated with it. This cannot be undone.`,
                      confirm: 'Delete it',
                      onConfirm: () => void remove(name),
                    })
                  }
                >
                  Delete
                </Button>
              ),
            },
          ],
        }))}
      />
      {names.length < total ? (
        <Button appearance="subtle" onClick={() => void load(names.length)}>
          {`Show ${plural(Math.min(100, total - names.length), 'more organization')}`}
        </Button>
      ) : null}
    </Stack>
  );
}
