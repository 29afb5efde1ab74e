/** Identifies one field of one organization; two detail operations with the same key conflict. */
export function detailOperationKey(organizationId: string, fieldName: string): string {
  return `${organizationId}\u0000${fieldName.toLowerCase()}`;
}
