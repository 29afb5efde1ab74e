import type { Site } from '../model/site';
import type { TaskFailure } from '../types';
import type { FieldError } from '../http/reply';
import { DETAIL_FIELDS_PER_SITE, fieldKey, type FieldDefinitionItem } from '../schemas/fieldDefinitions';
import type { ApplyOutcome } from './outcome';

/**
 * What a site refuses a set of new fields for: a name it has (ignoring case, trimmed) or more fields than it holds.
 * Checked when the request comes ([T] the whole request refused with 400) and again when its task ends, since another
 * task may have created one of the names meanwhile.
 */
export function fieldDefinitionRefusals(site: Site, fields: readonly FieldDefinitionItem[]): FieldError[] {
  const existing = new Map([...site.detailFields.values()].map((field) => [fieldKey(field.name), field.name]));
  const refusals: FieldError[] = [];
  fields.forEach((field, i) => {
    const holder = existing.get(fieldKey(field.name));
    if (holder !== undefined)
      refusals.push({
        field: `detailFields[${i}].name`,
        message: `a detail field named '${holder}' already exists (names are unique, ignoring case); no field was created`,
      });
  });
  if (site.detailFields.size + fields.length > DETAIL_FIELDS_PER_SITE)
    refusals.push({
      field: 'detailFields',
      message: `the site has ${site.detailFields.size} detail fields and holds at most ${DETAIL_FIELDS_PER_SITE}: ${fields.length} more do not fit; no field was created`,
    });
  return refusals;
}

/** All or nothing, as the request is ([T]): a name taken meanwhile fails every definition of the task. */
export function applyFieldDefinitions(site: Site, fields: FieldDefinitionItem[]): ApplyOutcome {
  const refusals = fieldDefinitionRefusals(site, fields);
  if (refusals.length > 0) {
    const error = refusals.map((refusal) => `${refusal.field}: ${refusal.message}`).join('; ');
    const failures: TaskFailure[] = fields.map((field) => ({
      entity: 'DETAIL_FIELD',
      entityId: null,
      operation: 'CREATE',
      operatedOn: field.name.trim(),
      operatedOnIds: [],
      error,
    }));
    return { failures, units: fields.length, failedUnits: fields.length };
  }
  for (const field of fields) {
    const name = field.name.trim();
    const options = field.type.options?.map((option) => option.trim());
    site.detailFields.set(name, { name, type: field.type.name, ...(options ? { options } : {}) });
  }
  return { failures: [], units: fields.length, failedUnits: 0 };
}
