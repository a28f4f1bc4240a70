/**
 * Estimated waits, in seconds (seed 003, "Wait Times": "120 = two
 * minutes"). A call waits for nothing when an agent is free for it;
 * otherwise for the callers ahead of it and itself to be served by the
 * logged-in agents, each taking an average handle time (the midpoints of
 * the center's talk and wrap-up ranges). No queued chats exist yet, so a
 * chat waits for nothing while an Available agent has chat capacity, else
 * for one simulated chat's length.
 */
import type { SimulationSettings, Range } from '../simulation/sim-settings.ts';
import type { MenuLoad } from './queue-load.ts';

const mid = ([min, max]: Range) => (min + max) / 2;

export function voiceWait(load: MenuLoad, settings: SimulationSettings): number {
  const ahead = load.queuedCalls + 1 - load.availableForCalls;
  if (ahead <= 0) return 0;
  const handle = mid(settings.talkSeconds) + mid(settings.wrapUpSeconds);
  return Math.round((ahead * handle) / Math.max(1, load.loggedIn));
}

export function chatWait(load: MenuLoad, settings: SimulationSettings): number {
  if (load.chatCapacity > 0) return 0;
  return Math.round(mid(settings.chatReplySeconds) * mid(settings.chatTurns));
}
