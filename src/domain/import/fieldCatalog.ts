import type { DetailFieldDefinition } from '../schemas';
import { closestName } from '../suggest';

export interface FieldMatch {
  field: DetailFieldDefinition;
  /** False when only the letter case differs: the caller warns. */
  exact: boolean;
}

/** The site's detail fields, looked up by name once per file rather than once per cell. */
export class FieldCatalog {
  private readonly byName = new Map<string, DetailFieldDefinition>();
  private readonly byLowerName = new Map<string, DetailFieldDefinition | null>();
  readonly names: string[];

  constructor(fields: readonly DetailFieldDefinition[]) {
    for (const field of fields) {
      this.byName.set(field.name, field);
      const lower = field.name.toLowerCase();
      // Two fields that differ only in case make a case-insensitive match ambiguous.
      this.byLowerName.set(lower, this.byLowerName.has(lower) ? null : field);
    }
    this.names = fields.map((field) => field.name);
  }

  find(name: string): FieldMatch | undefined {
    const exact = this.byName.get(name);
    if (exact) return { field: exact, exact: true };
    const relaxed = this.byLowerName.get(name.toLowerCase());
    return relaxed ? { field: relaxed, exact: false } : undefined;
  }

  /** "Did you mean …" text for a name that matched no field, plus what to do. */
  unknownFieldAdvice(name: string, otherColumns: readonly string[] = []): string {
    const suggestion = closestName(name, [...this.names, ...otherColumns]);
    if (suggestion !== undefined && otherColumns.includes(suggestion)) {
      return `Did you mean the column "${suggestion}"? Rename the column.`;
    }
    if (suggestion !== undefined) {
      return `Did you mean "${suggestion}"? Use the field's exact name, or create the field in CSM's organization settings first.`;
    }
    if (this.names.length === 0)
      return "This site has no organization detail fields yet: create the field in CSM's organization settings first.";
    return `This site's fields are: ${listForMessage(this.names)}. Use one of them, or create the field in CSM's organization settings first.`;
  }
}

/** Joins names for a message, cutting long lists short. */
export function listForMessage(names: readonly string[], max = 25): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}
