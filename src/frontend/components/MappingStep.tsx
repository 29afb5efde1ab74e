import {
  Button,
  DynamicTable,
  Heading,
  Inline,
  Label,
  Lozenge,
  SectionMessage,
  Select,
  Stack,
  Text,
  Textfield,
} from '@forge/react';
import type { MappingProposal } from '../../domain/mapping/propose';
import type { ImportKind } from '../../domain/operations';
import { useSaveMapping, type MappingState } from '../hooks/useMapping';
import type { ColumnRow, ValueTable } from '../mappingRows';
import { plural } from '../words';
import { ResolverError } from './ResolverError';
import { DeleteSavedMapping, MappingKey } from './MappingKey';
import type { DetailFieldDefinition } from '../../domain/schemas';

type LozengeAppearance = 'default' | 'inprogress' | 'moved' | 'new' | 'removed' | 'success';

/** How a column's target was found, in words. */
export const PROPOSED_BY: Record<ColumnRow['by'], { appearance: LozengeAppearance; label: string }> = {
  saved: { appearance: 'success', label: 'Saved mapping' },
  exact: { appearance: 'success', label: 'Same name' },
  close: { appearance: 'moved', label: 'Close spelling' },
  preset: { appearance: 'new', label: 'Known CRM column' },
  none: { appearance: 'default', label: 'No match: left out' },
  chosen: { appearance: 'inprogress', label: 'Chosen by you' },
};

/** A Select's value for "no target" and "no option" (no target or option is called ""). */
const NONE = '';
const SAMPLE_CHARACTERS = 40;

const short = (text: string) => (text.length > SAMPLE_CHARACTERS ? `${text.slice(0, SAMPLE_CHARACTERS - 1)}…` : text);

/**
 * The mapping step (issue 25), between choosing a file and its preview: where each of the file's columns goes, the
 * option each value of a select field goes to, a saved mapping to use by name, and this one to save.
 */
export function MappingStep(props: {
  mapping: MappingState;
  kind: ImportKind;
  fileName: string | undefined;
  isDisabled: boolean;
  /** The site's detail fields: which targets can hold an external id. */
  fields?: DetailFieldDefinition[];
  onAccept(): void;
}) {
  const { mapping } = props;
  const { proposal, problems } = mapping;
  // Until the saved mappings are read, the proposal may still change to one of them: nothing to change yet.
  const isDisabled = props.isDisabled || mapping.saved.loaded.state === 'loading';
  if (!proposal) return null;
  return (
    <Stack space="space.200">
      <Heading size="medium">Match the file&apos;s columns</Heading>
      {introOf(proposal, props.fileName).map((line) => (
        <Text key={line}>{line}</Text>
      ))}
      <SavedChoice mapping={mapping} isDisabled={isDisabled} />
      <ColumnsTable
        rows={mapping.rows}
        targets={mapping.targets}
        isDisabled={isDisabled}
        onTarget={mapping.setTarget}
      />
      {props.kind === 'profiles' && props.fields ? (
        <MappingKey mapping={mapping} fields={props.fields} isDisabled={isDisabled} />
      ) : null}
      {mapping.values.map((table) => (
        <ValuesTable key={table.header} table={table} isDisabled={isDisabled} onOption={mapping.setOption} />
      ))}
      {problems.length > 0 ? (
        <SectionMessage appearance="warning" title="The mapping cannot be used yet">
          {problems.map((problem) => (
            <Text key={problem}>{problem}</Text>
          ))}
        </SectionMessage>
      ) : null}
      <Button appearance="primary" isDisabled={isDisabled || problems.length > 0} onClick={props.onAccept}>
        Accept the mapping and preview
      </Button>
      <Text>The Preview button above reads the file as it is, without a mapping.</Text>
      <SaveMapping kind={props.kind} mapping={mapping} isDisabled={isDisabled} />
    </Stack>
  );
}

function introOf(proposal: MappingProposal, fileName: string | undefined): string[] {
  const lines = [
    `Each column of ${fileName ?? 'the rows'} goes to the column or detail field proposed below, or is left out. Change any with its list; each value of a select field goes to the option shown (a value with none is an error in the preview).`,
  ];
  if (proposal.saved !== undefined)
    lines.push(`The file's columns match the saved mapping "${proposal.saved}": it is proposed as saved.`);
  else if (proposal.preset !== undefined) lines.push(`The file looks like an export of ${proposal.preset.label}.`);
  return lines;
}

/** "Saved mappings": one chosen by name is proposed for this file instead. */
function SavedChoice({ mapping, isDisabled }: { mapping: MappingState; isDisabled: boolean }) {
  const { loaded, saved, choose } = mapping.saved;
  if (loaded.state === 'loading') return null;
  if (loaded.state === 'error') return <ResolverError error={{ ...loaded, action: 'Loading the saved mappings' }} />;
  if (saved.length === 0) return <Text>No mapping of this kind of file is saved yet.</Text>;
  const options = saved.map((entry) => ({ label: entry.name ?? '', value: entry.name ?? '' }));
  return (
    <>
      <Label labelFor="saved-mapping">Saved mappings</Label>
      <Select
        inputId="saved-mapping"
        name="savedMapping"
        isDisabled={isDisabled}
        options={options}
        value={options.find((option) => option.value === mapping.proposal?.saved) ?? null}
        placeholder="Choose a saved mapping"
        onChange={(option: { value: string }) => choose(option.value)}
      />
      {mapping.choiceUnused ? <Text>That saved mapping names none of this file&apos;s columns.</Text> : null}
      <DeleteSavedMapping mapping={mapping} isDisabled={isDisabled} />
    </>
  );
}

function ColumnsTable(props: {
  rows: ColumnRow[];
  targets: string[];
  isDisabled: boolean;
  onTarget(row: ColumnRow, target: string | null): void;
}) {
  const options = [
    { label: 'Leave out', value: NONE },
    ...props.targets.map((target) => ({ label: target, value: target })),
  ];
  return (
    <DynamicTable
      label="Columns of the file"
      head={{
        cells: [
          { key: 'column', content: 'Column in the file' },
          { key: 'samples', content: 'Sample values' },
          { key: 'by', content: 'Proposed by' },
          { key: 'target', content: 'Goes to' },
        ],
      }}
      rows={props.rows.map((row) => {
        const by = PROPOSED_BY[row.by];
        return {
          key: `column-${row.index}`,
          cells: [
            { key: 'column', content: row.header === '' ? '(no header)' : row.header },
            { key: 'samples', content: row.samples.map(short).join(', ') },
            { key: 'by', content: <Lozenge appearance={by.appearance}>{by.label}</Lozenge> },
            {
              key: 'target',
              content: (
                <Select
                  name={`column:${row.header}`}
                  spacing="compact"
                  isDisabled={props.isDisabled}
                  options={options}
                  value={options.find((option) => option.value === (row.target ?? NONE))}
                  onChange={(option: { value: string }) =>
                    props.onTarget(row, option.value === NONE ? null : option.value)
                  }
                />
              ),
            },
          ],
        };
      })}
    />
  );
}

function ValuesTable(props: {
  table: ValueTable;
  isDisabled: boolean;
  onOption(target: string, value: string, option: string | undefined): void;
}) {
  const { table } = props;
  const options = [
    { label: 'No option (an error)', value: NONE },
    ...table.options.map((option) => ({ label: option, value: option })),
  ];
  return (
    <Stack space="space.100">
      <Heading size="small">{`Values of "${table.header}" → ${table.target}`}</Heading>
      {table.tooMany ? (
        <Text>The column holds too many different values to list them all: the preview checks every row.</Text>
      ) : null}
      <DynamicTable
        label={`Values of ${table.header}`}
        rowsPerPage={25}
        head={{
          cells: [
            { key: 'value', content: 'Value in the file' },
            { key: 'rows', content: 'Rows' },
            { key: 'option', content: `Option of ${table.target}` },
          ],
        }}
        rows={table.values.map(({ value, rows, option }) => ({
          key: `value-${value}`,
          cells: [
            { key: 'value', content: value },
            { key: 'rows', content: plural(rows, 'row') },
            {
              key: 'option',
              content: (
                <Select
                  name={`value:${table.target}:${value}`}
                  spacing="compact"
                  isDisabled={props.isDisabled}
                  options={options}
                  value={options.find((entry) => entry.value === (option ?? NONE))}
                  onChange={(entry: { value: string }) =>
                    props.onOption(table.target, value, entry.value === NONE ? undefined : entry.value)
                  }
                />
              ),
            },
          ],
        }))}
      />
    </Stack>
  );
}

/** "Save mapping as …": saved by name for this site, proposed for the next file with the same columns. */
function SaveMapping({ kind, mapping, isDisabled }: { kind: ImportKind; mapping: MappingState; isDisabled: boolean }) {
  const save = useSaveMapping(kind, mapping.forUse, mapping.saved.reload);
  const { outcome } = save;
  return (
    <Stack space="space.100">
      <Label labelFor="mapping-name">Save mapping as …</Label>
      <Inline space="space.100" alignBlock="center">
        <Textfield
          id="mapping-name"
          name="mappingName"
          value={save.name}
          placeholder="A name, e.g. HubSpot monthly export"
          isDisabled={isDisabled}
          onChange={(event) => save.setName(event.target.value)}
        />
        <Button isDisabled={isDisabled || !save.valid || save.saving} onClick={() => save.save()}>
          Save mapping
        </Button>
      </Inline>
      {save.name !== '' && !save.valid ? <Text>A name is 1 to 100 characters, not only spaces.</Text> : null}
      {outcome && 'saved' in outcome ? (
        <SectionMessage appearance="success" title={`Mapping saved as "${outcome.saved}"`}>
          <Text>A file with these columns gets it proposed; choose it by name under Saved mappings.</Text>
        </SectionMessage>
      ) : null}
      {outcome && 'error' in outcome ? <ResolverError error={outcome.error} /> : null}
    </Stack>
  );
}

/** Above a preview of a file that needed the mapping step: whether the preview went through it, and the way back. */
export function MappingInUse({ applied, onBack }: { applied: boolean; onBack(): void }) {
  return (
    <Inline space="space.100" alignBlock="center">
      <Text>
        {applied
          ? 'The preview reads the file through the column mapping.'
          : 'The preview reads the file as it is, without a column mapping.'}
      </Text>
      <Button appearance="subtle" onClick={onBack}>
        Back to the column mapping
      </Button>
    </Inline>
  );
}
