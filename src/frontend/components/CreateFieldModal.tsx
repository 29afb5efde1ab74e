import {
  Button,
  Label,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  ModalTitle,
  Select,
  Spinner,
  Stack,
  Text,
  TextArea,
} from '@forge/react';
import { useState } from 'react';
import type { FieldProposal } from '../../domain/fields/inferField';
import { NEW_FIELD_TYPES, type NewFieldType } from '../../domain/fields/newFields';
import type { DetailFieldDefinition } from '../../domain/schemas';
import { selectable, useCreateField } from '../hooks/useCreateField';
import { ResolverError } from './ResolverError';

/** Each type in the words of CSM's own field screen, not the API's names. */
export const FIELD_TYPE_WORDS: Record<NewFieldType, string> = {
  TEXT: 'Text',
  SELECT: 'Single choice (a list of options)',
  MULTISELECT: 'Multiple choice (a list of options)',
  NUMBER: 'Number',
  DATE: 'Date',
  EMAIL: 'Email address',
  URL: 'Web address (URL)',
  PHONE: 'Phone number',
  BOOLEAN: 'Yes or no',
};
const TYPE_OPTIONS = NEW_FIELD_TYPES.map((type) => ({ label: FIELD_TYPE_WORDS[type], value: type }));

export interface CreateFieldModalProps {
  /** The field inferred from the column's values; the admin may change its type and options before creating it. */
  proposal: FieldProposal;
  onClose(): void;
  /** Called with the site's fields once the field exists. */
  onCreated(detailFields: DetailFieldDefinition[]): void;
}

/** "Create field": the inferred type and options, editable, then created through the createFields resolver. */
export function CreateFieldModal({ proposal, onClose, onCreated }: CreateFieldModalProps) {
  const [type, setType] = useState<NewFieldType>(proposal.field.type);
  const [optionsText, setOptionsText] = useState((proposal.field.options ?? []).join('\n'));
  const { busy, error, create } = useCreateField(onCreated);
  const name = proposal.field.name;

  return (
    <Modal onClose={onClose}>
      <ModalHeader>
        <ModalTitle>{`Create the detail field "${name}"`}</ModalTitle>
      </ModalHeader>
      <ModalBody>
        <Stack space="space.100">
          <Text>{proposal.reason}</Text>
          {proposal.samples.length > 0 ? (
            <Text>{`Values in the file: ${proposal.samples.map((sample) => `"${sample}"`).join(', ')}.`}</Text>
          ) : null}
          {proposal.warning ? <Text>{proposal.warning}</Text> : null}
          <Label labelFor="new-field-type">Type</Label>
          <Select
            inputId="new-field-type"
            options={TYPE_OPTIONS}
            value={TYPE_OPTIONS.find((option) => option.value === type)}
            onChange={(option: { value: NewFieldType }) => setType(option.value)}
          />
          {selectable(type) ? (
            <>
              <Label labelFor="new-field-options">Options, one per line (at most 50)</Label>
              <TextArea
                id="new-field-options"
                name="newFieldOptions"
                minimumRows={4}
                value={optionsText}
                onChange={(event) => setOptionsText(event.target.value)}
              />
            </>
          ) : null}
          <Text>The field is created on the site and shown for every organization.</Text>
          {busy ? <Spinner label={busy} /> : null}
          {busy ? <Text>{busy}</Text> : null}
          {error ? <ResolverError error={error} /> : null}
        </Stack>
      </ModalBody>
      <ModalFooter>
        <Button appearance="subtle" onClick={onClose}>
          Cancel
        </Button>
        <Button
          appearance="primary"
          isDisabled={busy !== undefined}
          onClick={() => void create(name, type, optionsText)}
        >
          Create the field
        </Button>
      </ModalFooter>
    </Modal>
  );
}
