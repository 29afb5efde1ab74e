import type { ObservedOrganization } from './observed';

/** Read-back organizations by id and by name (exact first, then ignoring case). */
export class ObservedIndex {
  private readonly byId = new Map<string, ObservedOrganization>();
  private readonly byName = new Map<string, ObservedOrganization>();
  private readonly byLowerName = new Map<string, ObservedOrganization>();

  constructor(organizations: readonly ObservedOrganization[]) {
    for (const organization of organizations) {
      this.byId.set(organization.id, organization);
      if (!this.byName.has(organization.name)) this.byName.set(organization.name, organization);
      const lower = organization.name.toLowerCase();
      if (!this.byLowerName.has(lower)) this.byLowerName.set(lower, organization);
    }
  }

  withId(id: string): ObservedOrganization | undefined {
    return this.byId.get(id);
  }

  named(name: string): ObservedOrganization | undefined {
    return this.byName.get(name) ?? this.byLowerName.get(name.toLowerCase());
  }
}

/** The values read for a field; a field that is not there has none. */
export function observedValues(organization: ObservedOrganization, fieldName: string): string[] {
  const exact = organization.details[fieldName];
  if (exact) return exact;
  const lower = fieldName.toLowerCase();
  for (const [name, values] of Object.entries(organization.details)) if (name.toLowerCase() === lower) return values;
  return [];
}
