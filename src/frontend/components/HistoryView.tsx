import { Button, DynamicTable, Heading, Lozenge, Stack, Text, User } from '@forge/react';
import { useEffect } from 'react';
import { isFinal } from '../../domain/job';
import { ResolverError } from './ResolverError';
import { useResolver } from '../hooks/useResolver';
import { jobTitle, ledgerLine, STATUS_LOZENGE } from '../words';

const JOBS_SHOWN = 50;

/** Past jobs, newest first; each opens in the job view. Read again every `pollMs` while one of them runs. */
export function HistoryView({ onOpenJob, pollMs }: { onOpenJob(jobId: string): void; pollMs: number }) {
  const { loaded, reload } = useResolver('listJobs', { limit: JOBS_SHOWN });
  const running = loaded.state === 'ready' && loaded.data.jobs.some((job) => !isFinal(job.status));
  // Each answer while a job runs sets the next read; the list stops being read once every job shown has ended.
  useEffect(() => {
    if (!running) return undefined;
    const timer = setTimeout(() => void reload(), pollMs);
    return () => clearTimeout(timer);
  }, [running, loaded, pollMs, reload]);
  return (
    <Stack space="space.200">
      {loaded.state === 'error' ? <ResolverError error={{ ...loaded, action: 'Loading the jobs' }} /> : null}
      <Heading size="small">Jobs</Heading>
      <DynamicTable
        label="Jobs"
        isLoading={loaded.state === 'loading'}
        rowsPerPage={10}
        emptyView={<Text>No jobs yet. Import a file on the Import tab to start one.</Text>}
        head={{
          cells: [
            { key: 'job', content: 'Job' },
            { key: 'status', content: 'Status' },
            { key: 'by', content: 'Started by' },
            { key: 'rows', content: 'Rows' },
            { key: 'open', content: '' },
          ],
        }}
        rows={(loaded.state === 'ready' ? loaded.data.jobs : []).map((job) => ({
          key: job.id,
          cells: [
            { key: 'job', content: jobTitle(job) },
            {
              key: 'status',
              content: (
                <Lozenge appearance={STATUS_LOZENGE[job.status].appearance}>{STATUS_LOZENGE[job.status].label}</Lozenge>
              ),
            },
            { key: 'by', content: <User accountId={job.ownerAccountId} /> },
            { key: 'rows', content: ledgerLine(job.ledger) },
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
