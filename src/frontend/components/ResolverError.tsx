import { SectionMessage, Text } from '@forge/react';
import type { ErrorCode } from '../../resolvers/contract';

export interface ShownError {
  code: ErrorCode | string;
  message: string;
  /** What the page was doing, e.g. "The preview". */
  action: string;
  /** A title of its own, instead of the code's (a URL source refused is not "problems in the file"; "Nothing to undo"). */
  title?: string;
}

const TITLES: Record<ErrorCode, (action: string) => string> = {
  NOT_ADMIN: () => 'You need the Administer Jira global permission',
  INVALID_PAYLOAD: (action) => `${action} was refused by the app`,
  INVALID_INPUT: (action) => `${action} found problems in the file`,
  NOT_FOUND: (action) => `${action} could not find what it needed`,
  CSM_REFUSED: (action) => `${action} was refused by Customer Service Management`,
  CSM_UNAVAILABLE: (action) => `${action} could not reach Customer Service Management`,
  NEEDS_CONSENT: () => 'The app needs your consent',
  NEEDS_CONFIRMATION: (action) => `${action} needs your confirmation`,
  OVERLAP: (action) => `${action} would touch organizations another job is changing`,
  RUN_GOING: (action) => `${action} did not start: a run of this plan is going`,
  INTERNAL: (action) => `${action} failed`,
};

const NEXT_STEP: Partial<Record<ErrorCode, string>> = {
  NOT_ADMIN: 'Ask a Jira administrator to grant you the Administer Jira global permission, then reload the page.',
  CSM_UNAVAILABLE: 'Wait a minute and try again.',
  NEEDS_CONSENT: 'Allow the app access when Jira asks, then try again.',
};

/** Every resolver failure as a SectionMessage: what happened, then what to do (NOTHING_TO_DO: an answer, not a failure). */
export function ResolverError({ error }: { error: ShownError }) {
  const title = (TITLES as Record<string, (action: string) => string>)[error.code] ?? TITLES.INTERNAL;
  const next = (NEXT_STEP as Record<string, string>)[error.code];
  const appearance =
    error.code === 'NOTHING_TO_DO' ? 'information' : error.code === 'CSM_UNAVAILABLE' ? 'warning' : 'error';
  return (
    <SectionMessage appearance={appearance} title={error.title ?? title(error.action)}>
      <Text>{error.message}</Text>
      {next && !error.message.includes(next) ? <Text>{next}</Text> : null}
    </SectionMessage>
  );
}
