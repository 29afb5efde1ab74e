import type { DetailFieldDefinition } from '../schemas';
import type { ProblemLog } from './problems';
import { checkDetailValues, type ValueCheckOptions } from './values';

/** The field's checked values, with corrections reported as warnings; undefined (and an error) when they are wrong. */
export function reportedValues(
  field: DetailFieldDefinition,
  values: readonly string[],
  row: number,
  column: string,
  log: ProblemLog,
  options?: ValueCheckOptions,
): string[] | undefined {
  const check = checkDetailValues(field, values, options);
  if (!check.ok) {
    log.error({ row, column }, check.code, check.message);
    return undefined;
  }
  for (const correction of check.corrections) log.warning({ row, column }, 'option-case-corrected', correction);
  return check.values;
}
