import { kvs } from '@forge/kvs';
import type { JobControl, Lease } from './jobStore';
import { cancelKey, leaseKey } from './keys';

export const kvsJobControl: JobControl = {
  async getLease(jobId) {
    return kvs.get<Lease>(leaseKey(jobId));
  },
  async putLease(jobId, lease) {
    await kvs.set(leaseKey(jobId), lease);
  },
  async deleteLease(jobId) {
    await kvs.delete(leaseKey(jobId));
  },
  async requestCancel(jobId) {
    await kvs.set(cancelKey(jobId), true);
  },
  async cancelRequested(jobId) {
    return (await kvs.get<boolean>(cancelKey(jobId))) === true;
  },
};
