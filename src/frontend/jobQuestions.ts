import type { JobAnswer, PreviewAnswer } from '../resolvers/contract';
import { countChanges } from '../domain/preview';
import type { Question } from './components/ConfirmModal';
import { count, plural } from './words';

/** The follow-ups the job page starts, and what the admin is asked before each. */
export type FollowUpName = 'retryFailed' | 'resumeJob' | 'undoJob';

export function cancelQuestion(onConfirm: () => void): Question {
  return {
    title: 'Cancel this job?',
    message:
      'Rows already sent to CSM are still processed there; no more rows are sent. You can send the rows not sent later.',
    confirm: 'Cancel the job',
    appearance: 'warning',
    whileRunning: true,
    onConfirm,
  };
}

/** An undo's retry puts back what organizations changed since held before the job, overwriting the later change. */
export function restoreChangedQuestion(view: JobAnswer, onConfirm: () => void): Question {
  return {
    title: 'Restore organizations changed since?',
    message: `${plural(view.progress.changedSince, 'organization')} changed again after job ${view.undoOf} (each is listed with what it holds now). Retrying puts back what ${view.progress.changedSince === 1 ? 'it' : 'they'} held before that job, overwriting the later change.`,
    confirm: 'Restore them anyway',
    appearance: 'warning',
    onConfirm,
  };
}

export function undoQuestion(view: JobAnswer, onConfirm: () => void): Question {
  const { added, removed } = view.ledger;
  return {
    title: 'Undo this job?',
    message:
      view.kind === 'memberships'
        ? `A new job puts memberships back as they were: it removes the ${plural(added, 'customer')} this job added and adds back the ${count(removed)} it removed (a moved customer is moved back). Customers already as they were are left out.`
        : 'A new job puts back the names and detail values this job replaced, as they were just before each row was sent. Organizations changed again since the job are left as they are and listed, for you to restore or keep; organizations the job created stay.',
    confirm: 'Undo the job',
    appearance: 'warning',
    onConfirm,
  };
}

export function deleteCreatedQuestion(view: JobAnswer, onConfirm: () => void): Question {
  const one = view.ledger.created === 1;
  return {
    title: 'Delete the organizations this job created?',
    message: `The ${plural(view.ledger.created, 'organization')} this job's rows created ${one ? 'is' : 'are'} deleted from the site, by id, with ${one ? 'its' : 'their'} details and the customers associated with ${one ? 'it' : 'them'}. An organization already gone is left out. This cannot be undone.`,
    confirm: 'Delete them',
    appearance: 'danger',
    onConfirm,
  };
}

/** The server asks before sending rows from a job that ended more than a day ago (its message says why). */
export function staleRowsQuestion(name: FollowUpName, message: string, onConfirm: () => void): Question {
  return {
    title:
      name === 'undoJob'
        ? 'Undo an old job?'
        : name === 'retryFailed'
          ? 'Retry rows from an old job?'
          : 'Send rows from an old job?',
    message,
    confirm: 'Send them anyway',
    appearance: 'warning',
    onConfirm,
  };
}

/** A deletions file's job deletes at once, for good: CSM has no undelete, only a restore creating them again. */
export function deleteOrganizationsQuestion(
  { organizations, atMost }: PreviewedDeletes,
  onConfirm: () => void,
): Question {
  const upTo = atMost ? 'up to ' : '';
  return {
    title: `Delete ${upTo}${plural(organizations, 'organization')}?`,
    message: `The ${plural(organizations, 'organization')} ${organizations === 1 ? 'is' : 'are'} deleted from the site, by ID, with ${organizations === 1 ? 'its' : 'their'} detail values and the customers associated with ${organizations === 1 ? 'it' : 'them'}. CSM cannot undelete an organization: a restore creates ${organizations === 1 ? 'it' : 'them'} again from what ${organizations === 1 ? 'it' : 'they'} held, with new IDs.`,
    confirm: `Delete ${upTo}${plural(organizations, 'organization')}`,
    appearance: 'danger',
    onConfirm,
  };
}

/** A merges file's start: each merged organization is deleted once what it holds went to the kept one. */
export function mergeOrganizationsQuestion(merges: number, onConfirm: () => void): Question {
  return {
    title: `Merge ${plural(merges, 'organization')}?`,
    message: `Each of the ${plural(merges, 'organization')} to merge gives its members, the detail values the kept one lacks and its service projects to the organization kept, then is deleted (only if all of that succeeded). CSM cannot undelete: a restore creates ${merges === 1 ? 'it' : 'them'} again from what ${merges === 1 ? 'it' : 'they'} held, with new IDs.`,
    confirm: `Merge ${plural(merges, 'organization')}`,
    appearance: 'danger',
    onConfirm,
  };
}

/**
 * How many organizations a deletions (or merges) file deletes, by its preview: the rows it found to delete (not those
 * already gone, refused or in error). A file larger than the preview looked up says "up to" its rows left to look up.
 */
export interface PreviewedDeletes {
  organizations: number;
  atMost: boolean;
}

export function previewedDeletes(
  preview: Pick<PreviewAnswer, 'rows' | 'rowsClassified' | 'operations'>,
): PreviewedDeletes {
  const found = countChanges(preview.rows).delete;
  const unseen = Math.max(0, preview.operations - preview.rowsClassified);
  return { organizations: found + unseen, atMost: unseen > 0 };
}

/** A deletions job's restore: the organizations come back as new ones (CSM reuses no ID). */
export function restoreQuestion(view: JobAnswer, onConfirm: () => void): Question {
  const deleted = view.ledger.deleted;
  return {
    title: `Restore ${plural(deleted, 'organization')}?`,
    message: `A new job creates the ${plural(deleted, 'organization')} again from what ${deleted === 1 ? 'it' : 'they'} held: names, detail values and members; ${deleted === 1 ? 'it gets a new ID' : 'they get new IDs'}.`,
    confirm: 'Restore them',
    appearance: 'warning',
    onConfirm,
  };
}
