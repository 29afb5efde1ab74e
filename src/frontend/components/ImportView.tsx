import { Button, Heading, ModalTransition, SectionMessage, Stack, Text } from '@forge/react';
import { useState } from 'react';
import type { DetailFieldDefinition } from '../../domain/schemas';
import { useImportDraft } from '../hooks/useImportDraft';
import { useImportPreview, type Preview } from '../hooks/useImportPreview';
import { useNewField } from '../hooks/useNewField';
import { useResolver } from '../hooks/useResolver';
import { useStartChoices } from '../hooks/useStartChoices';
import { deleteOrganizationsQuestion, mergeOrganizationsQuestion } from '../jobQuestions';
import { ConfirmModal, type Question } from './ConfirmModal';
import { CreateFieldModal } from './CreateFieldModal';
import { ImportProgress, ImportSource } from './ImportSource';
import { PreviewPanel } from './PreviewPanel';
import { ResolverError } from './ResolverError';

/** Bring a file (or pasted rows, or typed organizations), preview what it will do, and start the job. */
export function ImportView({ onStarted }: { onStarted(jobId: string): void }) {
  const { loaded: fields, reload: reloadFields } = useResolver('listDetailFields');
  const source = useImportDraft();
  const { draft } = source;
  const choices = useStartChoices();
  const { skipInvalid, allowOverlap, sendAll, ignoredColumns } = choices;
  const { preview, error, busy, upload, check, start, reset } = useImportPreview(onStarted);
  const newField = useNewField(fields, draft);
  const options = { skipInvalid, allowOverlap, sendAll, ignoreColumns: ignoredColumns };
  const { asking, setAsking, onStart } = useStartQuestion(preview, (confirmDelete) =>
    start(draft, { ...options, ...(confirmDelete ? { confirmDelete } : {}) }),
  );

  const changed = (update: () => void) => {
    update();
    reset();
    newField.setCreated(undefined);
    choices.clear();
  };
  /** Preview again with these columns left out (the file and the kind stay as they are). */
  const recheck = (columns: string[]) => {
    choices.setIgnoredColumns(columns);
    if (fields.state === 'ready') void check(draft, fields.data, columns);
  };

  return (
    <Stack space="space.200">
      <Heading size="medium">Import organizations</Heading>
      {fields.state === 'error' ? <ResolverError error={{ ...fields, action: 'Loading the detail fields' }} /> : null}
      <ImportSource
        source={source}
        isDisabled={busy !== undefined}
        detailFields={fields.state === 'ready' ? fields.data : undefined}
        changed={changed}
      />
      <Button
        appearance={preview ? 'default' : 'primary'}
        isDisabled={busy !== undefined || draft.text.trim() === '' || fields.state !== 'ready'}
        onClick={() => {
          if (fields.state === 'ready') void check(draft, fields.data, ignoredColumns);
        }}
      >
        Preview
      </Button>
      <ImportProgress busy={busy} upload={upload} />
      {error ? <ResolverError error={error} /> : null}
      {newField.created ? (
        <SectionMessage appearance="success" title={`Detail field "${newField.created}" created`}>
          <Text>The field is on the site now; the file was checked again with it.</Text>
        </SectionMessage>
      ) : null}
      {preview ? (
        <PreviewPanel
          preview={preview}
          skipInvalid={skipInvalid}
          onSkipInvalid={choices.setSkipInvalid}
          allowOverlap={allowOverlap}
          onAllowOverlap={choices.setAllowOverlap}
          sendAll={sendAll}
          onSendAll={choices.setSendAll}
          isStarting={busy !== undefined}
          onStart={onStart}
          ignoredColumns={ignoredColumns}
          onIgnoreColumn={(column) => recheck([...ignoredColumns, column])}
          onCreateField={newField.setColumn}
          onStopIgnoring={() => recheck([])}
          onSwitchKind={(suggested) => {
            changed(() => source.setKind(suggested));
            if (fields.state === 'ready') void check({ ...draft, kind: suggested }, fields.data);
          }}
        />
      ) : null}
      <StartQuestion question={asking} onClose={() => setAsking(undefined)} />
      <NewFieldModal
        newField={newField}
        onCreated={(detailFields) => {
          void reloadFields();
          // The file is checked again against the fields as they are now, the new one included.
          void check(draft, detailFields, ignoredColumns);
        }}
      />
    </Stack>
  );
}

/** "Create field": the field a column's values suggest, to edit and create; once created, said until the file changes. */
function NewFieldModal(props: {
  newField: ReturnType<typeof useNewField>;
  onCreated(detailFields: DetailFieldDefinition[]): void;
}) {
  const { proposal, setColumn, setCreated } = props.newField;
  return (
    <ModalTransition>
      {proposal ? (
        <CreateFieldModal
          proposal={proposal}
          onClose={() => setColumn(undefined)}
          onCreated={(detailFields) => {
            setCreated(proposal.field.name);
            setColumn(undefined);
            props.onCreated(detailFields);
          }}
        />
      ) : null}
    </ModalTransition>
  );
}

/** A deletions file deletes for good: its start asks first, and says it was confirmed (confirmDelete); others start. */
function useStartQuestion(preview: Preview | undefined, start: (confirmDelete?: true) => Promise<void>) {
  const [asking, setAsking] = useState<Question>();
  const onStart = () => {
    if (preview?.kind !== 'deletions' && preview?.kind !== 'merges') return void start();
    const confirmed = () => {
      setAsking(undefined);
      void start(true);
    };
    setAsking(
      preview.kind === 'merges'
        ? mergeOrganizationsQuestion(preview.rowCount - preview.rowsWithErrors, confirmed)
        : deleteOrganizationsQuestion(preview.operations, confirmed),
    );
  };
  return { asking, setAsking, onStart };
}

function StartQuestion({ question, onClose }: { question: Question | undefined; onClose(): void }) {
  return <ModalTransition>{question ? <ConfirmModal question={question} onClose={onClose} /> : null}</ModalTransition>;
}
