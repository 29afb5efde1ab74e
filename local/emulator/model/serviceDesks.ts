import type { ServiceDeskState } from '../types';

/** A service project (service desk); its organizations in the order they were shared with it. */
export interface ServiceDesk {
  id: string;
  projectKey: string;
  projectName: string;
  organizationIds: Set<string>;
}

export function defaultServiceDesks(): ServiceDeskState[] {
  return [
    { id: '1', projectKey: 'SUP', projectName: 'Support', organizationIds: [] },
    { id: '2', projectKey: 'ONB', projectName: 'Onboarding', organizationIds: [] },
  ];
}

/** [G] the project's id is not in the state: 10000 + the desk id, a Jira-looking number that never equals it. */
export function projectIdOf(desk: ServiceDesk): string {
  return String(10000 + Number(desk.id));
}

/** The site's service desks in ascending id order. */
export class ServiceDeskDirectory {
  private readonly byId = new Map<string, ServiceDesk>();

  constructor(desks: readonly ServiceDeskState[] = []) {
    const sorted = [...desks].sort((a, b) => Number(a.id) - Number(b.id));
    for (const d of sorted)
      this.byId.set(d.id, { ...d, organizationIds: new Set(d.organizationIds) } satisfies ServiceDesk);
  }

  get size(): number {
    return this.byId.size;
  }

  findById(id: string): ServiceDesk | undefined {
    return this.byId.get(id);
  }

  all(): ServiceDesk[] {
    return [...this.byId.values()];
  }

  /** An organization that is deleted is no longer shared with any desk. */
  forgetOrganization(organizationId: string): void {
    for (const desk of this.byId.values()) desk.organizationIds.delete(organizationId);
  }

  toState(): ServiceDeskState[] {
    return this.all().map((d) => ({
      id: d.id,
      projectKey: d.projectKey,
      projectName: d.projectName,
      organizationIds: [...d.organizationIds],
    }));
  }
}
