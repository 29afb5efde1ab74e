import { Button, Heading, Label, SectionMessage, Stack, Text, Textfield } from '@forge/react';
import { useEffect, useState } from 'react';
import { ResolverError, type ShownError } from './ResolverError';
import { SyncPlansView } from './SyncPlansView';
import { call, useResolver } from '../hooks/useResolver';
import { MAX_TASK_CAP as MAX_CAP, MIN_TASK_CAP as MIN_CAP } from '../../domain/limits';
import { plural } from '../words';

/** The site's settings: how many CSM tasks a job keeps open at once; the sync plans (read every `pollMs` while one runs). */
export function SettingsView({ pollMs }: { pollMs?: number }) {
  const { loaded } = useResolver('getSettings');
  const [taskCap, setTaskCap] = useState('');
  const [error, setError] = useState<ShownError>();
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    // What the admin typed before the settings arrived is kept, not overwritten by them.
    if (loaded.state === 'ready') setTaskCap((typed) => (typed === '' ? String(loaded.data.taskCap) : typed));
  }, [loaded]);

  const cap = Number(taskCap);
  const valid = Number.isInteger(cap) && cap >= MIN_CAP && cap <= MAX_CAP;
  const save = async () => {
    setSaved(false);
    const result = await call('saveSettings', { taskCap: cap });
    if (result.ok) {
      setError(undefined);
      setTaskCap(String(result.data.taskCap));
      setSaved(true);
    } else setError({ code: result.code, message: result.message, action: 'Saving the settings' });
  };

  return (
    <Stack space="space.200">
      <Heading size="medium">Settings</Heading>
      {loaded.state === 'error' ? <ResolverError error={{ ...loaded, action: 'Loading the settings' }} /> : null}
      {error ? <ResolverError error={error} /> : null}
      {saved ? (
        <SectionMessage appearance="success" title="Settings saved">
          <Text>{`New jobs keep up to ${plural(cap, 'task')} open at once.`}</Text>
        </SectionMessage>
      ) : null}
      <Label labelFor="task-cap">Task cap</Label>
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
          setSaved(false);
          setTaskCap(event.target.value);
        }}
      />
      <Text>
        {`How many bulk tasks a job keeps open in Customer Service Management at once: ${MIN_CAP} to ${MAX_CAP} (default 5).`}
      </Text>
      <Text>
        CSM&apos;s own cap on open tasks is the site&apos;s, shared with every other tool and import running there: when
        they hold tasks too, CSM refuses new ones (&quot;Maximum number of tasks reached&quot;) and jobs wait. A lower
        cap leaves room for them.
      </Text>
      {taskCap !== '' && !valid ? <Text>{`Enter a whole number from ${MIN_CAP} to ${MAX_CAP}.`}</Text> : null}
      <Button appearance="primary" isDisabled={!valid || loaded.state !== 'ready'} onClick={save}>
        Save
      </Button>
      <SyncPlansView pollMs={pollMs} />
    </Stack>
  );
}
