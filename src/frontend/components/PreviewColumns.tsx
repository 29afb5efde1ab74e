import { Button, Inline, SectionMessage, Text } from '@forge/react';
import type { ImportProblem } from '../../domain/import';
import type { ImportKind } from '../../domain/operations';
import { describeProblem } from '../previewModel';
import { KIND_WORDS } from '../words';

/** The file's headers are those of another kind: the way to re-read it as that kind. */
export function SuggestedKind({ kind, onSwitchKind }: { kind: ImportKind; onSwitchKind(kind: ImportKind): void }) {
  return (
    <SectionMessage appearance="information" title={`This looks like a file of ${KIND_WORDS[kind].toLowerCase()}`}>
      <Text>{`Its headers are those of ${KIND_WORDS[kind]}, not of the kind chosen above.`}</Text>
      <Button onClick={() => onSwitchKind(kind)}>{`Switch to ${KIND_WORDS[kind]}`}</Button>
    </SectionMessage>
  );
}

interface UnmatchedColumnsProps {
  problems: ImportProblem[];
  /** A profiles file: its unknown columns may be detail fields to create. */
  profiles: boolean;
  suggestedKind: ImportKind | undefined;
  onIgnoreColumn(column: string): void;
  onCreateField?(column: string): void;
}

/** Columns the kind has no use for, each with the way to ignore it (or, in a profiles file, create its field). */
export function UnmatchedColumns({
  problems,
  profiles,
  suggestedKind,
  onIgnoreColumn,
  onCreateField,
}: UnmatchedColumnsProps) {
  return (
    <SectionMessage
      appearance="error"
      title={profiles ? 'Columns that match no detail field' : 'Columns this kind of file does not use'}
    >
      {problems.map((problem) => (
        <Inline key={`${problem.column}`} space="space.100" alignBlock="center">
          <Text>{describeProblem(problem)}</Text>
          {problem.column === undefined ? null : (
            <Button appearance="subtle" onClick={() => onIgnoreColumn(problem.column!)}>
              {`Ignore "${problem.column}"`}
            </Button>
          )}
          {/* Only a profiles file's columns are detail fields; another kind's unknown column is a mistake. */}
          {problem.column === undefined || !profiles || suggestedKind || !onCreateField ? null : (
            <Button appearance="subtle" onClick={() => onCreateField(problem.column!)}>
              {`Create field "${problem.column}"`}
            </Button>
          )}
        </Inline>
      ))}
      <Text>
        {profiles && !suggestedKind
          ? 'Rename each column to a detail field on this site, create the field, or ignore the column: an ignored column is neither checked nor sent, as CSM’s own importer does with columns it does not know.'
          : 'Rename each column to one this kind of file uses, choose the kind the file holds, or ignore the column: an ignored column is neither checked nor sent.'}
      </Text>
    </SectionMessage>
  );
}

/** The columns left out at the admin's choice, and the way to take them all back. */
export function IgnoredColumns({ columns, onStopIgnoring }: { columns: readonly string[]; onStopIgnoring(): void }) {
  return (
    <Inline space="space.100" alignBlock="center">
      <Text>{`Ignored: ${columns.map((column) => `"${column}"`).join(', ')}.`}</Text>
      <Button appearance="subtle" onClick={onStopIgnoring}>
        Check them again
      </Button>
    </Inline>
  );
}

/** Problems of the whole file (not of a row), other than unknown columns. */
export function FileProblems({ problems }: { problems: ImportProblem[] }) {
  return (
    <SectionMessage
      appearance={problems.some((p) => p.severity === 'error') ? 'error' : 'warning'}
      title="Problems with the file"
    >
      {problems.map((problem, index) => (
        <Text key={`file-${index}`}>{describeProblem(problem)}</Text>
      ))}
    </SectionMessage>
  );
}
