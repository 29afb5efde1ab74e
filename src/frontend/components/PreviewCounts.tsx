import { Inline, Lozenge, ProgressBar, SectionMessage, Stack, Text } from '@forge/react';
import type { Preview } from '../hooks/useImportPreview';
import { CHANGE_LOZENGE, count, plural } from '../words';
import { countsShown, type PreviewFigures } from '../previewFigures';

interface PreviewCountsProps {
  preview: Preview;
  figures: PreviewFigures;
  skipInvalid: boolean;
}

/** How many rows the file holds, what they would do on the site, and how far the site was looked up. */
export function PreviewCounts({ preview, figures, skipInvalid }: PreviewCountsProps) {
  const { counts, countedRows, lookedUpAll, unit } = figures;
  return (
    <>
      <Text>
        {`${plural(preview.rowCount, 'row')} read (${preview.format.toUpperCase()}): ${plural(preview.operations, unit)} ready, ${plural(preview.rowsWithErrors, 'row')} with errors.`}
      </Text>
      {preview.checkedOnServer ? (
        <Inline space="space.100" alignBlock="center">
          {lookedUpAll ? null : <Text>{`Of the first ${plural(countedRows, unit)}:`}</Text>}
          {countsShown(preview.kind, counts).map((shown) => (
            <Lozenge key={shown.change} appearance={CHANGE_LOZENGE[shown.change].appearance}>
              {shown.label}
            </Lozenge>
          ))}
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
        <LookupProgress lookup={preview.lookup} countedRows={countedRows} operations={preview.operations} unit={unit} />
      ) : null}
      {counts.error > 0 ? <WillFail kind={preview.kind} rows={counts.error} unit={unit} /> : null}
    </>
  );
}

/** Rows the site would refuse as they are: why, and what to do. A memberships file's lines are its rows. */
function WillFail({ kind, rows, unit }: { kind: Preview['kind']; rows: number; unit: string }) {
  const memberships = kind === 'memberships';
  return (
    <SectionMessage appearance="warning" title={`${plural(rows, memberships ? 'row' : unit)} will probably fail`}>
      <Text>
        {memberships
          ? "The rows marked Will fail name an organization or a customer the site does not have, as it is now (the Problems column says which). Fix them in the file and preview again, or start anyway: they end in the job's failed-rows file."
          : "CSM would refuse the rows marked Will fail, as they are now (the Problems column says why). Fix them in the file and preview again, or start anyway: they end in the job's failed-rows file."}
      </Text>
    </SectionMessage>
  );
}

/** The background lookup of the whole file: its progress while it runs, how far it got once it stopped. */
function LookupProgress(props: { lookup: Preview['lookup']; countedRows: number; operations: number; unit: string }) {
  const { lookup, countedRows, operations, unit } = props;
  if (lookup?.status === 'RUNNING')
    return (
      // A Stack, not an Inline: in a row the bar has no width of its own and is drawn 0 px wide.
      <Stack space="space.050">
        <ProgressBar
          value={lookup.total > 0 ? lookup.looked / lookup.total : 0}
          ariaLabel="Looking up the file's rows on the site"
        />
        <Text>{`Looking up every ${unit} on the site: ${count(lookup.looked)} of ${count(lookup.total)}…${lookup.lastError ? ` (${lookup.lastError} Trying again.)` : ''}`}</Text>
      </Stack>
    );
  return (
    <Text>{`${count(countedRows)} of ${plural(operations, unit)} ready were looked up on the site${lookup?.status === 'STOPPED' && lookup.reason ? ` (the lookup of the rest stopped: ${lookup.reason})` : ''}; the others are checked when the job sends them.`}</Text>
  );
}
