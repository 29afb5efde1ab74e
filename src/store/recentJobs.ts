import { kvs } from '@forge/kvs';
import { readRecord, RECENT_STARTS, type RecentStart } from '../domain/records';
import { RECENT_STARTS_KEY } from './keys';

/**
 * [docs] A KVS query is eventually consistent: it may not see the last moment's writes (storage-reference/kvs). The
 * jobs started in the last minute are therefore also kept under one key, read by key, so that a start sees the job
 * started just before it (overlaps), a driver counts its tasks, and the jobs list shows a job the moment it starts.
 *
 * Two starts at the same instant may each write the list without the other: the one left out is then missing only
 * until the query sees its own keys (the lag), the same window as before this list existed.
 */
export const RECENT_START_MS = 60_000;
const KEPT = 50;

export async function recentStarts(): Promise<RecentStart[]> {
  const stored = await kvs.get<unknown>(RECENT_STARTS_KEY);
  return stored === undefined ? [] : readRecord(RECENT_STARTS, RECENT_STARTS_KEY, stored);
}

export async function rememberStart(jobId: string, at: number): Promise<void> {
  const kept = (await recentStarts())
    .filter((start) => start.id !== jobId && start.at > at - RECENT_START_MS)
    .slice(-(KEPT - 1));
  await kvs.set(RECENT_STARTS_KEY, [...kept, { id: jobId, at }]);
}
