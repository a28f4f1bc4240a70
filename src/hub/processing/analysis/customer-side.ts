/**
 * Which fragments are the customer's (docs/processing.md, "Insights"):
 * only they become insights and carry the conversation's sentiment. A
 * fragment whose speaker is unknown (no participant, or one the input does
 * not list) counts as the customer's: an imported chat export or email
 * without speaker roles is most often the customer's message, and agent
 * phrasing is filtered sentence by sentence (`insight-cues.ts`).
 */
import type { AnalyzerFragment, AnalyzerParticipant } from '../analyzer.ts';

export function customerSide(participants: readonly AnalyzerParticipant[]): (fragment: AnalyzerFragment) => boolean {
  const roles = new Map(participants.map((p) => [p.key, p.role]));
  return (fragment) => {
    const role = fragment.participantKey === null ? undefined : roles.get(fragment.participantKey);
    return role === undefined || role === 'customer';
  };
}
