/**
 * Who a CSM call acts as. CSM accepts only user calls: a present user (the admin page),
 * or, in the background, the job owner through Forge offline user impersonation.
 */
export type Principal = { kind: 'presentUser' } | { kind: 'impersonated'; accountId: string };

export const presentUser: Principal = { kind: 'presentUser' };
export const impersonate = (accountId: string): Principal => ({ kind: 'impersonated', accountId });
