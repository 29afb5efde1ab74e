import type { EmulatorCore } from '../core';
import { restError, type Reply } from '../http/reply';
import type { ApiRequest } from './apiRequest';

/**
 * A single write (a delete, a members POST or DELETE) was applied; its answer may still be lost on its way back when
 * a late fault was drawn for it (504 or a dropped connection). Sent again, the caller meets what the first call did.
 */
export function answerOrLose(core: EmulatorCore, req: ApiRequest, reply: Reply, applied: string): Reply {
  if (req.lateFault === 'lostResponseDrop') {
    core.stats.fault('lostResponseDrop');
    return { status: reply.status, drop: true };
  }
  if (req.lateFault === 'lostResponse504') {
    core.stats.fault('lostResponse504');
    return restError(504, `Gateway timeout: the response was lost after ${applied}.`);
  }
  return reply;
}
