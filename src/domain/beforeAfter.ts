import type { RowOperation } from './operations';
import type { ObservedOrganization } from './outcomes';
import { sameValues } from './preview';

const MAX_SHOWN_VALUES = 5;

/** Values as a person reads them: "EMEA", "EMEA | APAC", "(empty)"; a long list cut with a count of the rest. */
function shown(values: readonly string[] | undefined): string {
  if (!values || values.length === 0) return '(empty)';
  const first = values.slice(0, MAX_SHOWN_VALUES).join(' | ');
  return values.length > MAX_SHOWN_VALUES ? `${first} | … ${values.length - MAX_SHOWN_VALUES} more` : first;
}

/**
 * What an update row changes, before → after, as the preview shows it: `Region: EMEA → LATAM`, `Name: Acme → Acme
 * Corp`, `Customers: + 7, 9`. Only what differs; nothing for a row that creates (there is no before) or changes nothing.
 */
export function beforeAfter(op: RowOperation, current: ObservedOrganization | undefined): string[] {
  if (!current) return [];
  if (op.kind === 'details') {
    const { operationType, payload } = op.operation;
    const now = current.details[payload.name] ?? [];
    const values = payload.values ?? [];
    const after =
      operationType === 'UPDATE'
        ? values
        : operationType === 'PATCH'
          ? [...now, ...values.filter((value) => !now.includes(value))]
          : values.length === 0
            ? []
            : now.filter((value) => !values.includes(value));
    return sameValues(now, after) ? [] : [`${payload.name}: ${shown(now)} → ${shown(after)}`];
  }
  const { payload } = op.item;
  const changes: string[] = [];
  if (payload.name !== undefined && payload.name !== current.name)
    changes.push(`Name: ${current.name} → ${payload.name}`);
  if (op.kind === 'organizations') return changes;
  for (const detail of op.item.payload.details ?? []) {
    const now = current.details[detail.name];
    if (!sameValues(now, detail.values)) changes.push(`${detail.name}: ${shown(now)} → ${shown(detail.values)}`);
  }
  const added = (wanted: readonly string[] | undefined, held: readonly string[] | undefined) =>
    (wanted ?? []).filter((id) => !(held ?? []).includes(id));
  const customers = added(op.item.payload.associateCustomers?.customerIds, current.customerIds);
  if (customers.length > 0) changes.push(`Customers: + ${customers.join(', ')}`);
  const products = added(op.item.payload.associateProducts?.productIds, current.productIds);
  if (products.length > 0) changes.push(`Products: + ${products.join(', ')}`);
  return changes;
}
