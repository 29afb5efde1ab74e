import { Button, ButtonGroup, Heading, Label, SectionMessage, Stack, Text, Textfield } from '@forge/react';
import { useEffect, useState } from 'react';
import { ResolverError, type ShownError } from './ResolverError';
import { SyncPlansView } from './SyncPlansView';
import { call, useResolver } from '../hooks/useResolver';
import { MAX_TASK_CAP as MAX_CAP, MIN_TASK_CAP as MIN_CAP } from '../../domain/limits';
import type { SettingsAnswer } from '../../resolvers/contract';
import { plural, when } from '../words';

/** What the app learnt of the site's cap, in words. */
function learnedWords(settings: SettingsAnswer): string {
  const { learned } = settings;
  const refused =
    learned.refused && learned.refused.until > Date.now()
      ? ` CSM refused ${plural(learned.refused.level, 'open task')} at once lately; that is tried again after ${when(learned.refused.until)}.`
      : '';
  const taught =
    learned.at === undefined ? 'nothing yet (a new site starts at 5)' : `${learned.cap} (${when(learned.at)})`;
  return `Learnt from CSM's answers: ${taught}.${refused}`;
}

/** The site's settings: how many CSM tasks a job keeps open at once; the sync plans (read every `pollMs` while one runs). */
export function SettingsView({ pollMs }: { pollMs?: number }) {
  const { loaded } = useResolver('getSettings');
  const [settings, setSettings] = useState<SettingsAnswer>();
  const [taskCap, setTaskCap] = useState('');
  const [error, setError] = useState<ShownError>();
  const [saved, setSaved] = useState<string>();

  useEffect(() => {
    if (loaded.state !== 'ready') return;
    setSettings(loaded.data);
    // What the admin typed before the settings arrived is kept, not overwritten by them.
    setTaskCap((typed) => (typed === '' ? String(loaded.data.taskCap) : typed));
  }, [loaded]);

  const cap = Number(taskCap);
  const valid = Number.isInteger(cap) && cap >= MIN_CAP && cap <= MAX_CAP;
  const save = async (pin: number | null) => {
    setSaved(undefined);
    const result = await call('saveSettings', { taskCap: pin });
    if (!result.ok) return setError({ code: result.code, message: result.message, action: 'Saving the settings' });
    setError(undefined);
    setSettings(result.data);
    setTaskCap(String(result.data.taskCap));
    setSaved(
      result.data.pinned
        ? `New jobs keep up to ${plural(result.data.taskCap, 'task')} open at once.`
        : `New jobs start at ${plural(result.data.taskCap, 'task')} and learn the site's cap from CSM's answers.`,
    );
  };

  return (
    <Stack space="space.200">
      <Heading size="medium">Settings</Heading>
      {loaded.state === 'error' ? <ResolverError error={{ ...loaded, action: 'Loading the settings' }} /> : null}
      {error ? <ResolverError error={error} /> : null}
      {saved ? (
        <SectionMessage appearance="success" title="Settings saved">
          <Text>{saved}</Text>
        </SectionMessage>
      ) : null}
      <Label labelFor="task-cap">Task cap</Label>
      {settings ? (
        <Text>
          {settings.pinned
            ? `Pinned at ${settings.taskCap}: every new job keeps up to ${plural(settings.taskCap, 'task')} open.`
            : `Learnt: jobs start at ${settings.taskCap}, try one more task after each wave CSM takes in full (up to ${MAX_CAP}) and step back when CSM refuses one.`}
        </Text>
      ) : null}
      {settings ? <Text>{learnedWords(settings)}</Text> : null}
      <Textfield
        id="task-cap"
        name="taskCap"
        type="number"
        width="xsmall"
        min={MIN_CAP}
        max={MAX_CAP}
        value={taskCap}
        isInvalid={taskCap !== '' && !valid}
        onChange={(event) => {
          setSaved(undefined);
          setTaskCap(event.target.value);
        }}
      />
      <Text>
        {`How many bulk tasks a job keeps open in Customer Service Management at once: pin ${MIN_CAP} to ${MAX_CAP}, or let jobs learn it.`}
      </Text>
      <Text>
        CSM&apos;s own cap on open tasks is the site&apos;s (Atlassian documents 5 and 10), shared with every other tool
        and import running there: when they hold tasks too, CSM refuses new ones (&quot;Maximum number of tasks
        reached&quot;) and jobs wait. A lower pinned cap leaves room for them.
      </Text>
      {taskCap !== '' && !valid ? <Text>{`Enter a whole number from ${MIN_CAP} to ${MAX_CAP}.`}</Text> : null}
      <ButtonGroup label="Task cap">
        <Button appearance="primary" isDisabled={!valid || !settings} onClick={() => save(cap)}>
          Pin the cap
        </Button>
        {settings?.pinned ? <Button onClick={() => save(null)}>Let jobs learn the cap</Button> : null}
      </ButtonGroup>
      <SyncPlansView pollMs={pollMs} />
    </Stack>
  );
}
