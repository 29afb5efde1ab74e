import { UsageError, type ParsedFlags } from '../flags';
import type { CliIo } from '../io';
import { EXIT } from '../summary';
import { command } from './command';
import { FOLLOW_UP_FLAGS, followUp } from './followUp';

const UNDO_FLAGS = {
  ...FOLLOW_UP_FLAGS,
  'delete-created': {
    type: 'boolean',
    help: 'then delete the organizations the job created (one request each); needs --yes',
  },
  yes: { type: 'boolean', help: 'confirm --delete-created' },
} as const;

export const undo = command({
  synopsis: 'npm run --silent bulk -- undo JOB_ID [flags]',
  description:
    "Puts back the names and detail values a job's rows replaced (read from the site just before each was sent), as a new job, once: rows that hold those values already are not sent. Of a memberships job, removes the customers it added and adds back those it removed (a MOVE moves back). Organizations the job created stay as they are (counted as leftOut in --json) unless --delete-created --yes deletes them. Exit codes as apply.",
  flags: UNDO_FLAGS,
  run: runUndo,
});

/**
 * `bulk undo`: the job putting back what the job replaced, then (with --delete-created --yes) the delete job of the
 * organizations it created, by id, as its ledger holds them: a job of the engine like any other, each delete retried
 * while it may pass. A job that only created organizations has nothing to put back: the delete job runs all the same.
 */
async function runUndo(parsed: ParsedFlags<typeof UNDO_FLAGS>, io: CliIo): Promise<number> {
  const deleteCreated = parsed.values['delete-created'] === true;
  if (deleteCreated && parsed.values.yes !== true)
    throw new UsageError('--delete-created deletes organizations for good: add --yes to confirm.');
  const undone = await followUp('undoJob', parsed, io, deleteCreated);
  if (!deleteCreated) return undone;
  // Nothing to put back (or not yet ended: the delete step says so too) is no reason not to delete.
  if (undone !== EXIT.ok && undone !== EXIT.invalid) return undone;
  const deleted = await followUp('deleteCreated', parsed, io);
  return undone === EXIT.invalid ? deleted : Math.max(undone, deleted);
}
