/**
 * Stage (a), segmentation (docs/processing.md "Pipeline"): a conversation's
 * source utterances as Fragments, and what each participant said.
 *
 * - One fragment per utterance, in order (`position` from 0). An utterance
 *   longer than `MAX_FRAGMENT_CHARS` is cut after sentences
 *   (analysis/sentences.ts) into several fragments, whose times share the
 *   utterance's span in proportion to their length.
 * - An utterance that repeats the one before it (same speaker, times and
 *   text: exports that write a caption twice) is dropped.
 * - `token_count`: the words a participant said (Unicode word segmentation,
 *   Intl.Segmenter, so text without spaces between words is counted too).
 *   `talk_seconds`: the sum of their utterances' spans, rounded; null when
 *   none of them has both times.
 */
import type { SourceUtterance } from '../../../platform/db/schema.ts';
import { splitLongText } from '../analysis/sentences.ts';

export const MAX_FRAGMENT_CHARS = 1_000;

export interface SegmentFragment {
  readonly position: number;
  /** Index into the conversation's participants, or null. */
  readonly participant: number | null;
  readonly startMs: number | null;
  readonly endMs: number | null;
  readonly text: string;
}

export interface ParticipantTalk {
  readonly tokenCount: number;
  readonly talkSeconds: number | null;
}

export interface Segmentation {
  readonly fragments: readonly SegmentFragment[];
  /** One per participant, in their order. */
  readonly participants: readonly ParticipantTalk[];
}

const words = new Intl.Segmenter('und', { granularity: 'word' });

function wordCount(text: string): number {
  let count = 0;
  for (const segment of words.segment(text)) if (segment.isWordLike) count++;
  return count;
}

const same = (a: SourceUtterance, b: SourceUtterance | undefined) =>
  b !== undefined && a.participant === b.participant && a.start_ms === b.start_ms && a.end_ms === b.end_ms && a.text === b.text;

export function segment(participantCount: number, utterances: readonly SourceUtterance[]): Segmentation {
  const fragments: SegmentFragment[] = [];
  const tokens = new Array<number>(participantCount).fill(0);
  const talkMs = new Array<number | null>(participantCount).fill(null);
  utterances.forEach((u, i) => {
    if (same(u, utterances[i - 1])) return;
    if (u.participant !== null) {
      tokens[u.participant]! += wordCount(u.text);
      if (u.start_ms !== null && u.end_ms !== null) talkMs[u.participant] = (talkMs[u.participant] ?? 0) + (u.end_ms - u.start_ms);
    }
    const pieces = u.text.length > MAX_FRAGMENT_CHARS ? splitLongText(u.text, MAX_FRAGMENT_CHARS) : [u.text];
    const total = pieces.reduce((sum, piece) => sum + piece.length, 0);
    let before = 0;
    for (const piece of pieces) {
      const at = (share: number) => (u.start_ms === null || u.end_ms === null ? null : Math.round(u.start_ms + ((u.end_ms - u.start_ms) * share) / total));
      const startMs = pieces.length === 1 ? u.start_ms : at(before);
      before += piece.length;
      const endMs = pieces.length === 1 ? u.end_ms : at(before);
      fragments.push({ position: fragments.length, participant: u.participant, startMs, endMs, text: piece });
    }
  });
  return {
    fragments,
    participants: tokens.map((tokenCount, k) => ({ tokenCount, talkSeconds: talkMs[k] === null ? null : Math.round(talkMs[k]! / 1000) })),
  };
}
