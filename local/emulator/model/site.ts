import type { DetailFieldDefinition, EmulatorState, OrganizationState } from '../types';
import { OrganizationDirectory, type Organization } from './organizationDirectory';
import { RowFaults } from './rowFaults';
import { CustomerDirectory, customerToState, SilentDrops } from './customers';
import { defaultServiceDesks, ServiceDeskDirectory } from './serviceDesks';

/** Everything on the emulated site except its tasks. */
export class Site {
  readonly organizations: OrganizationDirectory;
  readonly detailFields: Map<string, DetailFieldDefinition>;
  readonly customers: CustomerDirectory;
  readonly products: Set<string>;
  readonly nonAdminAccountIds: Set<string>;
  readonly rowFaults: RowFaults;
  readonly silentDrops: SilentDrops;
  readonly serviceDesks: ServiceDeskDirectory;

  constructor(state: Omit<EmulatorState, 'tasks'>) {
    this.organizations = new OrganizationDirectory(state.organizations.map(organizationFromState));
    this.detailFields = new Map(
      state.detailFields.map((f) => [f.name, { name: f.name, type: f.type, options: [...(f.options ?? [])] }]),
    );
    this.customers = new CustomerDirectory(state.customers);
    this.products = new Set(state.products);
    this.nonAdminAccountIds = new Set(state.nonAdminAccountIds);
    this.rowFaults = new RowFaults(state.rowFaults);
    this.silentDrops = new SilentDrops(state.silentlyDroppedMembers);
    this.serviceDesks = new ServiceDeskDirectory(state.serviceDesks ?? defaultServiceDesks());
  }

  /** Deletes the organization with its memberships and details, and unshares it from every service desk. */
  deleteOrganization(org: Organization): void {
    this.organizations.delete(org);
    this.serviceDesks.forgetOrganization(org.id);
  }

  toState(): Omit<EmulatorState, 'tasks'> {
    const rowFaults = this.rowFaults.toState();
    return {
      organizations: this.organizations.all().map(organizationToState),
      detailFields: [...this.detailFields.values()].map((f) => ({
        name: f.name,
        type: f.type,
        options: [...(f.options ?? [])],
      })),
      customers: this.customers.all().map(customerToState),
      products: [...this.products],
      nonAdminAccountIds: [...this.nonAdminAccountIds],
      ...(rowFaults ? { rowFaults } : {}),
      ...(this.silentDrops.entries.length ? { silentlyDroppedMembers: [...this.silentDrops.entries] } : {}),
      serviceDesks: this.serviceDesks.toState(),
    };
  }
}

function organizationFromState(o: OrganizationState): Organization {
  const details = new Map<string, string[]>();
  for (const [field, values] of Object.entries(o.details)) if (values.length > 0) details.set(field, [...values]);
  return {
    id: o.id,
    name: o.name,
    details,
    customerIds: new Set(o.customerIds),
    productIds: new Set(o.productIds),
    scimManaged: o.scimManaged === true,
  };
}

function organizationToState(o: Organization): OrganizationState {
  const details: Record<string, string[]> = Object.create(null);
  for (const [field, values] of o.details) details[field] = [...values];
  return {
    id: o.id,
    name: o.name,
    details,
    customerIds: [...o.customerIds],
    productIds: [...o.productIds],
    ...(o.scimManaged ? { scimManaged: true } : {}),
  };
}
