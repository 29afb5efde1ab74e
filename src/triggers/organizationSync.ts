/**
 * Scheduled trigger `organization-sync-trigger` (hourly): runs the sync plans that are due.
 * Sync plans arrive with issue 6; until then there is nothing due.
 */
export async function organizationSync() {
  return { statusCode: 204 };
}
