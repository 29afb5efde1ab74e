import { Button, Label, Select, Stack, Text } from '@forge/react';
import { useState } from 'react';
import type { DetailFieldDefinition } from '../../domain/schemas';
import type { MappingState } from '../hooks/useMapping';
import { call } from '../hooks/useResolver';
import { ResolverError, type ShownError } from './ResolverError';

const BY_NAME = '';
const NOT_IDS = new Set(['SELECT', 'MULTISELECT', 'DATE']);

/**
 * "Match organizations by": their name (Organization ID first, when the file has one), or a detail field the file fills
 * that holds an external id (a CRM's record id): then a renamed account renames its organization instead of creating
 * a second one. Profiles files only.
 */
export function MappingKey(props: { mapping: MappingState; fields: DetailFieldDefinition[]; isDisabled: boolean }) {
  const { mapping } = props;
  // An external id is a text or a number: a select field, a date or a multi-select value names no one organization.
  const idFields = props.fields.filter((field) => !NOT_IDS.has(field.type.toUpperCase()));
  const fieldNames = new Set(idFields.map((field) => field.name.toLowerCase()));
  const keys = mapping.rows.flatMap((row) =>
    row.target !== null && fieldNames.has(row.target.toLowerCase()) ? [row.target] : [],
  );
  if (keys.length === 0) return null;
  const options = [
    { label: 'Organization name (Organization ID first)', value: BY_NAME },
    ...keys.map((key) => ({ label: `${key}, then the name`, value: key })),
  ];
  const current = mapping.forUse?.key ?? BY_NAME;
  return (
    <Stack space="space.050">
      <Label labelFor="mapping-key">Match organizations by</Label>
      <Select
        inputId="mapping-key"
        name="mappingKey"
        isDisabled={props.isDisabled}
        options={options}
        value={options.find((option) => option.value === current) ?? options[0]}
        onChange={(option: { value: string }) => mapping.setKey(option.value === BY_NAME ? undefined : option.value)}
      />
      {current !== BY_NAME ? (
        <Text>{`A row is the organization whose ${current} holds the row's value (renamed if the name changed); a value no organization holds is matched by name. The site's organizations are read for it when you preview and start.`}</Text>
      ) : null}
    </Stack>
  );
}

/** Deletes the saved mapping the file's proposal came from, asked for by a button beside the list. */
export function DeleteSavedMapping({ mapping, isDisabled }: { mapping: MappingState; isDisabled: boolean }) {
  const name = mapping.proposal?.saved;
  const [error, setError] = useState<ShownError>();
  const [busy, setBusy] = useState(false);
  if (name === undefined) return null;
  const remove = async () => {
    setBusy(true);
    const result = await call('deleteMapping', { name });
    if (!result.ok) setError({ code: result.code, message: result.message, action: `Deleting the mapping "${name}"` });
    else await mapping.saved.reload();
    setBusy(false);
  };
  return (
    <>
      <Button appearance="subtle" isDisabled={isDisabled || busy} onClick={() => remove()}>
        {`Delete the saved mapping "${name}"`}
      </Button>
      {error ? <ResolverError error={error} /> : null}
    </>
  );
}
