import type { EntitySchema } from '../manifest';
import { KvsError } from './limits';

/**
 * "The Custom Entity Store strictly enforces attribute types" (storage-api-custom-entities, Limitations): an
 * integer is 32-bit signed, a float 0 or within ±1E-130..±1E126, a string holds a non-whitespace character, a
 * boolean is true or false; `any` takes all of these, objects and arrays. [unverified] an attribute the manifest does
 * not declare: refused, the stricter reading (the error code is Forge's for a value of the wrong type).
 */
export function checkEntityValue(schema: EntitySchema, entityName: string, key: string, value: unknown): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(entityName, key, 'an entity value is an object of its attributes');
  }
  for (const [attribute, attributeValue] of Object.entries(value)) {
    const type = schema.attributes[attribute];
    if (type === undefined) {
      const declared = Object.keys(schema.attributes).join(', ') || 'none';
      throw invalid(entityName, key, `'${attribute}' is not an attribute of the entity (declared: ${declared})`);
    }
    if (attributeValue === undefined || attributeValue === null) continue;
    const problem = typeProblem(type, attributeValue);
    if (problem) throw invalid(entityName, key, `attribute '${attribute}' is ${type}: ${problem}`);
  }
}

function typeProblem(type: string, value: unknown): string | undefined {
  switch (type) {
    case 'integer':
      return Number.isInteger(value) && (value as number) >= -2_147_483_648 && (value as number) <= 2_147_483_647
        ? undefined
        : `${JSON.stringify(value)} is not a 32-bit signed integer (store times as float)`;
    case 'float': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return `${JSON.stringify(value)} is not a number`;
      const size = Math.abs(value);
      return value === 0 || (size >= 1e-130 && size < 1e126) ? undefined : `${value} is out of range`;
    }
    case 'string':
      return typeof value === 'string' && value.trim() !== ''
        ? undefined
        : 'it must be text with a non-blank character';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `${JSON.stringify(value)} is not true or false`;
    default:
      return undefined;
  }
}

function invalid(entityName: string, key: string, detail: string): KvsError {
  return new KvsError(
    400,
    'INVALID_ENTITY_VALUE',
    `The value for key '${key}' of entity '${entityName}' does not fit its schema: ${detail}.`,
  );
}
