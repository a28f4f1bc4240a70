/**
 * A conversation the simulation can play on a connected call (or chat): who
 * says what, in order. `{agent}`, `{customer}` and `{company}` are filled
 * when the transcript is made (../transcripts.ts). The library is written to
 * read like real customer calls, because the hub imports them as
 * conversations and its insights pipeline finds topics, sentiment and
 * competitor mentions in them.
 */
export interface ScenarioTurn {
  readonly speaker: 'agent' | 'end_user';
  readonly text: string;
}

export interface Scenario {
  /** Stable name, kept on the call: which conversation it had. */
  readonly id: string;
  readonly kind: 'support' | 'sales';
  readonly turns: readonly ScenarioTurn[];
}

/** Lines in order, alternating from the agent's greeting: "A:" and "C:" mark the speaker. */
export function scenario(id: string, kind: Scenario['kind'], script: string): Scenario {
  const turns = script
    .trim()
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line): ScenarioTurn => {
      const speaker = line.startsWith('A:') ? 'agent' : line.startsWith('C:') ? 'end_user' : undefined;
      if (!speaker) throw new Error(`scenario ${id}: a line starts with "A:" or "C:", got ${line.slice(0, 20)}`);
      return { speaker, text: line.slice(2).trim() };
    });
  return { id, kind, turns };
}
