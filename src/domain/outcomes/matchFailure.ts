import type { RowOperation } from '../operations';
import type { TaskFailure } from '../schemas';

export type FailureMatch =
  | { kind: 'operations'; operations: RowOperation[] }
  /** The failure names an organization but not which of its several detail operations failed. */
  | { kind: 'ambiguous'; operations: RowOperation[] }
  | { kind: 'none' };

/**
 * Finds the operations a task failure is about: by `entityId` (an organization id) or by `operatedOn`/`operatedOnIds`
 * (an id, or a name compared case-insensitively); for detail operations also by the field name.
 */
export function matchFailure(failure: TaskFailure, operations: readonly RowOperation[]): FailureMatch {
  const mentioned = mentionedTexts(failure);
  const mentionedLower = new Set([...mentioned].map((text) => text.toLowerCase()));
  const ofOrganization = operations.filter((op) => namesOrganizationOf(op, mentioned, mentionedLower));
  if (ofOrganization.length === 0) return matchByFieldAlone(failure, operations);
  if (ofOrganization.length === 1 || ofOrganization[0].kind !== 'details')
    return { kind: 'operations', operations: ofOrganization };
  const byField = ofOrganization.filter(
    (op) => op.kind === 'details' && namesField(failure, op.operation.payload.name),
  );
  return byField.length > 0
    ? { kind: 'operations', operations: byField }
    : { kind: 'ambiguous', operations: ofOrganization };
}

function mentionedTexts(failure: TaskFailure): Set<string> {
  const texts = new Set<string>();
  for (const text of [failure.entityId, failure.operatedOn, ...(failure.operatedOnIds ?? [])]) {
    if (typeof text === 'string' && text.trim() !== '') texts.add(text.trim());
  }
  return texts;
}

function namesOrganizationOf(op: RowOperation, mentioned: Set<string>, mentionedLower: Set<string>): boolean {
  if (op.kind === 'details') return mentioned.has(op.organizationId);
  const { id, name } = op.item.payload;
  return (id !== undefined && mentioned.has(id)) || (name !== undefined && mentionedLower.has(name.toLowerCase()));
}

/** A detail failure that names only a field counts when exactly one operation of the chunk is on that field. */
function matchByFieldAlone(failure: TaskFailure, operations: readonly RowOperation[]): FailureMatch {
  const onField = operations.filter((op) => op.kind === 'details' && namesField(failure, op.operation.payload.name));
  return onField.length === 1 ? { kind: 'operations', operations: onField } : { kind: 'none' };
}

function namesField(failure: TaskFailure, fieldName: string): boolean {
  const field = fieldName.toLowerCase();
  if (failure.operatedOn?.trim().toLowerCase() === field) return true;
  if ((failure.operatedOnIds ?? []).some((text) => text.trim().toLowerCase() === field)) return true;
  return containsWord(failure.error?.toLowerCase() ?? '', field);
}

/** `field` appears in `text` not as part of a longer word ("Region" is not found in "Regional"). */
function containsWord(text: string, field: string): boolean {
  let from = text.indexOf(field);
  while (from !== -1) {
    const before = from === 0 ? '' : text[from - 1];
    const after = text[from + field.length] ?? '';
    if (!isWordCharacter(before) && !isWordCharacter(after)) return true;
    from = text.indexOf(field, from + 1);
  }
  return false;
}

function isWordCharacter(char: string): boolean {
  return char !== '' && /[\p{L}\p{N}_]/u.test(char);
}
