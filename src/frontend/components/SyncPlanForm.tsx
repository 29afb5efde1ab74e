import { Button, FilePicker, Label, Select, Stack, Text, Textfield } from '@forge/react';
import { useState } from 'react';
import {
  describeMatch,
  describeRemovedFromSource,
  describeSchedule,
  type RemovedFromSource,
  type SyncKind,
  type SyncMatch,
  type SyncSchedule,
} from '../../domain/sync';
import { fileText } from '../fileText';
import { useResolver } from '../hooks/useResolver';

const SCHEDULES: { value: string; schedule: SyncSchedule }[] = [
  { value: 'hour', schedule: { every: 'hour' } },
  { value: 'day', schedule: { every: 'day', hour: 2 } },
  { value: 'week', schedule: { every: 'week', weekday: 1, hour: 2 } },
];
const SCHEDULE_OPTIONS = SCHEDULES.map(({ value, schedule }) => ({ label: describeSchedule(schedule), value }));
const MATCH_OPTIONS: { label: string; value: SyncMatch }[] = [
  { label: describeMatch('name'), value: 'name' },
  { label: describeMatch('id'), value: 'id' },
];
const REMOVED_OPTIONS: { label: string; value: RemovedFromSource }[] = [
  { label: describeRemovedFromSource('leave'), value: 'leave' },
  { label: describeRemovedFromSource('delete'), value: 'delete' },
];

const KIND_OPTIONS: { label: string; value: SyncKind }[] = [
  { label: 'Organization profiles (names and detail values)', value: 'profiles' },
  { label: 'Memberships (who belongs to each organization)', value: 'memberships' },
];
const MEMBERS_OPTIONS: { label: string; value: RemovedFromSource }[] = [
  { label: 'Leave them: only add the customers it lists', value: 'leave' },
  { label: 'Remove them: each organization it names holds exactly its customers', value: 'delete' },
];

export interface NewSyncPlan {
  name: string;
  kind: SyncKind;
  source: { kind: 'url'; url: string } | { kind: 'file'; file: { name: string; text: string } };
  schedule: SyncSchedule;
  matchBy: SyncMatch;
  removedFromSource: RemovedFromSource;
  /** A saved mapping, by name, the runs read the source with (profiles plans only). */
  mappingName?: string;
}

/** A new plan: its name, its source (an https URL or a file), its schedule and how rows find their organizations. */
export function SyncPlanForm({ busy, onCreate }: { busy: boolean; onCreate(plan: NewSyncPlan): Promise<boolean> }) {
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [file, setFile] = useState<{ name: string; text: string }>();
  const [scheduleValue, setScheduleValue] = useState('day');
  const [matchBy, setMatchBy] = useState<SyncMatch>('name');
  const [removedFromSource, setRemovedFromSource] = useState<RemovedFromSource>('leave');
  const [kind, setKind] = useState<SyncKind>('profiles');
  const [mappingName, setMappingName] = useState<string>();

  const create = async () => {
    const created = await onCreate({
      name: name.trim(),
      kind,
      source: file ? { kind: 'file', file } : { kind: 'url', url: url.trim() },
      schedule: SCHEDULES.find((s) => s.value === scheduleValue)!.schedule,
      matchBy,
      removedFromSource,
      ...(kind === 'profiles' && mappingName !== undefined ? { mappingName } : {}),
    });
    if (!created) return;
    setName('');
    setUrl('');
    setFile(undefined);
  };

  return (
    <Stack space="space.100">
      <Label labelFor="sync-name">New plan name</Label>
      <Textfield
        id="sync-name"
        name="syncName"
        width="large"
        value={name}
        onChange={(event) => setName(event.target.value)}
      />
      <Label labelFor="sync-url">
        Source URL (an https address serving CSV or JSON, at an address the app&apos;s developer declared) or a file
        below
      </Label>
      <Textfield id="sync-url" name="syncUrl" value={url} onChange={(event) => setUrl(event.target.value)} />
      <FilePicker
        label="Or choose the file to keep organizations equal to"
        onChange={(files) => {
          const [picked] = files;
          setFile(picked ? { name: picked.name, text: fileText(picked.data) } : undefined);
        }}
      />
      {file ? (
        <Text>{`Chosen file: ${file.name}. It is checked against the site's fields when you add the plan: a file with problems is not saved.`}</Text>
      ) : null}
      <Label labelFor="sync-schedule">Schedule</Label>
      <Select
        inputId="sync-schedule"
        options={SCHEDULE_OPTIONS}
        value={SCHEDULE_OPTIONS.find((option) => option.value === scheduleValue)}
        onChange={(option: { value: string } | null) => option && setScheduleValue(option.value)}
      />
      {kind === 'profiles' ? <MappingChoice value={mappingName} onChange={setMappingName} /> : null}
      <SourceRules
        kind={kind}
        matchBy={matchBy}
        removedFromSource={removedFromSource}
        onKind={setKind}
        onMatchBy={setMatchBy}
        onRemovedFromSource={setRemovedFromSource}
      />
      <Button
        appearance="primary"
        isDisabled={busy || name.trim() === '' || (!file && !/^https?:\/\//.test(url.trim()))}
        onClick={() => void create()}
      >
        Add sync plan
      </Button>
    </Stack>
  );
}

const NO_MAPPING = { label: "None: the source's columns are the site's own", value: '' };

/**
 * The saved mapping a profiles plan reads its source with (a CRM export in its own words): listed from the mappings
 * saved on the Import tab. Its key, when it has one, matches rows before the matching chosen below.
 */
function MappingChoice({ value, onChange }: { value?: string; onChange(name: string | undefined): void }) {
  const { loaded } = useResolver('listMappings');
  const saved = loaded.state === 'ready' ? loaded.data.mappings.filter((mapping) => mapping.kind === 'profiles') : [];
  const options = [
    NO_MAPPING,
    ...saved.map(({ name, mapping }) => ({
      label: mapping.key === undefined ? name : `${name} (rows matched by ${mapping.key})`,
      value: name,
    })),
  ];
  return (
    <>
      <Label labelFor="sync-mapping">Mapping (saved on the Import tab; read at every run)</Label>
      <Select
        inputId="sync-mapping"
        options={options}
        value={options.find((option) => option.value === (value ?? '')) ?? NO_MAPPING}
        onChange={(option: { value: string } | null) => onChange(option?.value ? option.value : undefined)}
      />
      {loaded.state === 'error' ? <Text>{`The saved mappings could not be listed: ${loaded.message}`}</Text> : null}
    </>
  );
}

/** What the source holds, and how a run treats what it does not list. */
function SourceRules(props: {
  kind: SyncKind;
  matchBy: SyncMatch;
  removedFromSource: RemovedFromSource;
  onKind(kind: SyncKind): void;
  onMatchBy(matchBy: SyncMatch): void;
  onRemovedFromSource(removed: RemovedFromSource): void;
}) {
  const removedOptions = props.kind === 'memberships' ? MEMBERS_OPTIONS : REMOVED_OPTIONS;
  return (
    <>
      <Label labelFor="sync-kind">The source holds</Label>
      <Select
        inputId="sync-kind"
        options={KIND_OPTIONS}
        value={KIND_OPTIONS.find((option) => option.value === props.kind)}
        onChange={(option: { value: SyncKind } | null) => option && props.onKind(option.value)}
      />
      {props.kind === 'profiles' ? (
        <>
          <Label labelFor="sync-match">Matching</Label>
          <Select
            inputId="sync-match"
            options={MATCH_OPTIONS}
            value={MATCH_OPTIONS.find((option) => option.value === props.matchBy)}
            onChange={(option: { value: SyncMatch } | null) => option && props.onMatchBy(option.value)}
          />
        </>
      ) : null}
      <Label labelFor="sync-removed">
        {props.kind === 'memberships' ? 'Members the source does not list' : 'Organizations removed from the source'}
      </Label>
      <Select
        inputId="sync-removed"
        options={removedOptions}
        value={removedOptions.find((option) => option.value === props.removedFromSource)}
        onChange={(option: { value: RemovedFromSource } | null) => option && props.onRemovedFromSource(option.value)}
      />
    </>
  );
}
