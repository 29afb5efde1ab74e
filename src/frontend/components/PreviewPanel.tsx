import { Button, Checkbox, Heading, SectionMessage, Stack, Text } from '@forge/react';
import { changingRows, figuresOf } from '../previewFigures';
import { PreviewTable } from './PreviewTable';
import type { ImportKind } from '../../domain/operations';
import type { ChangeCounts } from '../../domain/preview';
import type { Preview } from '../hooks/useImportPreview';
import { count, duration, plural } from '../words';
import { PreviewCounts } from './PreviewCounts';
import { FileProblems, IgnoredColumns, SuggestedKind, UnmatchedColumns } from './PreviewColumns';

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
  const figures = figuresOf(preview, skipInvalid, allowOverlap);
  const { counts, lookedUpAll, unit, wholeFileErrors, blocked } = figures;

  return (
    <Stack space="space.200">
      <Heading size="medium">Preview</Heading>
      <PreviewCounts preview={preview} figures={figures} skipInvalid={skipInvalid} />
      {preview.plan ? (
        <Text>{requestsLine(preview.kind, preview.plan.chunks, counts, lookedUpAll, props.sendAll)}</Text>
      ) : null}
      {preview.plan ? <Text>{estimateLine(preview.kind, preview.estimate)}</Text> : null}
      {preview.suggestedKind ? <SuggestedKind kind={preview.suggestedKind} onSwitchKind={onSwitchKind} /> : null}
      {figures.unmatchedColumns.length > 0 ? (
        <UnmatchedColumns
          problems={figures.unmatchedColumns}
          profiles={preview.kind === 'profiles'}
          suggestedKind={preview.suggestedKind}
          onIgnoreColumn={onIgnoreColumn}
          onCreateField={onCreateField}
        />
      ) : null}
      {ignoredColumns.length > 0 ? <IgnoredColumns columns={ignoredColumns} onStopIgnoring={onStopIgnoring} /> : null}
      {figures.otherFileProblems.length > 0 ? <FileProblems problems={figures.otherFileProblems} /> : null}
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
        <OverlapWarning overlaps={preview.overlaps} allowOverlap={allowOverlap} onAllowOverlap={onAllowOverlap} />
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
        appearance={
          preview.kind === 'deletions' || preview.kind === 'merges'
            ? 'danger'
            : counts.error > 0
              ? 'warning'
              : 'primary'
        }
        isDisabled={blocked || isStarting}
        onClick={onStart}
      >
        Start job
      </Button>
    </Stack>
  );
}

/** Unfinished jobs that change some of the same organizations, and the choice to start anyway. */
function OverlapWarning(props: {
  overlaps: Preview['overlaps'];
  allowOverlap: boolean;
  onAllowOverlap(allow: boolean): void;
}) {
  return (
    <SectionMessage appearance="warning" title="Another job is changing the same organizations">
      {props.overlaps.map((overlap) => (
        <Text key={overlap.jobId}>{describeOverlap(overlap)}</Text>
      ))}
      <Text>
        CSM runs the two jobs' requests in no particular order, so each organization ends with whichever value was
        written last. Wait for the other job to finish, or cancel it, then preview again.
      </Text>
      <Checkbox
        name="allowOverlap"
        value="allow"
        isChecked={props.allowOverlap}
        label="Start anyway: I know which value each organization should end with"
        onChange={(event) => props.onAllowOverlap(Boolean(event.target.checked))}
      />
    </SectionMessage>
  );
}

/**
 * What the job will send: rows that change nothing are compared and left out when it runs, so a file the site already
 * holds sends nothing, and the planned requests are an upper bound until every row was looked up. A memberships
 * file is sent as single calls: one per organization and operation for up to 50 customers.
 */
function requestsLine(
  kind: ImportKind,
  chunks: number,
  counts: ChangeCounts,
  lookedUpAll: boolean,
  sendAll: boolean,
): string {
  const planned =
    kind === 'memberships'
      ? `${plural(chunks, 'call')} (one per organization and operation, for up to 50 customers each)`
      : plural(chunks, 'bulk request');
  if (sendAll) return `The job sends ${planned}, every row as it is.`;
  const unchanged = counts.unchanged + (counts.member ?? 0) + (counts['not-member'] ?? 0);
  if (lookedUpAll && changingRows(counts) === 0)
    return 'Every row already holds what it says: the job sends nothing (unless you choose to send every row).';
  if (lookedUpAll && unchanged === 0) return `The job sends ${planned}.`;
  return `The job sends at most ${planned}: rows that change nothing are left out when it runs.`;
}

/**
 * How long the job would probably take here, in words an admin can plan with. The estimate is of CSM's tasks: a
 * memberships job holds none (its calls are answered at once), so none is given for it.
 */
function estimateLine(kind: ImportKind, estimate: Preview['estimate']): string {
  if (kind === 'memberships')
    return "Memberships are changed by single calls, answered at once: the job does not wait for CSM's tasks.";
  if (!estimate)
    return "How long the job takes is known after a first job on this site: CSM's tasks take from seconds to minutes each.";
  const { ms, taskMs, cap } = estimate;
  return `On this site the job probably takes ${duration(ms).toLowerCase()} (CSM's tasks took ${duration(taskMs).toLowerCase()} each in its last job, ${plural(cap, 'task')} at once).`;
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
