/**
 * The transcript of a connected call: a scenario of the library
 * (scenarios/), chosen by a seeded draw, with the agent's and the customer's
 * names filled in and each turn timed on the call's length. A turn's share
 * of the call follows its number of words; short pauses separate turns, so
 * the last turn ends at the call's end.
 */
import type { StoredTranscript, TranscriptTurn } from '../calls/call-tables.ts';
import { SALES_SCENARIOS } from './scenarios/sales.ts';
import type { Scenario } from './scenarios/scenario.ts';
import { SUPPORT_SCENARIOS } from './scenarios/support.ts';
import { pick } from './sim-random.ts';

export const SCENARIOS: readonly Scenario[] = [...SUPPORT_SCENARIOS, ...SALES_SCENARIOS];

/** A pause between two turns, as a share of the call. */
const GAP_SHARE = 0.02;

export interface TranscriptParties {
  readonly agentName: string;
  readonly customerName: string;
  readonly company: string;
}

export function makeTranscript(seed: string, key: string, parties: TranscriptParties, callSeconds: number, menuName = ''): StoredTranscript {
  // A sales menu plays sales conversations, others support ones; a menu named neither way gets any of them.
  const kind = /sales/i.test(menuName) ? 'sales' : /support|billing|help/i.test(menuName) ? 'support' : undefined;
  const chosen = pick(seed, `${key}:scenario`, kind ? SCENARIOS.filter((s) => s.kind === kind) : SCENARIOS);
  const fill = (text: string) => text.replaceAll('{agent}', parties.agentName).replaceAll('{customer}', parties.customerName).replaceAll('{company}', parties.company);
  const texts = chosen.turns.map((turn) => fill(turn.text));
  const words = texts.map((text) => text.split(/\s+/).length);
  const totalMs = Math.max(1000, callSeconds * 1000);
  const gapMs = Math.floor((totalMs * GAP_SHARE) / Math.max(1, texts.length - 1));
  const speakingMs = totalMs - gapMs * (texts.length - 1);
  const allWords = words.reduce((a, b) => a + b, 0);
  const turns: TranscriptTurn[] = [];
  let at = 0;
  chosen.turns.forEach((turn, i) => {
    const last = i === texts.length - 1;
    const end = last ? totalMs : at + Math.max(1, Math.round((speakingMs * words[i]!) / allWords));
    turns.push({ speaker: turn.speaker, name: turn.speaker === 'agent' ? parties.agentName : parties.customerName, start_ms: Math.min(at, end), end_ms: end, text: texts[i]! });
    at = end + gapMs;
  });
  return { scenario: chosen.id, turns };
}

/**
 * What had been said `ms` into the call: the turns begun by then, the one
 * under way cut to the words spoken so far. A connected call's live
 * transcript, and the whole of a call hung up before its scenario ended.
 */
export function transcriptAt(transcript: StoredTranscript, ms: number): StoredTranscript {
  const turns: TranscriptTurn[] = [];
  for (const turn of transcript.turns) {
    if (turn.start_ms > ms) break;
    if (turn.end_ms <= ms) {
      turns.push(turn);
      continue;
    }
    const words = turn.text.split(/\s+/);
    const spoken = Math.max(1, Math.ceil((words.length * (ms - turn.start_ms)) / Math.max(1, turn.end_ms - turn.start_ms)));
    turns.push({ ...turn, end_ms: Math.max(turn.start_ms, ms), text: words.slice(0, spoken).join(' ') });
  }
  return { scenario: transcript.scenario, turns };
}

/** The same conversation over `ms` instead: every turn's times stretched alike, the last ending at `ms`. */
export function retimed(transcript: StoredTranscript, ms: number): StoredTranscript {
  const planned = transcript.turns.at(-1)?.end_ms ?? 0;
  if (planned <= 0) return transcript;
  const factor = ms / planned;
  const turns = transcript.turns.map((turn, i, all) => ({ ...turn, start_ms: Math.round(turn.start_ms * factor), end_ms: i === all.length - 1 ? ms : Math.round(turn.end_ms * factor) }));
  return { scenario: transcript.scenario, turns };
}
