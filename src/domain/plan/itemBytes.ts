import type { DetailOperation, OrganizationDetailValue, OrganizationOperation, ProfileOperation } from '../schemas';
import { utf8ByteLength } from '../text/utf8';

/*
 * The UTF-8 size of an item's JSON, worked out from its fields without building the text: for a 50,000-row
 * file that text is four times the file, and JSON.stringify of every item cost more than reading the file.
 * The items are the strict shapes of schemas.ts (no other keys), so the size does not depend on key order.
 */

/** Printable ASCII other than `"` and `\`: JSON.stringify writes such a string as it is, in quotes. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** `{"operationType":` + `,"payload":{` + `}}` */
const OPERATION_FRAME = '{"operationType":,"payload":{}}'.length;
const ID = '"id":'.length;
const NAME = '"name":'.length;
const DETAILS = '"details":[]'.length;
const CUSTOMERS = '"associateCustomers":{"customerIds":[]}'.length;
const PRODUCTS = '"associateProducts":{"productIds":[]}'.length;
const DETAIL = '{"name":,"values":[]}'.length;
const VALUES = ',"values":[]'.length;

export function stringBytes(text: string): number {
  return PLAIN.test(text) ? text.length + 2 : utf8ByteLength(JSON.stringify(text));
}

/** The strings of an array, with the commas between them (not the brackets). */
function stringsBytes(texts: readonly string[]): number {
  let bytes = texts.length > 0 ? texts.length - 1 : 0;
  for (const text of texts) bytes += stringBytes(text);
  return bytes;
}

/**
 * Sizes of frozen detail values: the import shares one frozen object among all rows holding the same cell
 * (every row with Region EMEA), so each is measured once. Frozen objects cannot change, so the size stays true.
 */
const frozenSizes = new WeakMap<OrganizationDetailValue, number>();

function detailValueBytes(detail: OrganizationDetailValue): number {
  const known = frozenSizes.get(detail);
  if (known !== undefined) return known;
  const bytes = DETAIL + stringBytes(detail.name) + stringsBytes(detail.values);
  if (Object.isFrozen(detail) && Object.isFrozen(detail.values)) frozenSizes.set(detail, bytes);
  return bytes;
}

export function profileBytes({ operationType, payload }: ProfileOperation): number {
  let bytes = OPERATION_FRAME + stringBytes(operationType);
  let members = 0;
  if (payload.id !== undefined) {
    bytes += ID + stringBytes(payload.id);
    members += 1;
  }
  if (payload.name !== undefined) {
    bytes += NAME + stringBytes(payload.name);
    members += 1;
  }
  if (payload.details !== undefined) {
    bytes += DETAILS + (payload.details.length > 0 ? payload.details.length - 1 : 0);
    for (const detail of payload.details) bytes += detailValueBytes(detail);
    members += 1;
  }
  if (payload.associateCustomers !== undefined) {
    bytes += CUSTOMERS + stringsBytes(payload.associateCustomers.customerIds);
    members += 1;
  }
  if (payload.associateProducts !== undefined) {
    bytes += PRODUCTS + stringsBytes(payload.associateProducts.productIds);
    members += 1;
  }
  return bytes + (members > 0 ? members - 1 : 0);
}

export function organizationBytes({ operationType, payload }: OrganizationOperation): number {
  const id = payload.id === undefined ? 0 : ID + stringBytes(payload.id) + 1;
  return OPERATION_FRAME + stringBytes(operationType) + id + NAME + stringBytes(payload.name);
}

export function detailOperationBytes({ operationType, payload }: DetailOperation): number {
  const values = payload.values === undefined ? 0 : VALUES + stringsBytes(payload.values);
  return OPERATION_FRAME + stringBytes(operationType) + NAME + stringBytes(payload.name) + values;
}
