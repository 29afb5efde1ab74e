import { useState } from 'react';
import { NewFieldSchema, type NewFieldType } from '../../domain/fields/newFields';
import type { DetailFieldDefinition } from '../../domain/schemas';
import type { ShownError } from '../components/ResolverError';
import { call } from './useResolver';

/** CSM may take longer than one resolver call waits: the page asks again (the same task) this many times. */
const PENDING_ASKS = 20;
const PENDING_WAIT_MS = 2_000;

/** A type whose field holds a list of options. */
export const selectable = (type: NewFieldType) => type === 'SELECT' || type === 'MULTISELECT';

/**
 * Creates one detail field through the createFields resolver: checked in the browser first, then asked again while
 * CSM is still creating it; `onCreated` gets the site's fields once it exists.
 */
export function useCreateField(onCreated: (detailFields: DetailFieldDefinition[]) => void) {
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<ShownError>();
  const refuse = (code: string, message: string) => setError({ code, message, action: 'Creating the field' });

  const create = async (name: string, type: NewFieldType, optionsText: string) => {
    const options = optionsText
      .split('\n')
      .map((option) => option.trim())
      .filter((option) => option !== '');
    const parsed = NewFieldSchema.safeParse(selectable(type) ? { name, type, options } : { name, type });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const what = issue.path[0] === 'options' ? 'Options' : 'The name';
      return setError({ code: 'INVALID_PAYLOAD', message: `${what}: ${issue.message}.`, action: 'Creating the field' });
    }
    setError(undefined);
    setBusy('Creating the field in Customer Service Management…');
    try {
      for (let ask = 1; ; ask += 1) {
        const result = await call('createFields', { definitions: [parsed.data] });
        if (!result.ok) return refuse(result.code, result.message);
        const answer = result.data;
        if (answer.status === 'DONE') {
          const failure = answer.failed[0];
          if (failure) return refuse('CSM_REFUSED', `${failure.name}: ${failure.error}`);
          return onCreated(answer.detailFields);
        }
        if (ask >= PENDING_ASKS)
          return refuse(
            'CSM_UNAVAILABLE',
            'Customer Service Management is still creating the field. Preview again in a minute.',
          );
        setBusy('Customer Service Management is still creating the field…');
        await new Promise((resolve) => setTimeout(resolve, PENDING_WAIT_MS));
      }
    } finally {
      setBusy(undefined);
    }
  };

  return { busy, error, create };
}
