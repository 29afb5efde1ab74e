import { Checkbox, DynamicTable, Heading, Lozenge, Stack, Text } from '@forge/react';
import { useState } from 'react';
import { hasProblem, MAX_PREVIEW_LINES, previewLines } from '../previewModel';
import type { Preview } from '../hooks/useImportPreview';
import { CHANGE_LOZENGE, count, plural } from '../words';

/**
 * The preview's rows: those the site was asked about and every row with a problem, each with what it does (before →
 * after for an update); it says which of the file's rows it shows when it does not show them all.
 */
export function PreviewTable({ preview }: { preview: Preview }) {
  const [onlyProblems, setOnlyProblems] = useState(false);
  const allLines = previewLines(preview.rows, preview.problems);
  const lines = onlyProblems ? allLines.filter(hasProblem) : allLines;
  const withProblems = allLines.filter(hasProblem).length;
  if (allLines.length === 0) return null;
  return (
    <Stack space="space.100">
      <Heading size="small">Rows in the file</Heading>
      <Checkbox
        name="onlyProblems"
        value="only"
        isChecked={onlyProblems}
        label="Show only rows with problems"
        onChange={(event) => setOnlyProblems(Boolean(event.target.checked))}
      />
      {allLines.length < preview.rowCount ? <Text>{shownRows(preview, allLines.length, withProblems)}</Text> : null}
      {lines.length > 0 ? (
        <DynamicTable
          label="Rows in the file"
          rowsPerPage={25}
          head={{
            cells: [
              { key: 'row', content: 'Row' },
              { key: 'organization', content: 'Organization' },
              { key: 'change', content: 'Change' },
              { key: 'problems', content: 'Problems' },
              { key: 'before-after', content: columnOf(preview.kind) },
            ],
          }}
          rows={lines.map((line) => {
            const lozenge = CHANGE_LOZENGE[line.change];
            return {
              key: `row-${line.row}`,
              cells: [
                { key: 'row', content: String(line.row) },
                { key: 'organization', content: line.organization },
                { key: 'change', content: <Lozenge appearance={lozenge.appearance}>{lozenge.label}</Lozenge> },
                { key: 'problems', content: line.notes.join(' ') },
                { key: 'before-after', content: line.changes.join('; ') },
              ],
            };
          })}
        />
      ) : onlyProblems ? (
        <Text>No row has a problem.</Text>
      ) : null}
    </Stack>
  );
}

/** Which of the file's rows the table holds: the first ones looked up on the site, and those with problems. */
function shownRows(preview: Preview, shown: number, withProblems: number): string {
  const capped = shown >= MAX_PREVIEW_LINES ? ` (at most ${count(MAX_PREVIEW_LINES)})` : '';
  const parts = [
    preview.rowsClassified > 0 ? `the first ${plural(preview.rowsClassified, 'row')} looked up on the site` : undefined,
    withProblems > 0 ? `${withProblems === 1 ? 'the row' : 'the rows'} with problems` : undefined,
  ].filter((part) => part !== undefined);
  return `The table shows ${count(shown)} of the file's ${plural(preview.rowCount, 'row')}${parts.length > 0 ? `: ${parts.join(' and ')}` : ''}${capped}. The counts above cover the whole file.`;
}

/** The last column's heading: what a row changes, the customer of a membership, or what a deletion takes away. */
function columnOf(kind: Preview['kind']): string {
  if (kind === 'memberships') return 'Customer';
  if (kind === 'deletions') return 'What it holds';
  return 'Before → after';
}
