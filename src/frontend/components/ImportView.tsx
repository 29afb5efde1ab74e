import {
  Button,
  CodeBlock,
  FileCard,
  FilePicker,
  Heading,
  Inline,
  Label,
  ModalTransition,
  ProgressBar,
  SectionMessage,
  Select,
  Spinner,
  Stack,
  Text,
  TextArea,
} from '@forge/react';
import React, { useMemo, useState } from 'react';
import { MAX_JOB_ROWS } from '../../domain/limits';
import { fieldNameKey } from '../../domain/fields/newFields';
import { proposeFields } from '../../domain/fields/proposeFields';
import { CreateFieldModal } from './CreateFieldModal';
import type { ImportKind } from '../../domain/operations';
import { ExportOrganizations } from './ExportOrganizations';
import { fileText } from '../fileText';
import { guideFor, KIND_GUIDES, templateFor } from '../kinds';
import { PreviewPanel } from './PreviewPanel';
import { ResolverError } from './ResolverError';
import { RowEditor } from './RowEditor';
import { formatOf, useImportPreview, type ImportDraft } from '../hooks/useImportPreview';
import { useResolver } from '../hooks/useResolver';
import { plural } from '../words';

const KIND_OPTIONS = KIND_GUIDES.map((guide) => ({ label: guide.label, value: guide.kind }));
/** Beyond this a pasted text stays out of the TextArea: the whole ForgeDoc travels on every render. */
const PASTE_ECHO_LIMIT = 100_000;

const BUSY_WORDS = {
  checking: 'Checking the file…',
  uploading: 'Sending the file…',
  previewing: 'Looking the rows up on the site…',
  starting: 'Starting the job…',
};

/** Bring a file (or pasted rows, or typed organizations), preview what it will do, and start the job. */
export function ImportView({ onStarted }: { onStarted(jobId: string): void }) {
  const { loaded: fields, reload: reloadFields } = useResolver('listDetailFields');
  const [kind, setKind] = useState<ImportKind>('profiles');
  const [file, setFile] = useState<{ name: string; text: string }>();
  const [pasted, setPasted] = useState('');
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [allowOverlap, setAllowOverlap] = useState(false);
  const [sendAll, setSendAll] = useState(false);
  const [ignoredColumns, setIgnoredColumns] = useState<string[]>([]);
  /** The column whose field the admin is creating ("Create field"). */
  const [newFieldColumn, setNewFieldColumn] = useState<string>();
  /** The field just created, said until the file changes. */
  const [createdField, setCreatedField] = useState<string>();
  const { preview, error, busy, upload, check, start, reset } = useImportPreview(onStarted);
  const guide = guideFor(kind);
  const template = templateFor(kind, fields.state === 'ready' ? fields.data : undefined).csv;

  const draft = useMemo<ImportDraft>(
    () => ({ kind, text: file?.text ?? pasted, fileName: file?.name }),
    [kind, file, pasted],
  );
  // Inferred in the browser from the file as it is (the same domain code the proposeFields resolver runs).
  const newFieldProposal = useMemo(() => {
    if (newFieldColumn === undefined || fields.state !== 'ready') return undefined;
    const { proposals } = proposeFields(
      { text: draft.text, kind: draft.kind, format: formatOf(draft.fileName) },
      { detailFields: fields.data },
    );
    return proposals.find((proposal) => fieldNameKey(proposal.name) === fieldNameKey(newFieldColumn));
  }, [newFieldColumn, fields, draft]);
  const changed = (update: () => void) => {
    update();
    reset();
    setCreatedField(undefined);
    setSkipInvalid(false);
    setAllowOverlap(false);
    setIgnoredColumns([]);
  };
  /** Preview again with these columns left out (the file and the kind stay as they are). */
  const recheck = (columns: string[]) => {
    setIgnoredColumns(columns);
    if (fields.state === 'ready') void check(draft, fields.data, columns);
  };

  return (
    <Stack space="space.200">
      <Heading size="medium">Import organizations</Heading>
      {fields.state === 'error' ? <ResolverError error={{ ...fields, action: 'Loading the detail fields' }} /> : null}
      <Label labelFor="import-kind">What the file changes</Label>
      <Select
        inputId="import-kind"
        isDisabled={busy !== undefined}
        options={KIND_OPTIONS}
        value={KIND_OPTIONS.find((option) => option.value === kind)}
        onChange={(option: { value: ImportKind }) => changed(() => setKind(option.value))}
      />
      <Text>{guide.explanation}</Text>
      {fields.state === 'ready' && kind !== 'organizations' ? (
        <Text>{`Detail fields on this site: ${fields.data.map((field) => field.name).join(', ') || 'none'}.`}</Text>
      ) : null}
      {/* Once there are rows, the template gives way, so that the preview comes into view sooner. */}
      {draft.text === '' ? (
        <>
          <Text>A template built from this site&apos;s fields, to copy or download:</Text>
          <CodeBlock language="text" text={template} />
        </>
      ) : (
        <Text>The template of this kind of file, built from this site&apos;s fields:</Text>
      )}
      <FileCard
        fileName={`template-${kind}.csv`}
        fileType="text/csv"
        onDownload={async () => new Blob([template], { type: 'text/csv' })}
      />
      <ExportOrganizations />
      <FilePicker
        label="Choose a CSV or JSON file"
        description={`Up to ${MAX_JOB_ROWS.toLocaleString('en-US')} rows. Large files are sent in parts.`}
        onChange={(files) => {
          const [picked] = files;
          changed(() => setFile(picked ? { name: picked.name, text: fileText(picked.data) } : undefined));
        }}
      />
      {file ? (
        <Inline space="space.100" alignBlock="center">
          <Text>{`Using ${file.name} (${plural(file.text.length, 'character')}).`}</Text>
          <Button appearance="subtle" onClick={() => changed(() => setFile(undefined))}>
            Remove file
          </Button>
        </Inline>
      ) : (
        <>
          <Label labelFor="import-text">Or paste the rows</Label>
          <TextArea
            id="import-text"
            name="importText"
            isMonospaced
            isDisabled={busy !== undefined}
            minimumRows={6}
            placeholder="Paste the rows here, the header row first (as in the template above)"
            value={pasted.length <= PASTE_ECHO_LIMIT ? pasted : undefined}
            onChange={(event) => changed(() => setPasted(event.target.value))}
          />
          <RowEditor
            onUse={(csv) =>
              changed(() => {
                setKind('organizations');
                setPasted(csv);
              })
            }
          />
        </>
      )}
      <Button
        appearance={preview ? 'default' : 'primary'}
        isDisabled={busy !== undefined || draft.text.trim() === '' || fields.state !== 'ready'}
        onClick={() => {
          if (fields.state === 'ready') void check(draft, fields.data, ignoredColumns);
        }}
      >
        Preview
      </Button>
      {busy ? <Spinner label={BUSY_WORDS[busy]} /> : null}
      {busy ? <Text>{BUSY_WORDS[busy]}</Text> : null}
      {upload ? (
        <Stack space="space.050">
          <ProgressBar value={upload.parts > 0 ? upload.partsSent / upload.parts : 0} ariaLabel="Sending the file" />
          <Text>{`Sent ${upload.partsSent} of ${plural(upload.parts, 'part')}.`}</Text>
        </Stack>
      ) : null}
      {error ? <ResolverError error={error} /> : null}
      {createdField ? (
        <SectionMessage appearance="success" title={`Detail field "${createdField}" created`}>
          <Text>The field is on the site now; the file was checked again with it.</Text>
        </SectionMessage>
      ) : null}
      {preview ? (
        <PreviewPanel
          preview={preview}
          skipInvalid={skipInvalid}
          onSkipInvalid={setSkipInvalid}
          allowOverlap={allowOverlap}
          onAllowOverlap={setAllowOverlap}
          sendAll={sendAll}
          onSendAll={setSendAll}
          isStarting={busy !== undefined}
          onStart={() => void start(draft, { skipInvalid, allowOverlap, sendAll, ignoreColumns: ignoredColumns })}
          ignoredColumns={ignoredColumns}
          onIgnoreColumn={(column) => recheck([...ignoredColumns, column])}
          onCreateField={setNewFieldColumn}
          onStopIgnoring={() => recheck([])}
          onSwitchKind={(suggested) => {
            changed(() => setKind(suggested));
            if (fields.state === 'ready') void check({ ...draft, kind: suggested }, fields.data);
          }}
        />
      ) : null}
      <ModalTransition>
        {newFieldProposal ? (
          <CreateFieldModal
            proposal={newFieldProposal}
            onClose={() => setNewFieldColumn(undefined)}
            onCreated={(detailFields) => {
              setCreatedField(newFieldProposal.field.name);
              setNewFieldColumn(undefined);
              void reloadFields();
              // The file is checked again against the fields as they are now, the new one included.
              void check(draft, detailFields, ignoredColumns);
            }}
          />
        ) : null}
      </ModalTransition>
    </Stack>
  );
}
