/**
 * Names, keywords and descriptions of topics by class-based TF-IDF
 * (Grootendorst 2022, BERTopic, §3.3): all insights of a topic form one
 * document, and term t weighs tf(t, c) · log(1 + A / f(t)) in topic c, with
 * tf normalised by the topic's term count, A the mean term count of a topic
 * and f(t) the term's count over all topics. Terms seen in one insight only
 * never name a topic of several.
 */
export interface TopicTerms {
  /** Term index → count of the term among the topic's insights. */
  readonly counts: Map<number, number>;
  readonly members: number;
}

const KEYWORDS = 8;
const NAME_TERMS = 3;

export function classTfidfKeywords(topics: readonly TopicTerms[], terms: readonly string[]): string[][] {
  const frequency = new Float64Array(terms.length);
  let total = 0;
  for (const topic of topics) {
    for (const [t, count] of topic.counts) {
      frequency[t]! += count;
      total += count;
    }
  }
  const average = topics.length === 0 ? 0 : total / topics.length;
  return topics.map((topic) => {
    let size = 0;
    for (const count of topic.counts.values()) size += count;
    const scored: { t: number; w: number }[] = [];
    for (const [t, count] of topic.counts) {
      if (count < 2 && topic.members > 1) continue;
      scored.push({ t, w: (count / size) * Math.log(1 + average / frequency[t]!) });
    }
    scored.sort((a, b) => b.w - a.w || a.t - b.t);
    return distinct(scored.map((s) => terms[s.t]!));
  });
}

/** Terms best first, leaving out a word already said by a chosen pair and a pair whose two words are both chosen. */
function distinct(ranked: readonly string[]): string[] {
  const chosen: string[] = [];
  const words = new Set<string>();
  for (const term of ranked) {
    if (chosen.length === KEYWORDS) break;
    const parts = term.split(' ');
    if (parts.every((p) => words.has(p))) continue;
    chosen.push(term);
    for (const p of parts) words.add(p);
  }
  return chosen;
}

export function topicName(keywords: readonly string[]): string {
  return keywords.length === 0 ? 'Other' : keywords.slice(0, NAME_TERMS).join(' · ');
}

function quoted(text: string): string {
  const flat = text.replace(/\s+/gu, ' ').trim();
  return `“${flat.length > 120 ? `${flat.slice(0, 119).trimEnd()}…` : flat}”`;
}

function list(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** A sentence from the keywords and the insights nearest the topic's centre. */
export function topicDescription(keywords: readonly string[], members: number, centralTexts: readonly string[]): string {
  const about = keywords.length === 0 ? `${members === 1 ? 'One insight' : `${members} insights`} without distinctive terms` : `${members === 1 ? 'One insight' : `${members} insights`} about ${list(keywords.slice(0, NAME_TERMS))}`;
  const examples = centralTexts.filter((t) => t.trim() !== '').slice(0, 2).map(quoted);
  return examples.length === 0 ? `${about}.` : `${about}, such as ${examples.join(' and ')}.`;
}
