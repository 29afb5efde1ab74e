import {
  Button,
  CodeBlock,
  FileCard,
  FilePicker,
  Inline,
  Label,
  ProgressBar,
  Select,
  Spinner,
  Stack,
  Text,
  TextArea,
} from '@forge/react';
import { MAX_JOB_ROWS } from '../../domain/limits';
import type { ImportKind } from '../../domain/operations';
import type { DetailFieldDefinition } from '../../domain/schemas';
import { fileText } from '../fileText';
import type { ImportSourceState } from '../hooks/useImportDraft';
import { guideFor, KIND_GUIDES, templateFor } from '../kinds';
import type { UploadProgress } from '../upload';
import { plural } from '../words';
import { ExportMemberships } from './ExportMemberships';
import { ExportOrganizations } from './ExportOrganizations';
import { RowEditor } from './RowEditor';

const KIND_OPTIONS = KIND_GUIDES.map((guide) => ({ label: guide.label, value: guide.kind }));
/** Beyond this a pasted text stays out of the TextArea: the whole ForgeDoc travels on every render. */
const PASTE_ECHO_LIMIT = 100_000;

const BUSY_WORDS = {
  checking: 'Checking the file…',
  uploading: 'Sending the file…',
  previewing: 'Looking the rows up on the site…',
  starting: 'Starting the job…',
};

/**
 * Where the rows come from: the kind of file, its template, the site's organizations to export, and the file chosen
 * or the rows pasted. `changed` wraps each change: the preview and the choices made for the last file are cleared.
 */
export function ImportSource(props: {
  source: ImportSourceState;
  isDisabled: boolean;
  detailFields: DetailFieldDefinition[] | undefined;
  changed(update: () => void): void;
}) {
  const { source, isDisabled, detailFields, changed } = props;
  const { kind, draft } = source;
  return (
    <>
      <KindChoice
        kind={kind}
        isDisabled={isDisabled}
        detailFields={detailFields}
        onKind={(chosen) => changed(() => source.setKind(chosen))}
      />
      <FileTemplate kind={kind} template={templateFor(kind, detailFields).csv} hasRows={draft.text !== ''} />
      <ExportOrganizations />
      <ExportMemberships />
      <FileInput
        file={source.file}
        pasted={source.pasted}
        isDisabled={isDisabled}
        onFile={(picked) => changed(() => source.setFile(picked))}
        onPaste={(text) => changed(() => source.setPasted(text))}
        onTypedRows={(csv) =>
          changed(() => {
            source.setKind('organizations');
            source.setPasted(csv);
          })
        }
      />
    </>
  );
}

/** The kind of file, what it changes, and the site's detail fields it may name. */
function KindChoice(props: {
  kind: ImportKind;
  isDisabled: boolean;
  detailFields: DetailFieldDefinition[] | undefined;
  onKind(kind: ImportKind): void;
}) {
  const { kind, detailFields } = props;
  return (
    <>
      <Label labelFor="import-kind">What the file changes</Label>
      <Select
        inputId="import-kind"
        isDisabled={props.isDisabled}
        options={KIND_OPTIONS}
        value={KIND_OPTIONS.find((option) => option.value === kind)}
        onChange={(option: { value: ImportKind }) => props.onKind(option.value)}
      />
      <Text>{guideFor(kind).explanation}</Text>
      {detailFields && (kind === 'profiles' || kind === 'details') ? (
        <Text>{`Detail fields on this site: ${detailFields.map((field) => field.name).join(', ') || 'none'}.`}</Text>
      ) : null}
    </>
  );
}

/** The template of the kind, built from the site's fields: shown until there are rows, and to download. */
function FileTemplate({ kind, template, hasRows }: { kind: ImportKind; template: string; hasRows: boolean }) {
  return (
    <>
      {/* Once there are rows, the template gives way, so that the preview comes into view sooner. */}
      {hasRows ? (
        <Text>The template of this kind of file, built from this site&apos;s fields:</Text>
      ) : (
        <>
          <Text>A template built from this site&apos;s fields, to copy or download:</Text>
          <CodeBlock language="text" text={template} />
        </>
      )}
      <FileCard
        fileName={`template-${kind}.csv`}
        fileType="text/csv"
        onDownload={async () => new Blob([template], { type: 'text/csv' })}
      />
    </>
  );
}

interface FileInputProps {
  file: { name: string; text: string } | undefined;
  pasted: string;
  isDisabled: boolean;
  onFile(file: { name: string; text: string } | undefined): void;
  onPaste(text: string): void;
  /** Rows typed in the row editor: a file of organizations. */
  onTypedRows(csv: string): void;
}

/** A chosen file, or rows pasted or typed in. */
function FileInput({ file, pasted, isDisabled, onFile, onPaste, onTypedRows }: FileInputProps) {
  return (
    <>
      <FilePicker
        label="Choose a CSV or JSON file"
        description={`Up to ${MAX_JOB_ROWS.toLocaleString('en-US')} rows. Large files are sent in parts.`}
        onChange={(files) => {
          const [picked] = files;
          onFile(picked ? { name: picked.name, text: fileText(picked.data) } : undefined);
        }}
      />
      {file ? (
        <Inline space="space.100" alignBlock="center">
          <Text>{`Using ${file.name} (${plural(file.text.length, 'character')}).`}</Text>
          <Button appearance="subtle" onClick={() => onFile(undefined)}>
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
            isDisabled={isDisabled}
            minimumRows={6}
            placeholder="Paste the rows here, the header row first (as in the template above)"
            value={pasted.length <= PASTE_ECHO_LIMIT ? pasted : undefined}
            onChange={(event) => onPaste(event.target.value)}
          />
          <RowEditor onUse={onTypedRows} />
        </>
      )}
    </>
  );
}

/** What the page is doing with the file, and how much of it was sent. */
export function ImportProgress(props: {
  busy: keyof typeof BUSY_WORDS | undefined;
  upload: UploadProgress | undefined;
}) {
  const { busy, upload } = props;
  return (
    <>
      {busy ? <Spinner label={BUSY_WORDS[busy]} /> : null}
      {busy ? <Text>{BUSY_WORDS[busy]}</Text> : null}
      {upload ? (
        <Stack space="space.050">
          <ProgressBar value={upload.parts > 0 ? upload.partsSent / upload.parts : 0} ariaLabel="Sending the file" />
          <Text>{`Sent ${upload.partsSent} of ${plural(upload.parts, 'part')}.`}</Text>
        </Stack>
      ) : null}
    </>
  );
}
