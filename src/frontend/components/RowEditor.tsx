import { Button, Form, Heading, Inline, Stack, Text, Textfield } from '@forge/react';
import { useState } from 'react';
import { rowsToCsv } from '../../domain/export/csvWriter';

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
      {/* A form, so that Enter in the field adds the organization as the button does. */}
      <Form onSubmit={add}>
        <Inline space="space.100" alignBlock="center">
          <Textfield
            name="organizationName"
            placeholder="Organization name"
            width="large"
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
          <Button type="submit" isDisabled={name.trim() === ''}>
            Add organization
          </Button>
        </Inline>
      </Form>
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
