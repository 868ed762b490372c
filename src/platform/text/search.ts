/**
 * What full-text search needs of words beyond PostgreSQL's own configurations: PostgreSQL stems English, but has no
 * Kiswahili stemmer, and its parser splits a service number such as 2019-104233 into "2019" and "-104233".
 */

// A Kiswahili verb carries its subject and tense in front (a-li-omba "he asked", wa-me-omba "they have asked",
// ku-omba "to ask", a-li-m-piga "he hit him") and its mood at the end (omba, ombe, ombwa "be asked"): the stem is
// what is left between. Only a tense marker (or the infinitive's ku-) lets a prefix go, so that nouns keep theirs.
const SUBJECT = '(?:ni|u|a|tu|m|mu|wa|ki|vi|li|ya|i|zi|pa|ku)';
const TENSE = '(?:li|na|ta|me|ka|nge)';
const OBJECT = '(?:mw|m|wa|ni|tu|ki|vi|zi|ku)';
const VERB_PREFIX = new RegExp(`^(?:ha)?(?:${SUBJECT}${TENSE}(?:${OBJECT}(?=[^aeiou]))?|ku)(?=[a-z]{4,}$)`);

/** A word's Kiswahili stem (lower case): subject, tense and object prefixes and a final vowel taken off. */
export function kiswahiliStem(word: string): string {
  const lower = word.toLowerCase();
  const bare = lower.replace(VERB_PREFIX, '');
  const stem = bare.replace(/[aeiou]$/, '');
  return stem.length >= 3 ? stem : bare;
}

/** The words a person typed, as search terms: letters and digits, a hyphenated number as one (2019-104233 → 2019104233). */
export function searchWords(typed: string, most = 8): string[] {
  const words = typed
    .toLowerCase()
    .replace(/(\d)[-/](?=\d)/g, '$1')
    .match(/[\p{L}\p{N}]+/gu);
  return [...new Set(words ?? [])].slice(0, most);
}

/** Extra terms for a text's search vector: each word's Kiswahili stem where it differs from the word. */
export function kiswahiliStems(text: string): string[] {
  const stems = new Set<string>();
  for (const word of searchWords(text, Number.POSITIVE_INFINITY)) {
    const stem = kiswahiliStem(word);
    if (stem !== word) stems.add(stem);
  }
  return [...stems];
}
