import { Button, Heading, Inline, Stack, Text, Textfield } from '@forge/react';
import React, { useState } from 'react';
import { rowsToCsv } from '../domain/export/csvWriter';

export const ROW_EDITOR_HEADERS = ['Organization Name', 'Operation'] as const;

/** A handful of organizations typed in place of a file, as an organizations CSV. */
export function RowEditor({ onUse }: { onUse(csv: string): void }) {
  const [names, setNames] = useState<string[]>([]);
  const [name, setName] = useState('');
  const add = () => {
    const trimmed = name.trim();
    if (trimmed === '') return;
    setNames((current) => [...current, trimmed]);
    setName('');
  };
  return (
    <Stack space="space.100">
      <Heading size="small">Or type a few organizations</Heading>
      <Inline space="space.100" alignBlock="center">
        <Textfield
          name="organizationName"
          placeholder="Organization name"
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
        <Button isDisabled={name.trim() === ''} onClick={add}>
          Add organization
        </Button>
      </Inline>
      {names.length > 0 ? <Text>{`To create: ${names.join(', ')}`}</Text> : null}
      <Inline space="space.100">
        <Button
          isDisabled={names.length === 0}
          onClick={() =>
            onUse(
              rowsToCsv(
                ROW_EDITOR_HEADERS,
                names.map((n) => [n, 'CREATE']),
              ),
            )
          }
        >
          Use these organizations
        </Button>
        {names.length > 0 ? (
          <Button appearance="subtle" onClick={() => setNames([])}>
            Clear
          </Button>
        ) : null}
      </Inline>
    </Stack>
  );
}
