import { kvs } from '@forge/kvs';
import { LEARNED_CAP, readRecord, SITE_SETTINGS, TASK_TIME, versioned } from '../domain/records';
import { UNLEARNT_CAP } from '../domain/taskCap';
import type { SiteRecords } from './appStore';
import { LEARNED_CAP_KEY, SETTINGS_KEY, TASK_TIME_KEY } from './keys';

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
};
