/**
 * What happens to a question's words: masking of personal numbers and addresses before anything
 * is shown, the topic by keyword rules, and the token set used to find near-duplicates.
 * Pure functions, no database.
 */
import { cleanText as cleanPlatformText } from '../../platform/text/index.ts';
import { engageStopWords, engageSynonyms, engageTopics, otherTopic } from '../../jurisdiction/kenya/engage-topics.ts';

const BULLET = '•';

/**
 * Tidies #EngageTheIG text as typed with the platform's cleaner: everything here is shown to the
 * public, so direction overrides and zero-width characters go along with control characters.
 */
export function cleanText(value: string | undefined | null): string {
  return cleanPlatformText(value, { multiline: true, public: true });
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
/** Kenyan mobile numbers: 07XX / 01XX, +254 / 254 / no prefix, with spaces, dots or dashes between digits. */
const PHONE = /(?<![\d+•])(\+\s?254[\s.-]?|254[\s.-]?|0)?([17]\d{2}(?:[\s.-]?\d){6})(?![\d•])/g;
/** National ID numbers: 7 or 8 digits standing alone. */
const NATIONAL_ID = /(?<![\d•])\d{7,8}(?![\d•])/g;

function maskDigits(text: string, keepFirst: number, keepLast: number): string {
  const total = (text.match(/\d/g) ?? []).length;
  let seen = 0;
  return text.replace(/\d/g, (d) => {
    seen += 1;
    return seen <= keepFirst || seen > total - keepLast ? d : BULLET;
  });
}

export interface Masked {
  text: string;
  /** How many phone numbers, ID numbers and e-mail addresses were masked. */
  count: number;
}

/**
 * Masks phone numbers ("0712 345 678" -> "07•• ••• •78"), national ID numbers (every digit) and
 * e-mail addresses ("wanjiku@example.org" -> "w•••@•••.org"). The original is never stored.
 */
export function maskPersonalDetails(input: string): Masked {
  let count = 0;
  let text = input.replace(EMAIL, (email) => {
    count += 1;
    const tld = email.slice(email.lastIndexOf('.'));
    return `${email[0]}${BULLET.repeat(3)}@${BULLET.repeat(3)}${tld}`;
  });
  text = text.replace(PHONE, (_whole, prefix: string | undefined, rest: string) => {
    count += 1;
    // keep the prefix and the first digit after it (the network), and the last two digits
    return `${prefix ?? ''}${maskDigits(rest, 1, 2)}`;
  });
  text = text.replace(NATIONAL_ID, (id) => {
    count += 1;
    return BULLET.repeat(id.length);
  });
  return { text, count };
}

/** Lower-case words of the text: accents dropped, thousands separators joined, punctuation gone. */
export function words(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/(\d),(?=\d{3}(?!\d))/g, '$1')
    .replace(/['’`]/g, '')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

interface CompiledTopic {
  code: string;
  patterns: RegExp[];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const compiledTopics: CompiledTopic[] = engageTopics.map((topic) => ({
  code: topic.code,
  patterns: topic.keywords.map((keyword) => {
    const parts = keyword.split(/\s+/).map((w) => (w.endsWith('*') ? `${escape(w.slice(0, -1))}[a-z0-9]*` : escape(w)));
    return new RegExp(`(?:^| )${parts.join(' ')}(?= |$)`);
  }),
}));

/** The topic with the most keyword hits (ties: the earlier topic); "other" when none matches. */
export function detectTopic(text: string): string {
  const line = words(text).join(' ');
  let best = otherTopic;
  let bestHits = 0;
  for (const topic of compiledTopics) {
    const hits = topic.patterns.filter((p) => p.test(line)).length;
    if (hits > bestHits) {
      best = topic.code;
      bestHits = hits;
    }
  }
  return best;
}

export const topicCodes: string[] = [...engageTopics.map((t) => t.code), otherTopic];

/** Light English suffix trimming, tried against the synonym table first so "giving" finds "give". */
function canonical(word: string): string {
  const direct = engageSynonyms[word];
  if (direct) return direct;
  const candidates: string[] = [];
  if (word.endsWith('ies') && word.length > 4) candidates.push(`${word.slice(0, -3)}y`);
  if (word.endsWith('es') && word.length > 4)
    candidates.push(...(/(s|x|z|ch|sh)es$/.test(word) ? [word.slice(0, -2)] : [word.slice(0, -1), word.slice(0, -2)]));
  if (word.endsWith('s') && !word.endsWith('ss') && word.length > 3) candidates.push(word.slice(0, -1));
  if (word.endsWith('ing') && word.length > 5) candidates.push(word.slice(0, -3), `${word.slice(0, -3)}e`);
  if (word.endsWith('ed') && word.length > 4)
    candidates.push(word.slice(0, -2), `${word.slice(0, -2)}e`, word.slice(0, -1));
  for (const c of candidates) {
    const mapped = engageSynonyms[c];
    if (mapped) return mapped;
  }
  return candidates[0] ?? word;
}

/**
 * The normalised token set of a question (its one-word shingles): lower-case, no punctuation,
 * no stop words of either language, English plurals and -ing/-ed trimmed, synonyms in both
 * languages folded together, sums of money as "money". Masked details are left out.
 */
export function tokenSet(text: string): string[] {
  const out = new Set<string>();
  for (const word of words(text)) {
    if (engageStopWords.has(word)) continue;
    if (/^\d+$/.test(word)) {
      // sums like 500 or 5000 are money; years and small numbers say little
      if (word.length >= 3 && !/^(19|20)\d\d$/.test(word)) out.add('money');
      continue;
    }
    if (word.length < 2) continue;
    const form = canonical(word);
    if (engageStopWords.has(form)) continue;
    out.add(form);
  }
  return [...out].sort();
}

export function jaccard(
  a: ReadonlySet<string> | readonly string[],
  b: ReadonlySet<string> | readonly string[],
): number {
  const x = a instanceof Set ? a : new Set(a as readonly string[]);
  const y = b instanceof Set ? b : new Set(b as readonly string[]);
  if (x.size === 0 && y.size === 0) return 0;
  let shared = 0;
  for (const token of x) if (y.has(token)) shared += 1;
  return shared / (x.size + y.size - shared);
}

/**
 * Two questions are about the same thing at this Jaccard similarity of their token sets or above.
 * Chosen with the pairs in text.test.ts: rephrasings of one complaint score 0.5 to 0.85, different
 * complaints about the same station or topic stay under 0.4.
 */
export const CLUSTER_THRESHOLD = 0.5;

export interface ClusterCandidate {
  id: string;
  tokens: ReadonlySet<string>;
}

/** The most similar cluster at or above the threshold, if any. */
export function bestCluster(
  tokens: readonly string[],
  clusters: Iterable<ClusterCandidate>,
  threshold = CLUSTER_THRESHOLD,
): { id: string; similarity: number } | undefined {
  if (tokens.length === 0) return undefined;
  const mine = new Set(tokens);
  let best: { id: string; similarity: number } | undefined;
  for (const c of clusters) {
    const similarity = jaccard(mine, c.tokens);
    if (similarity >= threshold && (!best || similarity > best.similarity)) best = { id: c.id, similarity };
  }
  return best;
}
