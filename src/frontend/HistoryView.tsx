import { Button, DynamicTable, Heading, Lozenge, Stack, Text, User } from '@forge/react';
import React from 'react';
import { ResolverError } from './ResolverError';
import { useResolver } from './useResolver';
import { KIND_WORDS, STATUS_LOZENGE, when } from './words';

const JOBS_SHOWN = 50;

/** Past jobs, newest first; each opens in the job view. */
export function HistoryView({ onOpenJob }: { onOpenJob(jobId: string): void }) {
  const { loaded, reload } = useResolver('listJobs', { limit: JOBS_SHOWN });
  return (
    <Stack space="space.200">
      <Heading size="medium">Jobs</Heading>
      {loaded.state === 'error' ? <ResolverError error={{ ...loaded, action: 'Loading the jobs' }} /> : null}
      <DynamicTable
        caption="Jobs"
        isLoading={loaded.state === 'loading'}
        rowsPerPage={10}
        emptyView={<Text>No jobs yet. Import a file to start one.</Text>}
        head={{
          cells: [
            { key: 'started', content: 'Started' },
            { key: 'kind', content: 'Kind' },
            { key: 'status', content: 'Status' },
            { key: 'by', content: 'Started by' },
            { key: 'rows', content: 'Rows (succeeded / failed)' },
            { key: 'open', content: '' },
          ],
        }}
        rows={(loaded.state === 'ready' ? loaded.data.jobs : []).map((job) => ({
          key: job.id,
          cells: [
            { key: 'started', content: when(job.createdAt) },
            { key: 'kind', content: `${KIND_WORDS[job.kind]}${job.fileName ? ` (${job.fileName})` : ''}` },
            {
              key: 'status',
              content: (
                <Lozenge appearance={STATUS_LOZENGE[job.status].appearance}>{STATUS_LOZENGE[job.status].label}</Lozenge>
              ),
            },
            { key: 'by', content: <User accountId={job.ownerAccountId} /> },
            { key: 'rows', content: `${job.progress.total} (${job.progress.succeeded} / ${job.progress.failed})` },
            { key: 'open', content: <Button onClick={() => onOpenJob(job.id)}>Open</Button> },
          ],
        }))}
      />
      <Button appearance="subtle" iconBefore="refresh" onClick={() => void reload()}>
        Refresh
      </Button>
    </Stack>
  );
}
