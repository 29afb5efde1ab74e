import {
  Button,
  FilePicker,
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
import React, { useState } from 'react';
import type { SyncPlan, SyncRun, SyncSchedule } from '../domain/sync';
import { fileText } from './fileText';
import { ResolverError, type ShownError } from './ResolverError';
import { newUploadId, sendFile } from './upload';
import { call, useResolver } from './useResolver';

const RUN_LOZENGE: Record<SyncRun['status'], 'default' | 'inprogress' | 'moved' | 'new' | 'removed' | 'success'> = {
  RUNNING: 'inprogress',
  APPLIED: 'success',
  PARTIAL: 'moved',
  UNCHANGED: 'default',
  WAITING: 'moved',
  FAILED: 'removed',
};

const SCHEDULES: { label: string; value: string; schedule: SyncSchedule }[] = [
  { label: 'Every hour', value: 'hour', schedule: { every: 'hour' } },
  { label: 'Every day at 02:00 UTC', value: 'day', schedule: { every: 'day', hour: 2 } },
  { label: 'Every Monday at 02:00 UTC', value: 'week', schedule: { every: 'week', weekday: 1, hour: 2 } },
];

function describeRun(run: SyncRun): string {
  const when = new Date(run.at).toISOString().replace('T', ' ').slice(0, 16);
  return `${when} UTC (${run.trigger}): ${run.compared} rows compared, ${run.changed} changed, ${run.succeeded} succeeded, ${run.failed} failed`;
}

/** Sync plans: keep CSM organizations equal to a file or a URL export, on a schedule. */
export function SyncPlansView() {
  const { loaded, reload } = useResolver('listSyncPlans');
  const [error, setError] = useState<ShownError>();
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [file, setFile] = useState<{ name: string; text: string }>();
  const [scheduleValue, setScheduleValue] = useState('day');

  const act = async (action: string, perform: () => Promise<{ ok: boolean; code?: string; message?: string }>) => {
    const result = await perform();
    if (result.ok) setError(undefined);
    else setError({ code: result.code ?? 'INTERNAL', message: result.message ?? '', action });
    await reload();
  };

  const create = () =>
    act('Saving the sync plan', async () => {
      const schedule = SCHEDULES.find((s) => s.value === scheduleValue)!.schedule;
      const source = file
        ? {
            kind: 'file' as const,
            fileName: file.name,
            ...(await sendFile(file.text, {
              sendPart: (p) => call('uploadPart', p),
              newUploadId: () => newUploadId(),
            })),
          }
        : { kind: 'url' as const, url: url.trim() };
      const result = await call('saveSyncPlan', { name: name.trim(), source, schedule });
      if (result.ok) {
        setName('');
        setUrl('');
        setFile(undefined);
      }
      return result;
    });

  const plans: SyncPlan[] = loaded.state === 'ready' ? loaded.data.plans : [];
  return (
    <Stack space="space.100">
      <Heading size="small">Sync plans</Heading>
      {loaded.state === 'error' ? <ResolverError error={{ ...loaded, action: 'Loading the sync plans' }} /> : null}
      {error ? <ResolverError error={error} /> : null}
      {loaded.state === 'ready' && plans.length === 0 ? <Text>No sync plans yet.</Text> : null}
      {plans.map((plan) => {
        const last = plan.history[0];
        return (
          <Stack key={plan.id} space="space.050">
            <Inline space="space.100" alignBlock="center">
              <Text>{`${plan.name} (${plan.source.kind === 'url' ? plan.source.url : (plan.source.fileName ?? 'uploaded file')})`}</Text>
              <Lozenge appearance={plan.enabled ? 'success' : 'default'}>{plan.enabled ? 'Enabled' : 'Paused'}</Lozenge>
              {last ? <Lozenge appearance={RUN_LOZENGE[last.status]}>{last.status}</Lozenge> : null}
            </Inline>
            {last ? <Text>{describeRun(last)}</Text> : null}
            {last?.status === 'WAITING' ? (
              <SectionMessage appearance="warning" title="This sync waits for its owner">
                <Text>
                  CSM refused to act as the plan's owner in the background. Run it now from this page, or save the plan
                  to become its owner.
                </Text>
              </SectionMessage>
            ) : null}
            {last?.reasons?.map((reason) => (
              <Text key={reason}>{reason}</Text>
            ))}
            <Inline space="space.100">
              <Button onClick={() => act('Running the sync', () => call('runSyncNow', { planId: plan.id }))}>
                Run now
              </Button>
              <Button
                onClick={() =>
                  act('Checking for drift', () => call('verifySync', { planId: plan.id, includeInNextRun: true }))
                }
              >
                Verify
              </Button>
              <Button
                onClick={() =>
                  act('Saving the sync plan', () =>
                    call('saveSyncPlan', {
                      planId: plan.id,
                      name: plan.name,
                      source: plan.source,
                      schedule: plan.schedule,
                      matchBy: plan.matchBy,
                      enabled: !plan.enabled,
                    }),
                  )
                }
              >
                {plan.enabled ? 'Pause' : 'Resume'}
              </Button>
              <Button
                appearance="subtle"
                onClick={() => act('Deleting the sync plan', () => call('deleteSyncPlan', { planId: plan.id }))}
              >
                Delete
              </Button>
            </Inline>
          </Stack>
        );
      })}
      <Label labelFor="sync-name">New plan name</Label>
      <Textfield id="sync-name" name="syncName" value={name} onChange={(event) => setName(event.target.value)} />
      <Label labelFor="sync-url">Source URL (CSV or JSON; its origin must be in manifest.yml) or a file below</Label>
      <Textfield id="sync-url" name="syncUrl" value={url} onChange={(event) => setUrl(event.target.value)} />
      <FilePicker
        label="Or choose the file to keep organizations equal to"
        onChange={(files) => {
          const [picked] = files;
          setFile(picked ? { name: picked.name, text: fileText(picked.data) } : undefined);
        }}
      />
      <Label labelFor="sync-schedule">Schedule</Label>
      <Select
        inputId="sync-schedule"
        options={SCHEDULES.map(({ label, value }) => ({ label, value }))}
        value={SCHEDULES.filter((s) => s.value === scheduleValue).map(({ label, value }) => ({ label, value }))[0]}
        onChange={(option: { value: string } | null) => option && setScheduleValue(option.value)}
      />
      <Button
        appearance="primary"
        isDisabled={name.trim() === '' || (!file && !/^https?:\/\//.test(url.trim()))}
        onClick={create}
      >
        Add sync plan
      </Button>
    </Stack>
  );
}
