import { Button, Checkbox, Heading, Inline, Lozenge, ProgressBar, SectionMessage, Stack, Text } from '@forge/react';
import React from 'react';
import { describeProblem, fileProblems } from '../previewModel';
import { PreviewTable } from './PreviewTable';
import type { ImportKind } from '../../domain/operations';
import { countChanges, type ChangeCounts } from '../../domain/preview';
import type { Preview } from '../hooks/useImportPreview';
import { CHANGE_LOZENGE, count, KIND_WORDS, plural } from '../words';

export interface PreviewPanelProps {
  preview: Preview;
  skipInvalid: boolean;
  onSkipInvalid(skip: boolean): void;
  allowOverlap: boolean;
  onAllowOverlap(allow: boolean): void;
  sendAll: boolean;
  onSendAll(sendAll: boolean): void;
  isStarting: boolean;
  onStart(): void;
  /** Columns left out at the admin's choice, and how to add one or take them all back. */
  ignoredColumns: readonly string[];
  onIgnoreColumn(column: string): void;
  /** Create a detail field for a column of a profiles file (its type inferred, editable before it is created). */
  onCreateField?(column: string): void;
  onStopIgnoring(): void;
  /** Re-read the file as the kind its headers suggest. */
  onSwitchKind(kind: ImportKind): void;
}

/** What the file will do, row by row, and the start button with the choice to skip rows with errors. */
export function PreviewPanel(props: PreviewPanelProps) {
  const { preview, skipInvalid, onSkipInvalid, allowOverlap, onAllowOverlap, isStarting, onStart } = props;
  const { ignoredColumns, onIgnoreColumn, onStopIgnoring, onSwitchKind, onCreateField } = props;
  const { lookup } = preview;
  // The whole file's counts once the background lookup has them; until then, those of the rows looked up so far.
  const wholeFileCounts = lookup !== undefined && lookup.looked > preview.rowsClassified;
  const counts = wholeFileCounts ? lookup.counts : countChanges(preview.rows);
  const countedRows = wholeFileCounts ? lookup.looked : preview.rowsClassified;
  const wholeFile = fileProblems(preview.problems);
  const wholeFileErrors = wholeFile.filter((problem) => problem.severity === 'error');
  const unmatchedColumns = wholeFile.filter((problem) => problem.code === 'unknown-column');
  const otherFileProblems = wholeFile.filter((problem) => problem.code !== 'unknown-column');
  const lookedUpAll = countedRows >= preview.operations;
  const profiles = preview.kind === 'profiles';
  /** What is counted as ready, looked up and sent: a JSON detail-values item holds several changes, a row one. */
  const unit = preview.kind === 'details' && preview.format === 'json' ? 'change' : 'row';
  const blocked =
    wholeFileErrors.length > 0 ||
    preview.operations === 0 ||
    (preview.rowsWithErrors > 0 && !skipInvalid) ||
    (preview.overlaps.length > 0 && !allowOverlap);

  return (
    <Stack space="space.200">
      <Heading size="medium">Preview</Heading>
      <Text>
        {`${plural(preview.rowCount, 'row')} read (${preview.format.toUpperCase()}): ${plural(preview.operations, unit)} ready, ${plural(preview.rowsWithErrors, 'row')} with errors.`}
      </Text>
      {preview.checkedOnServer ? (
        <Inline space="space.100" alignBlock="center">
          {lookedUpAll ? null : <Text>{`Of the first ${plural(countedRows, unit)}:`}</Text>}
          <Lozenge appearance={CHANGE_LOZENGE.create.appearance}>{`Create ${count(counts.create)}`}</Lozenge>
          <Lozenge appearance={CHANGE_LOZENGE.update.appearance}>{`Update ${count(counts.update)}`}</Lozenge>
          <Lozenge appearance={CHANGE_LOZENGE.unchanged.appearance}>{`Unchanged ${count(counts.unchanged)}`}</Lozenge>
          <Lozenge appearance={CHANGE_LOZENGE['will-fail'].appearance}>{`Will fail ${count(counts.error)}`}</Lozenge>
        </Inline>
      ) : null}
      {preview.rowsWithErrors > 0 ? (
        <Inline space="space.100" alignBlock="center">
          <Lozenge appearance={CHANGE_LOZENGE['file-error'].appearance}>
            {`Error in file ${count(preview.rowsWithErrors)}`}
          </Lozenge>
          <Text>{skipInvalid ? 'These rows are skipped.' : 'These rows must be fixed or skipped.'}</Text>
        </Inline>
      ) : null}
      {preview.checkedOnServer && !lookedUpAll ? (
        lookup?.status === 'RUNNING' ? (
          // A Stack, not an Inline: in a row the bar has no width of its own and is drawn 0 px wide.
          <Stack space="space.050">
            <ProgressBar
              value={lookup.total > 0 ? lookup.looked / lookup.total : 0}
              ariaLabel="Looking up the file's rows on the site"
            />
            <Text>{`Looking up every ${unit} on the site: ${count(lookup.looked)} of ${count(lookup.total)}…${lookup.lastError ? ` (${lookup.lastError} Trying again.)` : ''}`}</Text>
          </Stack>
        ) : (
          <Text>{`${count(countedRows)} of ${plural(preview.operations, unit)} ready were looked up on the site${lookup?.status === 'STOPPED' && lookup.reason ? ` (the lookup of the rest stopped: ${lookup.reason})` : ''}; the others are checked when the job sends them.`}</Text>
        )
      ) : null}
      {counts.error > 0 ? (
        <SectionMessage appearance="warning" title={`${plural(counts.error, unit)} will probably fail`}>
          <Text>
            CSM would refuse the rows marked Will fail, as they are now (the Problems column says why). Fix them in the
            file and preview again, or start anyway: they end in the job's failed-rows file.
          </Text>
        </SectionMessage>
      ) : null}
      {preview.plan ? <Text>{requestsLine(preview.plan.chunks, counts, lookedUpAll, props.sendAll)}</Text> : null}
      {preview.suggestedKind ? (
        <SectionMessage
          appearance="information"
          title={`This looks like a file of ${KIND_WORDS[preview.suggestedKind].toLowerCase()}`}
        >
          <Text>{`Its headers are those of ${KIND_WORDS[preview.suggestedKind]}, not of the kind chosen above.`}</Text>
          <Button onClick={() => onSwitchKind(preview.suggestedKind!)}>
            {`Switch to ${KIND_WORDS[preview.suggestedKind]}`}
          </Button>
        </SectionMessage>
      ) : null}
      {unmatchedColumns.length > 0 ? (
        <SectionMessage
          appearance="error"
          title={profiles ? 'Columns that match no detail field' : 'Columns this kind of file does not use'}
        >
          {unmatchedColumns.map((problem) => (
            <Inline key={`${problem.column}`} space="space.100" alignBlock="center">
              <Text>{describeProblem(problem)}</Text>
              {problem.column === undefined ? null : (
                <Button appearance="subtle" onClick={() => onIgnoreColumn(problem.column!)}>
                  {`Ignore "${problem.column}"`}
                </Button>
              )}
              {/* Only a profiles file's columns are detail fields; another kind's unknown column is a mistake. */}
              {problem.column === undefined || !profiles || preview.suggestedKind || !onCreateField ? null : (
                <Button appearance="subtle" onClick={() => onCreateField(problem.column!)}>
                  {`Create field "${problem.column}"`}
                </Button>
              )}
            </Inline>
          ))}
          <Text>
            {profiles && !preview.suggestedKind
              ? 'Rename each column to a detail field on this site, create the field, or ignore the column: an ignored column is neither checked nor sent, as CSM’s own importer does with columns it does not know.'
              : 'Rename each column to one this kind of file uses, choose the kind the file holds, or ignore the column: an ignored column is neither checked nor sent.'}
          </Text>
        </SectionMessage>
      ) : null}
      {ignoredColumns.length > 0 ? (
        <Inline space="space.100" alignBlock="center">
          <Text>{`Ignored: ${ignoredColumns.map((column) => `"${column}"`).join(', ')}.`}</Text>
          <Button appearance="subtle" onClick={onStopIgnoring}>
            Check them again
          </Button>
        </Inline>
      ) : null}
      {otherFileProblems.length > 0 ? (
        <SectionMessage
          appearance={otherFileProblems.some((p) => p.severity === 'error') ? 'error' : 'warning'}
          title="Problems with the file"
        >
          {otherFileProblems.map((problem, index) => (
            <Text key={`file-${index}`}>{describeProblem(problem)}</Text>
          ))}
        </SectionMessage>
      ) : null}
      <PreviewTable preview={preview} />
      {preview.rowsWithErrors > 0 && wholeFileErrors.length === 0 && preview.operations > 0 ? (
        <Checkbox
          name="skipInvalid"
          value="skip"
          isChecked={skipInvalid}
          label={`Skip the ${plural(preview.rowsWithErrors, 'row')} with errors and send the other ${plural(preview.operations, unit)}`}
          onChange={(event) => onSkipInvalid(Boolean(event.target.checked))}
        />
      ) : null}
      {preview.overlaps.length > 0 ? (
        <SectionMessage appearance="warning" title="Another job is changing the same organizations">
          {preview.overlaps.map((overlap) => (
            <Text key={overlap.jobId}>{describeOverlap(overlap)}</Text>
          ))}
          <Text>
            CSM runs the two jobs' requests in no particular order, so each organization ends with whichever value was
            written last. Wait for the other job to finish, or cancel it, then preview again.
          </Text>
          <Checkbox
            name="allowOverlap"
            value="allow"
            isChecked={allowOverlap}
            label="Start anyway: I know which value each organization should end with"
            onChange={(event) => onAllowOverlap(Boolean(event.target.checked))}
          />
        </SectionMessage>
      ) : null}
      <Checkbox
        name="sendAll"
        value="all"
        isChecked={props.sendAll}
        label="Send every row, even rows the site already holds (by default each request is compared with the site just before it is sent, and rows that would change nothing are left out)"
        onChange={(event) => props.onSendAll(Boolean(event.target.checked))}
      />
      {blocked ? <Text>{startAdvice(preview, wholeFileErrors.length > 0, skipInvalid)}</Text> : null}
      <Button
        appearance={counts.error > 0 ? 'warning' : 'primary'}
        isDisabled={blocked || isStarting}
        onClick={onStart}
      >
        Start job
      </Button>
    </Stack>
  );
}

/**
 * What the job will send: rows that change nothing are compared and left out when it runs, so a file the site already
 * holds sends nothing, and the planned requests are an upper bound until every row was looked up.
 */
function requestsLine(chunks: number, counts: ChangeCounts, lookedUpAll: boolean, sendAll: boolean): string {
  const planned = plural(chunks, 'bulk request');
  if (sendAll) return `The job sends ${planned}, every row as it is.`;
  const changing = counts.create + counts.update + counts.error;
  if (lookedUpAll && changing === 0)
    return 'Every row already holds what it says: the job sends nothing (unless you choose to send every row).';
  if (lookedUpAll && counts.unchanged === 0) return `The job sends ${planned}.`;
  return `The job sends at most ${planned}: rows that change nothing are left out when it runs.`;
}

function startAdvice(preview: Preview, wholeFileErrors: boolean, skipInvalid: boolean): string {
  if (wholeFileErrors) return 'Fix the problems with the file, then preview it again.';
  if (preview.operations === 0)
    return 'The file has no rows that can be sent. Fix the rows with errors, then preview it again.';
  if (preview.rowsWithErrors > 0 && !skipInvalid)
    return 'Fix the rows with errors and preview again, or choose to skip them.';
  return 'Another job is changing some of the same organizations: wait for it, or choose to start anyway.';
}

function describeOverlap(overlap: Preview['overlaps'][number]): string {
  const job = overlap.fileName ? `The job from ${overlap.fileName} (${overlap.jobId})` : `Job ${overlap.jobId}`;
  const more =
    overlap.rowCount > overlap.rows.length ? ` and ${count(overlap.rowCount - overlap.rows.length)} more` : '';
  return `${job} changes the organizations of ${plural(overlap.rowCount, 'row')} here: ${overlap.rows.join(', ')}${more}.`;
}
