export interface Organization {
  id: string;
  name: string;
  /** field name → values; a field with no values is absent. */
  details: Map<string, string[]>;
  customerIds: Set<string>;
  productIds: Set<string>;
  /** Managed by an identity provider (SCIM): renames, deletes and member changes are refused. */
  scimManaged: boolean;
}

/**
 * [G] csm-api.md: changes to an IdP-managed organization "are overwritten by the identity provider or refused"; the
 * stricter reading, refused, with this reason. `refused` says what: "it cannot be deleted here"….
 */
export function idpManagedMessage(id: string, refused: string): string {
  return `Organization ${id} is managed by an identity provider (scimManaged): ${refused}; change it in the identity provider.`;
}

export function nameKey(name: string): string {
  return name.toLowerCase();
}

/** Organizations indexed by id and by case-folded name; ids are numeric strings handed out in order. */
export class OrganizationDirectory {
  private readonly byId = new Map<string, Organization>();
  private readonly byName = new Map<string, Organization>();
  /** Ids in ascending numeric order: new ids are always the largest, so appending keeps it sorted. */
  private readonly orderedIds: string[] = [];
  private nextId = 1;

  constructor(initial: Organization[] = []) {
    const sorted = [...initial].sort((a, b) => Number(a.id) - Number(b.id));
    for (const org of sorted) this.insert(org);
  }

  get size(): number {
    return this.byId.size;
  }

  findById(id: string): Organization | undefined {
    return this.byId.get(id);
  }

  findByName(name: string): Organization | undefined {
    return this.byName.get(nameKey(name));
  }

  create(name: string): Organization {
    const org: Organization = {
      id: String(this.nextId),
      name,
      details: new Map(),
      customerIds: new Set(),
      productIds: new Set(),
      scimManaged: false,
    };
    this.insert(org);
    return org;
  }

  rename(org: Organization, name: string): void {
    this.byName.delete(nameKey(org.name));
    org.name = name;
    this.byName.set(nameKey(name), org);
  }

  /** Removes the organization; its id is never handed out again. */
  delete(org: Organization): void {
    this.byId.delete(org.id);
    this.byName.delete(nameKey(org.name));
    const at = this.orderedIds.indexOf(org.id);
    if (at >= 0) this.orderedIds.splice(at, 1);
  }

  page(start: number, limit: number): Organization[] {
    return this.orderedIds.slice(start, start + limit).map((id) => this.byId.get(id) as Organization);
  }

  all(): Organization[] {
    return this.page(0, this.orderedIds.length);
  }

  private insert(org: Organization): void {
    this.byId.set(org.id, org);
    this.byName.set(nameKey(org.name), org);
    this.orderedIds.push(org.id);
    this.nextId = Math.max(this.nextId, Number(org.id) + 1);
  }
}
