import type { CsmEmulator } from '../emulator';
import { customersFlag } from '../emulator/cliFlags';
import type { CustomerState } from '../emulator/types';
import { UsageError } from './flags';

/**
 * `bulk apply --customers FILE`: the embedded emulator's customers (a CSV with Email and Name columns, as the
 * emulator's own --customers reads it), for a memberships file to name by email. A CSM at --csm-url has its own.
 */
export function customersOption(file: string | undefined, csmUrl: string | undefined): CustomerState[] | undefined {
  if (file === undefined) return undefined;
  if (csmUrl !== undefined)
    throw new UsageError('--customers gives the embedded emulator its customers: a CSM at --csm-url has its own.');
  return customersFlag(file);
}

/**
 * The customers joined to those the state directory's emulator kept (a customer kept, by account id or email, stays as
 * it is), so that a later apply can add more; returns how many were new.
 */
export function addCustomers(emulator: CsmEmulator, customers: readonly CustomerState[]): number {
  const state = emulator.state();
  const kept = state.customers.map((customer) => (typeof customer === 'string' ? { accountId: customer } : customer));
  const ids = new Set(kept.map((customer) => customer.accountId));
  const emails = new Set(kept.flatMap((customer) => (customer.email ? [customer.email.toLowerCase()] : [])));
  const added = customers.filter(
    (customer) => !ids.has(customer.accountId) && !(customer.email && emails.has(customer.email.toLowerCase())),
  );
  if (added.length > 0) emulator.setState({ ...state, customers: [...state.customers, ...added] });
  return added.length;
}
