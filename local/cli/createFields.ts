import type { FieldProposal } from '../../src/domain/fields/inferField';
import type { ImportFormat } from '../../src/domain/import/types';
import type { ImportKind } from '../../src/domain/operations';
import type { ResolverAnswers } from '../../src/resolvers/contract';

/** A resolver call as bulkApply.ts makes it (a refusal throws an error with the result's `code`). */
export type ResolverCall = <K extends keyof ResolverAnswers>(name: K, payload: unknown) => Promise<ResolverAnswers[K]>;

/** CSM may still be creating the fields when createFields answers: it is asked again (the same task) this often. */
const PENDING_ASKS = 60;
const PENDING_WAIT_MS = 2_000;

export type MissingFields =
  /** `created`: the fields made now; `covered`: every name the file uses that is a field now (to leave out of a dry run). */
  | { ok: true; created: string[]; covered: string[] }
  | { ok: false; errors: { row: number | null; column?: string; message: string }[] };

/**
 * `bulk apply --create-fields`: creates the detail fields the file names that the site lacks, each with the type its
 * values suggest (the proposeFields resolver, as the page's "Create field"), before the file is checked and sent.
 * With `dryRun` nothing is created: the fields are only described. `say` writes a line to stderr.
 */
export async function createMissingFields(
  call: ResolverCall,
  input: {
    kind: ImportKind;
    format?: ImportFormat;
    source: { text: string } | { uploadId: string };
    dryRun?: boolean;
    say(line: string): void;
    /**
     * The file's problems once the fields it names exist (their columns left out of the check): fields are site-wide
     * and permanent, so none is created for a file that would then be refused.
     */
    problemsWith?(covered: string[]): Promise<{ row: number | null; column?: string; message: string }[]>;
  },
): Promise<MissingFields> {
  const { proposals, notes } = await call('proposeFields', {
    kind: input.kind,
    ...(input.format === undefined ? {} : { format: input.format }),
    ...input.source,
  });
  for (const note of notes) input.say(note);
  if (proposals.length === 0) return { ok: true, created: [], covered: [] };
  const names = proposals.map((proposal) => proposal.name);
  if (input.dryRun) {
    input.say(
      `--dry-run: would create ${describe(proposals)}; nothing was created, and these columns are not checked.`,
    );
    return { ok: true, created: [], covered: names };
  }
  const problems = (await input.problemsWith?.(names)) ?? [];
  if (problems.length > 0) {
    input.say(
      `No field was created (${describe(proposals).replace('the detail field', 'it would be the detail field')}): the file has problems, fix them first.`,
    );
    return { ok: false, errors: problems };
  }
  const definitions = proposals.map((proposal) => proposal.field);
  try {
    for (let ask = 1; ; ask += 1) {
      const answer = await call('createFields', { definitions });
      if (answer.status === 'DONE') {
        if (answer.created.length > 0)
          input.say(`Created ${describe(proposals.filter((p) => answer.created.includes(p.field.name)))}.`);
        if (answer.failed.length > 0)
          return {
            ok: false,
            errors: answer.failed.map((failure) => ({
              row: null,
              message: `The field "${failure.name}" was not created: ${failure.error} Nothing was sent.`,
            })),
          };
        return { ok: true, created: answer.created, covered: names };
      }
      if (ask >= PENDING_ASKS) break;
      await new Promise((resolve) => setTimeout(resolve, PENDING_WAIT_MS));
    }
  } catch (error) {
    // Refused before anything was sent (a name the site has with another type, no room for more fields).
    const refusal = error as { code?: unknown; message?: unknown };
    if (refusal.code === 'INVALID_INPUT')
      return { ok: false, errors: [{ row: null, message: `${String(refusal.message)} Nothing was sent.` }] };
    throw error;
  }
  return {
    ok: false,
    errors: [
      {
        row: null,
        message: `CSM was still creating the field${names.length === 1 ? '' : 's'} ${names.join(', ')} after ${(PENDING_ASKS * PENDING_WAIT_MS) / 1000} s. Nothing was sent: apply the file again in a while.`,
      },
    ],
  };
}

/** `the detail fields "Segment" (SELECT: Enterprise, SMB) and "Employees" (NUMBER)`. */
function describe(proposals: FieldProposal[]): string {
  const each = proposals.map(({ field }) => {
    const options = field.options?.length ? `: ${field.options.join(', ')}` : '';
    return `"${field.name}" (${field.type}${options})`;
  });
  return `the detail field${each.length === 1 ? '' : 's'} ${each.join(', ')}`;
}
