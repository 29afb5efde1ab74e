/**
 * The columns of the cleanup files, one constant each so that the finders that write them and the importers that
 * read them cannot drift apart.
 */

/** A deletions file: an organization a row, by id (what the delete goes by) and name (what the admin checks). */
export const DELETION_COLUMNS = {
  id: 'Organization ID',
  name: 'Organization Name',
  /** For information only: the members the organization had when it was found. */
  members: 'Members',
} as const;

/** A merges file: a row an organization to merge (Merge …) into the one that stays (Keep …). */
export const MERGE_COLUMNS = {
  keepId: 'Keep Organization ID',
  keepName: 'Keep Organization Name',
  mergeId: 'Merge Organization ID',
  mergeName: 'Merge Organization Name',
} as const;
