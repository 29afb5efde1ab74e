import { CsmError, isTransient } from '../../csm/errors';
import type { Principal } from '../../csm/principal';
import { fieldDefinitionsRequest, fieldNameKey, planNewFields, type NewField } from '../../domain/fields/newFields';
import { fnv1a64Hex } from '../../domain/plan';
import type { TaskStatus } from '../../domain/schemas';
import type { CreateFieldsAnswer } from '../../resolvers/contract';
import type { EngineDeps } from '../deps';

/** What creating fields answers: the contract's answer, DONE with what happened to each name, or PENDING. */
export type CreateFieldsResult = CreateFieldsAnswer;

export class FieldsRefused extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join(' '));
  }
}

/** Polls start fast (a definitions task is small) and slow down; CSM publishes no task duration. */
const FIRST_POLL_MS = 250;
const MAX_POLL_MS = 2_000;

/**
 * Creates detail fields through CSM's definitions endpoint and waits for its task until `waitUntil` (clock ms).
 * Names the site already has are never sent, since CSM refuses the whole request for one ([T]); the result is read
 * back from the site's field list, not taken from the task alone (a task may say FAILED although it was applied).
 * The idempotency key is the hash of the body: asked again while the task runs, CSM answers with the same task.
 */
export async function createDetailFields(
  deps: EngineDeps,
  principal: Principal,
  fields: readonly NewField[],
  waitUntil: number,
): Promise<CreateFieldsResult> {
  const csm = deps.csm(principal);
  const before = await csm.getDetailFields();
  const plan = planNewFields(fields, before);
  if (plan.problems.length > 0) throw new FieldsRefused(plan.problems);
  if (plan.create.length === 0)
    return { status: 'DONE', created: [], existing: plan.existing, failed: [], detailFields: before };

  const body = fieldDefinitionsRequest(plan.create);
  const { taskId } = await csm.submitFieldDefinitions(body, `fields-${fnv1a64Hex(JSON.stringify(body))}`);
  let task: TaskStatus | undefined;
  for (let wait = FIRST_POLL_MS; ; wait = Math.min(MAX_POLL_MS, wait * 2)) {
    try {
      task = await csm.getTask(taskId);
      if (task.status === 'FINISHED' || task.status === 'FAILED') break;
    } catch (error) {
      // A busy site or a lost answer: ask again, while there is time.
      if (!(error instanceof CsmError) || !isTransient(error)) throw error;
    }
    if (deps.clock.now() + wait > waitUntil) return { status: 'PENDING', taskId };
    await deps.clock.sleep(wait);
  }

  const after = await csm.getDetailFields();
  const onSite = new Map(after.map((field) => [fieldNameKey(field.name), field.name]));
  const reasons = new Map(
    (task.failures ?? []).map((failure) => [
      fieldNameKey(failure.operatedOn ?? failure.entityId ?? ''),
      failure.error ?? '',
    ]),
  );
  const created: string[] = [];
  const failed: { name: string; error: string }[] = [];
  for (const field of plan.create) {
    const name = onSite.get(fieldNameKey(field.name));
    if (name !== undefined) created.push(name);
    else
      failed.push({
        name: field.name,
        error: reasons.get(fieldNameKey(field.name)) || `CSM's task ended ${task.status} without creating it.`,
      });
  }
  return { status: 'DONE', created, existing: plan.existing, failed, detailFields: after };
}
