import { Filter, FilterConditions, kvs } from '@forge/kvs';
import type { JobControl, Lease } from './appStore';
import { cancelKey, leaseKey } from './keys';
import { isConditionRefused } from './storageErrors';

/**
 * A job's lease is a custom entity (manifest.yml, app.storage.entities), because only the Custom Entity Store takes
 * conditions (storage-reference/entities-transactions): taking, renewing and giving back a lease are each one
 * conditional write, so of two drivers racing for a job exactly one holds it.
 */
export const LEASE_ENTITY = 'job-lease';

const lease = { entityName: LEASE_ENTITY };

/** The condition that the lease is `token`'s: a job write made with it is refused once another driver took over. */
export const heldBy = (token: string) => ({
  ...lease,
  conditions: new Filter<Lease>().and('token', FilterConditions.equalTo(token)),
});

export const kvsJobControl: JobControl = {
  async getLease(jobId) {
    return kvs.entity<Lease>(LEASE_ENTITY).get(leaseKey(jobId));
  },
  async acquireLease(jobId, wanted, now, replacing) {
    let free = new Filter<Lease>()
      .or('expiresAt', FilterConditions.notExists())
      .or('expiresAt', FilterConditions.lessThan(now))
      .or('token', FilterConditions.equalTo(wanted.token));
    if (replacing !== undefined) free = free.or('token', FilterConditions.equalTo(replacing));
    return conditional(
      kvs
        .transact()
        .set(leaseKey(jobId), wanted, { ...lease, conditions: free })
        .execute(),
    );
  },
  async renewLease(jobId, renewed) {
    return conditional(kvs.transact().set(leaseKey(jobId), renewed, heldBy(renewed.token)).execute());
  },
  async releaseLease(jobId, token) {
    await conditional(kvs.transact().delete(leaseKey(jobId), heldBy(token)).execute());
  },
  async requestCancel(jobId) {
    await kvs.set(cancelKey(jobId), true);
  },
  async cancelRequested(jobId) {
    return (await kvs.get<boolean>(cancelKey(jobId))) === true;
  },
};

/** True when the write went through, false when its condition was not met. */
async function conditional(write: Promise<void>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (isConditionRefused(error)) return false;
    throw error;
  }
}
