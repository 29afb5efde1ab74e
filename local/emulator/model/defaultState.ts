import type { CustomerState, DetailFieldDefinition, EmulatorState } from '../types';
import { defaultServiceDesks } from './serviceDesks';

export function defaultDetailFields(): DetailFieldDefinition[] {
  return [
    { name: 'Region', type: 'SELECT', options: ['AMER', 'APAC', 'Asia', 'EMEA', 'LATAM'] },
    { name: 'Phone Number', type: 'PHONE' },
  ];
}

/**
 * The site a fresh emulator starts with: the ids the source document's examples use exist (unless `customers` are
 * given), no organizations, two service desks (SUP and ONB) with none shared.
 */
export function defaultState(
  detailFields: DetailFieldDefinition[],
  customers?: readonly (string | CustomerState)[],
  silentlyDroppedMembers: readonly string[] = [],
): EmulatorState {
  return {
    organizations: [],
    detailFields: detailFields.map((f) => ({ name: f.name, type: f.type, options: [...(f.options ?? [])] })),
    customers: customers
      ? customers.map((c) => (typeof c === 'string' ? c : { ...c }))
      : [
          'qm:9edf598a-85d4-4db9-bf2e-7245922b4ea8:0000e9d8-a22e-4220-ac63-412ff9eec053',
          'qm:10c2e972-eef6-4e0e-aa81-9a9e7a4ba9a7:3468699a-b2f0-4ae9-ab2d-155a5f5a8db4',
        ],
    products: ['3858a61a-d337-42e6-993e-e13e1c366d4f'],
    nonAdminAccountIds: [],
    tasks: [],
    ...(silentlyDroppedMembers.length ? { silentlyDroppedMembers: [...silentlyDroppedMembers] } : {}),
    serviceDesks: defaultServiceDesks(),
  };
}
