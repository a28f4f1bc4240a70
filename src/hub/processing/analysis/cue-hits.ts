/**
 * Which insight types' cues (`insight-cues.ts`) a sentence matches, and
 * whether it is agent phrasing or a phatic question. The classifier gives
 * these to the insight model as features, so a cue is evidence weighed
 * against the rest of the sentence rather than a verdict.
 */
import type { InsightType } from '../analyzer.ts';
import { AGENT_PHRASES, INSIGHT_CUES, PHATIC_QUESTIONS } from './insight-cues.ts';
import { compileCues, type CueMatcher, type LemmaWords } from './cue-matcher.ts';

interface CompiledCues {
  readonly cues: CueMatcher | null;
  readonly fixed: CueMatcher | null;
  readonly stated: CueMatcher | null;
  readonly weak: CueMatcher | null;
  readonly unless: CueMatcher | null;
}

function compiled(patterns: readonly string[] | undefined): CueMatcher | null {
  return patterns && patterns.length > 0 ? compileCues(patterns) : null;
}

const COMPILED = new Map(
  Object.entries(INSIGHT_CUES).map(([type, cues]) => [
    type as InsightType,
    { cues: compiled(cues.cues), fixed: compiled(cues.fixed), stated: compiled(cues.stated), weak: compiled(cues.weak), unless: compiled(cues.unless) } satisfies CompiledCues,
  ]),
);
const AGENT = compileCues(AGENT_PHRASES);
const PHATIC = compileCues(PHATIC_QUESTIONS);

export interface CueHits {
  /** Types whose cues match: a capability is `stated` only outside a question. */
  readonly strong: readonly InsightType[];
  /** Types whose topic words (`weak`) alone match. */
  readonly weak: readonly InsightType[];
  /** A capability cue inside a question ("is there an option to export?"). */
  readonly askedCapability: boolean;
  readonly agent: boolean;
  readonly phatic: boolean;
}

export function cueHits(lemmas: LemmaWords, question: boolean): CueHits {
  const strong: InsightType[] = [];
  const weak: InsightType[] = [];
  let askedCapability = false;
  for (const [type, cues] of COMPILED) {
    if (cues.unless?.matches(lemmas, false)) continue;
    const stated = cues.stated?.matches(lemmas, true) ?? false;
    if (cues.fixed?.matches(lemmas, false) || cues.cues?.matches(lemmas, true) || (!question && stated)) strong.push(type);
    else if (cues.weak?.matches(lemmas, false)) weak.push(type);
    if (question && stated) askedCapability = true;
  }
  return { strong, weak, askedCapability, agent: AGENT.matches(lemmas, false), phatic: PHATIC.matches(lemmas, false) };
}
