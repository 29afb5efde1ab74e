import { kvs } from '@forge/kvs';
import { readRecord, StoredRecordError, versioned } from '../domain/records';
import { ADMIN_CHECK, LEARNED_CAP, QUOTA_PAUSE, SITE_SETTINGS, TASK_TIME } from '../domain/siteRecords';
import { UNLEARNT_CAP } from '../domain/taskCap';
import type { SiteRecords } from './appStore';
import { adminCheckKey, LEARNED_CAP_KEY, QUOTA_PAUSE_KEY, SETTINGS_KEY, TASK_TIME_KEY } from './keys';

export const kvsSiteRecords: SiteRecords = {
  async getSettings() {
    // Absent settings are the defaults (SITE_SETTINGS.migrate fills them in).
    return readRecord(SITE_SETTINGS, SETTINGS_KEY, await kvs.get<unknown>(SETTINGS_KEY));
  },
  async putSettings(settings) {
    await kvs.set(SETTINGS_KEY, versioned(SITE_SETTINGS, settings));
  },
  async learnedCap() {
    const stored = await kvs.get<unknown>(LEARNED_CAP_KEY);
    return stored === undefined ? UNLEARNT_CAP : readRecord(LEARNED_CAP, LEARNED_CAP_KEY, stored);
  },
  async putLearnedCap(learned) {
    await kvs.set(LEARNED_CAP_KEY, versioned(LEARNED_CAP, learned));
  },
  async taskTimeEstimate() {
    const stored = await kvs.get<unknown>(TASK_TIME_KEY);
    return stored === undefined ? undefined : readRecord(TASK_TIME, TASK_TIME_KEY, stored);
  },
  async putTaskTimeEstimate({ meanMs, minMs, spreadMs }) {
    const spread = spreadMs === undefined ? {} : { spreadMs: Math.round(spreadMs) };
    await kvs.set(TASK_TIME_KEY, { meanMs: Math.round(meanMs), minMs: Math.round(minMs), ...spread });
  },
  async adminCheckedAt(accountId) {
    const key = adminCheckKey(accountId);
    const stored = await kvs.get<unknown>(key);
    if (stored === undefined) return undefined;
    try {
      return readRecord(ADMIN_CHECK, key, stored).checkedAt;
    } catch (error) {
      // A remembered answer the app cannot read is not remembered: Jira is asked again.
      if (error instanceof StoredRecordError) return undefined;
      throw error;
    }
  },
  async putAdminCheck(accountId, checkedAt) {
    if (checkedAt === undefined) await kvs.delete(adminCheckKey(accountId));
    else await kvs.set(adminCheckKey(accountId), versioned(ADMIN_CHECK, { checkedAt }));
  },
  async quotaPausedUntil() {
    const stored = await kvs.get<unknown>(QUOTA_PAUSE_KEY);
    return stored === undefined ? undefined : readRecord(QUOTA_PAUSE, QUOTA_PAUSE_KEY, stored).until;
  },
  async putQuotaPause(until) {
    await kvs.set(QUOTA_PAUSE_KEY, versioned(QUOTA_PAUSE, { until }));
  },
};
