/** The columns of a memberships file (the export writes the first four: edited, it is an import). */
export const MEMBERSHIP_COLUMNS = {
  name: 'Organization Name',
  id: 'Organization ID',
  email: 'Customer Email',
  accountId: 'Customer Account ID',
  operation: 'Operation',
  fromName: 'From Organization Name',
  fromId: 'From Organization ID',
} as const;
