import { DynamicTable, Heading, Stack, Text } from '@forge/react';
import type { JobAnswer } from '../../resolvers/contract';
import { count, plural } from '../words';

export function FailedRows(props: {
  failures: JobAnswer['failures'];
  total: number;
  retryable: number;
  /** Of the retryable rows, an undo's rows held back because their organization changed after the job. */
  changedSince: number;
}) {
  const { failures, total, retryable: allRetryable, changedSince } = props;
  const fix = total - allRetryable;
  const retryable = Math.max(0, allRetryable - changedSince);
  return (
    <Stack space="space.100">
      <Text>
        {total > failures.length
          ? `${plural(total, 'row')} failed; the first ${count(failures.length)} are shown. The file above holds them all.`
          : `${plural(total, 'row')} failed.`}
      </Text>
      {retryable > 0 ? (
        <Text>{`${plural(retryable, 'row')} failed for a passing reason (CSM busy or rate-limited, an answer lost): a retry sends ${retryable === 1 ? 'it' : 'them'} again as ${retryable === 1 ? 'it is' : 'they are'}.`}</Text>
      ) : null}
      {fix > 0 ? (
        <Text>{`${plural(fix, 'row')} CSM refused for what ${fix === 1 ? 'it holds' : 'they hold'}: a retry would fail the same way. Correct ${fix === 1 ? 'it' : 'them'} in the failed-rows file and import that file.`}</Text>
      ) : null}
      <Heading size="small">Failed rows</Heading>
      <DynamicTable
        label="Failed rows"
        rowsPerPage={20}
        head={{
          cells: [
            { key: 'row', content: 'Row' },
            { key: 'organization', content: 'Organization' },
            { key: 'reason', content: 'Reason' },
            { key: 'next', content: 'Next step' },
          ],
        }}
        rows={failures.map((failure) => ({
          key: `failure-${failure.index}`,
          cells: [
            { key: 'row', content: String(failure.row) },
            { key: 'organization', content: failure.name ?? (failure.id ? `Organization ${failure.id}` : '') },
            { key: 'reason', content: failure.error },
            { key: 'next', content: failure.retryable ? 'Retry' : 'Fix in the file' },
          ],
        }))}
      />
    </Stack>
  );
}
