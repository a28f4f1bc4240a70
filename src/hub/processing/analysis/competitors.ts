/**
 * The configured competitor list as one matcher: a name counts where it
 * stands as a whole word, in any letter case ("Zendesk", "zendesk"), and
 * not inside another word ("Gong" is not found in "Gongfu").
 */
export interface CompetitorMatcher {
  /** The first configured name mentioned in `text`, as configured, or null. */
  mentions(text: string): string | null;
}

const NONE: CompetitorMatcher = { mentions: () => null };
const cache = new Map<string, CompetitorMatcher>();
const CACHE_LIMIT = 64;

function escape(name: string): string {
  return name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
}

export function competitorMatcher(names: readonly string[]): CompetitorMatcher {
  const wanted = [...new Set(names.map((n) => n.trim()).filter((n) => n !== ''))];
  if (wanted.length === 0) return NONE;
  const key = wanted.join('\n');
  const cached = cache.get(key);
  if (cached) return cached;
  // Longest first, so "Zoho Desk" wins over "Zoho".
  wanted.sort((a, b) => b.length - a.length);
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${wanted.map(escape).join('|')})(?![\\p{L}\\p{N}])`, 'iu');
  const byLower = new Map(wanted.map((n) => [n.toLowerCase().replace(/\s+/g, ' '), n]));
  const matcher: CompetitorMatcher = {
    mentions(text) {
      const found = pattern.exec(text);
      if (!found) return null;
      return byLower.get(found[0].toLowerCase().replace(/\s+/g, ' ')) ?? found[0];
    },
  };
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, matcher);
  return matcher;
}
