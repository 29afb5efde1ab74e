import { Button, Heading, ModalTransition, SectionMessage, Stack, Text } from '@forge/react';
import { useState } from 'react';
import type { Mapping } from '../../domain/mapping/mapping';
import type { DetailFieldDefinition } from '../../domain/schemas';
import { useImportDraft } from '../hooks/useImportDraft';
import { useImportPreview, type ImportDraft, type Preview } from '../hooks/useImportPreview';
import { useMapping } from '../hooks/useMapping';
import { useNewField } from '../hooks/useNewField';
import { useResolver } from '../hooks/useResolver';
import { useStartChoices } from '../hooks/useStartChoices';
import { deleteOrganizationsQuestion, mergeOrganizationsQuestion, previewedDeletes } from '../jobQuestions';
import { ConfirmModal, type Question } from './ConfirmModal';
import { CreateFieldModal } from './CreateFieldModal';
import { ImportProgress, ImportSource } from './ImportSource';
import { MappingInUse, MappingStep } from './MappingStep';
import { PreviewPanel } from './PreviewPanel';
import { ResolverError } from './ResolverError';

/**
 * The Import tab's state: the file, its mapping step, the preview and the start choices. `changed` wraps each change
 * of the file or its kind (what was chosen for the last one is cleared); `previewWith` previews the file (again).
 */
function useImportFlow(onStarted: (jobId: string) => void) {
  const { loaded: fields, reload: reloadFields } = useResolver('listDetailFields');
  const source = useImportDraft();
  const { draft } = source;
  const mapping = useMapping(draft, fields.state === 'ready' ? fields.data : undefined);
  const choices = useStartChoices();
  const { skipInvalid, allowOverlap, sendAll, ignoredColumns } = choices;
  const importPreview = useImportPreview(onStarted);
  const { check, start, reset } = importPreview;
  const newField = useNewField(fields, draft);
  const options = { skipInvalid, allowOverlap, sendAll, ignoreColumns: ignoredColumns };
  const question = useStartQuestion(importPreview.preview, (confirmDelete) =>
    start(withMapping(draft, mapping.applied), { ...options, ...(confirmDelete ? { confirmDelete } : {}) }),
  );

  const changed = (update: () => void) => {
    update();
    reset();
    newField.setCreated(undefined);
    choices.clear();
    mapping.toStep();
  };
  /** Preview the file (again): through this mapping (none: as it is), with these columns left out, as this kind. */
  const previewWith = (use: Mapping | undefined, columns = ignoredColumns, kind = draft.kind) => {
    if (fields.state !== 'ready') return;
    mapping.toPreview(use);
    void check(withMapping({ ...draft, kind }, use), fields.data, columns);
  };
  /** Preview again with these columns left out (the file and the kind stay as they are). */
  const recheck = (columns: string[]) => {
    choices.setIgnoredColumns(columns);
    previewWith(mapping.applied, columns);
  };
  return {
    fields,
    reloadFields,
    source,
    mapping,
    choices,
    importPreview,
    newField,
    question,
    changed,
    previewWith,
    recheck,
  };
}

/** Bring a file (or pasted rows, or typed organizations), map its columns if need be, preview it, and start the job. */
export function ImportView({ onStarted }: { onStarted(jobId: string): void }) {
  const flow = useImportFlow(onStarted);
  const { fields, reloadFields, source, mapping, choices, newField, changed, previewWith, recheck } = flow;
  const { draft } = source;
  const { skipInvalid, allowOverlap, sendAll, ignoredColumns } = choices;
  const { preview, error, busy, upload, check } = flow.importPreview;
  const { asking, setAsking, onStart } = flow.question;

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
        appearance={preview || mapping.showStep ? 'default' : 'primary'}
        isDisabled={busy !== undefined || draft.text.trim() === '' || fields.state !== 'ready'}
        onClick={() => previewWith(mapping.applied)}
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
      {mapping.showStep ? (
        <MappingStep
          mapping={mapping}
          kind={draft.kind}
          fileName={draft.fileName}
          isDisabled={busy !== undefined}
          fields={fields.state === 'ready' ? fields.data : undefined}
          onAccept={() => previewWith(mapping.forUse)}
        />
      ) : null}
      {preview && mapping.needed ? (
        <MappingInUse applied={mapping.applied !== undefined} onBack={() => changed(() => undefined)} />
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
            previewWith(undefined, [], suggested);
          }}
        />
      ) : null}
      <StartQuestion question={asking} onClose={() => setAsking(undefined)} />
      <NewFieldModal
        newField={newField}
        onCreated={(detailFields) => {
          void reloadFields();
          // The file is checked again against the fields as they are now, the new one included.
          void check(withMapping(draft, mapping.applied), detailFields, ignoredColumns);
        }}
      />
    </Stack>
  );
}

/** The draft as the preview and the start read it: through the mapping accepted, if any. */
function withMapping(draft: ImportDraft, mapping: Mapping | undefined): ImportDraft {
  return mapping ? { ...draft, mapping } : draft;
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
        ? mergeOrganizationsQuestion(previewedDeletes(preview).organizations, confirmed)
        : deleteOrganizationsQuestion(previewedDeletes(preview), confirmed),
    );
  };
  return { asking, setAsking, onStart };
}

function StartQuestion({ question, onClose }: { question: Question | undefined; onClose(): void }) {
  return <ModalTransition>{question ? <ConfirmModal question={question} onClose={onClose} /> : null}</ModalTransition>;
}
