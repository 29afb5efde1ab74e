import { Button, DynamicTable, FilePicker, Heading, Inline, Lozenge, SectionMessage, Stack, Text } from '@forge/react';
import { useState } from 'react';
import {
  describeMapping,
  describeMatch,
  describeRemovedFromSource,
  describeRemovedRun,
  describeRunCounts,
  describeSchedule,
  type SyncPlan,
  type SyncRun,
} from '../../domain/sync';
import type { ResolverAnswers } from '../../resolvers/contract';
import { fileText } from '../fileText';
import { plural } from '../words';

/** What Verify found: a profiles plan's drift, or what a memberships plan's next run would change. */
export type Verification = ResolverAnswers['verifySync'] | ResolverAnswers['previewSyncPlan'];

type Appearance = 'default' | 'inprogress' | 'moved' | 'new' | 'removed' | 'success';
const RUN_LOZENGE: Record<SyncRun['status'], { appearance: Appearance; label: string }> = {
  RUNNING: { appearance: 'inprogress', label: 'Running' },
  APPLIED: { appearance: 'success', label: 'Applied' },
  PARTIAL: { appearance: 'moved', label: 'Partly applied' },
  UNCHANGED: { appearance: 'default', label: 'Nothing changed' },
  WAITING: { appearance: 'moved', label: 'Waiting' },
  FAILED: { appearance: 'removed', label: 'Failed' },
};

function describeRun(run: SyncRun): string {
  const when = new Date(run.at).toISOString().replace('T', ' ').slice(0, 16);
  return `${when} UTC (${run.trigger}): ${describeRunCounts(run)}`;
}

export interface SyncPlanCardProps {
  plan: SyncPlan;
  /** The answer of this plan's last Verify, while the page stays open. */
  verification?: Verification;
  busy: boolean;
  onRunNow(): void;
  onVerify(): void;
  onToggle(): void;
  onReplaceFile(file: { name: string; text: string }): void;
  onDelete(): void;
  /** A 'delete' plan: look up the organizations removed from its source, to review and delete them. */
  onReviewRemoved(): void;
}

/** One plan: its source, schedule and matching in words, its latest run, what Verify found, and what to do. */
export function SyncPlanCard(props: SyncPlanCardProps) {
  const { plan, verification, busy } = props;
  const [replacing, setReplacing] = useState(false);
  const last = plan.history[0];
  const source = plan.source.kind === 'url' ? plan.source.url : `the uploaded file ${plan.source.fileName ?? ''}`;
  return (
    <Stack space="space.050">
      <Inline space="space.100" alignBlock="center">
        <Text>{`${plan.name} (${plan.source.kind === 'url' ? plan.source.url : (plan.source.fileName ?? 'uploaded file')})`}</Text>
        <Lozenge appearance={plan.enabled ? 'success' : 'default'}>{plan.enabled ? 'Enabled' : 'Paused'}</Lozenge>
        {last ? (
          <Lozenge appearance={RUN_LOZENGE[last.status].appearance}>{RUN_LOZENGE[last.status].label}</Lozenge>
        ) : null}
      </Inline>
      <Text>
        {plan.kind === 'memberships'
          ? `${describeSchedule(plan.schedule)}, from ${source.trim()}: who belongs to each organization it names. Members it does not list are ${plan.removedFromSource === 'delete' ? 'removed' : 'left as they are'}.`
          : `${describeSchedule(plan.schedule)}, from ${source.trim()}. ${plan.mappingName !== undefined ? `${describeMapping(plan.mappingName)}. ` : ''}${describeMatch(plan.matchBy)}. ${describeRemovedFromSource(plan.removedFromSource)}.`}
      </Text>
      {plan.pausedReason ? <Text>{plan.pausedReason}</Text> : null}
      {last ? <Text>{describeRun(last)}</Text> : <Text>Not run yet.</Text>}
      {last?.removed ? <Text>{describeRemovedRun(last.removed)}</Text> : null}
      {last?.status === 'WAITING' ? (
        <SectionMessage appearance="warning" title="This sync waits for its owner">
          <Text>
            CSM refused to act as the plan's owner in the background. Run it now from this page, or save the plan to
            become its owner.
          </Text>
        </SectionMessage>
      ) : null}
      {last?.reasons?.map((reason) => (
        <Text key={reason}>{reason}</Text>
      ))}
      {verification && 'drifted' in verification ? (
        <VerificationResult plan={plan} verification={verification} />
      ) : null}
      {verification && 'changes' in verification ? <NextRunPreview plan={plan} preview={verification} /> : null}
      <Inline space="space.100">
        <Button isDisabled={busy} onClick={props.onRunNow}>
          Run now
        </Button>
        <Button isDisabled={busy} onClick={props.onVerify}>
          {plan.kind === 'memberships' ? 'Preview next run' : 'Verify'}
        </Button>
        <Button isDisabled={busy} onClick={props.onToggle}>
          {plan.enabled ? 'Pause' : 'Resume'}
        </Button>
        {plan.source.kind === 'file' ? (
          <Button isDisabled={busy} onClick={() => setReplacing(!replacing)}>
            Replace file
          </Button>
        ) : null}
        {plan.removedFromSource === 'delete' && plan.kind !== 'memberships' ? (
          <Button isDisabled={busy} onClick={props.onReviewRemoved}>
            Review organizations removed from the source
          </Button>
        ) : null}
        <Button appearance="danger" isDisabled={busy} onClick={props.onDelete}>
          Delete
        </Button>
      </Inline>
      {replacing && plan.source.kind === 'file' ? (
        <FilePicker
          label={`The new file for "${plan.name}": the next run compares it with what earlier runs applied`}
          onChange={(files) => {
            const [picked] = files;
            if (!picked) return;
            setReplacing(false);
            props.onReplaceFile({ name: picked.name, text: fileText(picked.data) });
          }}
        />
      ) : null}
    </Stack>
  );
}

/** What a memberships plan's next run would send now: how many customers added, removed, failing, the first ones. */
function NextRunPreview({ plan, preview }: { plan: SyncPlan; preview: ResolverAnswers['previewSyncPlan'] }) {
  const { compared, add, remove, fail, changes } = preview;
  const total = add + remove + fail;
  return (
    <Stack space="space.050">
      <SectionMessage appearance={total === 0 ? 'success' : 'information'} title="The next run, as the site is now">
        <Text>
          {total === 0
            ? `Every organization of the ${plural(compared, 'row')} of the source has exactly the members it lists: a run now sends nothing.`
            : `A run now would add ${plural(add, 'customer')}, remove ${plural(remove, 'customer')}${fail > 0 ? `, and fail ${plural(fail, 'row')} (an organization or customer the site does not have)` : ''}. Nothing is sent until it runs.`}
        </Text>
        {total > changes.length ? <Text>{`The first ${changes.length} are listed.`}</Text> : null}
      </SectionMessage>
      {changes.length > 0 ? (
        <DynamicTable
          label={`The next run of ${plan.name}`}
          rowsPerPage={20}
          head={{
            cells: [
              { key: 'row', content: 'Row' },
              { key: 'operation', content: 'Change' },
              { key: 'organization', content: 'Organization' },
              { key: 'customer', content: 'Customer' },
            ],
          }}
          rows={changes.map((change, position) => ({
            key: `next-${position}`,
            cells: [
              { key: 'row', content: String(change.row) },
              { key: 'operation', content: change.operation === 'ADD' ? 'Add' : 'Remove' },
              { key: 'organization', content: change.organization },
              { key: 'customer', content: change.customer },
            ],
          }))}
        />
      ) : null}
    </Stack>
  );
}

/** "N organizations drifted", and for each the row and the fields that differ from the source. */
function VerificationResult({ plan, verification }: { plan: SyncPlan; verification: ResolverAnswers['verifySync'] }) {
  const { compared, drifted, driftedTotal, includedInNextRun } = verification;
  if (compared === 0)
    return (
      <SectionMessage appearance="information" title="Nothing to verify yet">
        <Text>No run of this plan has applied rows yet: run it first.</Text>
      </SectionMessage>
    );
  if (driftedTotal === 0)
    return (
      <SectionMessage appearance="success" title="No drift">
        <Text>{`All ${plural(compared, 'organization')} of the source that the plan's runs have settled (sent, or found as in the source) still match it in CSM.`}</Text>
      </SectionMessage>
    );
  return (
    <Stack space="space.050">
      <SectionMessage appearance="warning" title={`${plural(driftedTotal, 'organization')} drifted`}>
        <Text>
          {`Of the ${plural(compared, 'organization')} of the source that the runs of "${plan.name}" have settled, ${driftedTotal === 1 ? 'this one no longer matches' : 'these no longer match'} the source in CSM. ` +
            (includedInNextRun
              ? `The next run sends ${driftedTotal === 1 ? 'it' : 'them'} again, even if the source does not change.`
              : `Run the plan to send ${driftedTotal === 1 ? 'it' : 'them'} again.`)}
        </Text>
        {driftedTotal > drifted.length ? <Text>{`The first ${drifted.length} are listed.`}</Text> : null}
      </SectionMessage>
      <Heading size="small">Drifted organizations</Heading>
      <DynamicTable
        label={`Drifted organizations of ${plan.name}`}
        rowsPerPage={20}
        head={{
          cells: [
            { key: 'row', content: 'Row' },
            { key: 'organization', content: 'Organization' },
            { key: 'differences', content: 'What differs' },
          ],
        }}
        rows={drifted.map((row) => ({
          key: `drift-${row.key}`,
          cells: [
            { key: 'row', content: String(row.row) },
            { key: 'organization', content: row.name ?? `Organization ${row.id ?? ''}` },
            { key: 'differences', content: row.differences.join('; ') },
          ],
        }))}
      />
    </Stack>
  );
}
