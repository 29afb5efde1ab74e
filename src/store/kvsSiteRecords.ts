import { kvs } from '@forge/kvs';
import { DEFAULT_SETTINGS, type SiteRecords, type SiteSettings, type TaskTimeEstimate } from './jobStore';
import { SETTINGS_KEY, TASK_TIME_KEY } from './keys';

export const kvsSiteRecords: SiteRecords = {
  async getSettings() {
    return { ...DEFAULT_SETTINGS, ...((await kvs.get<SiteSettings>(SETTINGS_KEY)) ?? {}) };
  },
  async putSettings(settings) {
    await kvs.set(SETTINGS_KEY, settings);
  },
  async taskTimeEstimate() {
    return kvs.get<TaskTimeEstimate>(TASK_TIME_KEY);
  },
  async putTaskTimeEstimate({ meanMs, minMs }) {
    await kvs.set(TASK_TIME_KEY, { meanMs: Math.round(meanMs), minMs: Math.round(minMs) });
  },
};
