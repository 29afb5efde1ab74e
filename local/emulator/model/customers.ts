import { createHash } from 'node:crypto';
import type { AccountType, CustomerState } from '../types';

export interface Customer {
  accountId: string;
  email?: string;
  displayName?: string;
  accountType: AccountType;
}

export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

/** The account id a customer known only by email gets: the same email, the same id, across restarts. */
export function customerIdForEmail(email: string): string {
  return `qm:${createHash('sha256').update(emailKey(email)).digest('hex').slice(0, 32)}`;
}

export function customerFromState(entry: string | CustomerState): Customer {
  if (typeof entry === 'string') return { accountId: entry, accountType: 'customer' };
  return {
    accountId: entry.accountId,
    ...(entry.email !== undefined ? { email: entry.email } : {}),
    ...(entry.displayName !== undefined ? { displayName: entry.displayName } : {}),
    accountType: entry.accountType ?? 'customer',
  };
}

/** A customer with nothing but an id is written as its id, as states were before customers had emails. */
export function customerToState(customer: Customer): string | CustomerState {
  if (customer.email === undefined && customer.displayName === undefined && customer.accountType === 'customer')
    return customer.accountId;
  return { ...customer };
}

/** The site's accounts, by account id and by email (ignoring case), in the order they were given. */
export class CustomerDirectory {
  private readonly byId = new Map<string, Customer>();
  private readonly byEmail = new Map<string, Customer>();

  constructor(entries: readonly (string | CustomerState)[] = []) {
    for (const entry of entries) {
      const customer = customerFromState(entry);
      this.byId.set(customer.accountId, customer);
      if (customer.email !== undefined) this.byEmail.set(emailKey(customer.email), customer);
    }
  }

  has(accountId: string): boolean {
    return this.byId.has(accountId);
  }

  get(accountId: string): Customer | undefined {
    return this.byId.get(accountId);
  }

  findByEmail(email: string): Customer | undefined {
    return this.byEmail.get(emailKey(email));
  }

  all(): Customer[] {
    return [...this.byId.values()];
  }
}

/** Only customers can be members of an organization: agents and admins cannot. [T] csm-api.md, eligibility. */
export function isMemberEligible(customer: Customer): boolean {
  return customer.accountType === 'customer';
}

export function notEligibleMessage(accountId: string): string {
  return `${accountId} is an agent or an admin: only customers can be members of an organization`;
}

/** The accounts named (by account id, or by email ignoring case) whose membership additions silently do not happen. */
export class SilentDrops {
  private readonly ids: Set<string>;
  private readonly emails: Set<string>;

  constructor(readonly entries: readonly string[] = []) {
    this.ids = new Set(entries);
    this.emails = new Set(entries.map(emailKey));
  }

  drops(accountId: string, customers: CustomerDirectory): boolean {
    if (this.ids.has(accountId)) return true;
    const email = customers.get(accountId)?.email;
    return email !== undefined && this.emails.has(emailKey(email));
  }
}
