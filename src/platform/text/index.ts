/**
 * The one cleaner for free text people type (reports, officers' letters, #EngageTheIG questions
 * and names...). Every service that keeps typed text passes it through here, so a character that
 * is refused or dropped in one place is refused or dropped everywhere.
 */

export interface CleanOptions {
  /** Keeps newlines (and tabs) for text written in lines: a description, a letter, a question. */
  multiline?: boolean;
  /**
   * Text other people will see where its direction or invisible characters could mislead them
   * (anything shown to the public, file names): bidirectional overrides, embeddings and isolates
   * and zero-width characters are dropped too.
   */
  public?: boolean;
}

// C0 controls, DEL and C1 controls; newline and tab are dealt with separately.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
/** Line and paragraph separators are line breaks in disguise. */
const LINE_BREAK = /\r\n?|[\u0085\u2028\u2029]/g;
/** Explicit direction controls: embeddings and overrides (U+202A-U+202E), isolates (U+2066-U+2069), and the marks. */
const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;
/** Halves of a surrogate pair without their other half: not text, and not storable as UTF-8. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** Zero-width space, non-joiner, joiner, word joiner and the byte-order mark. */
const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff]/g;

/**
 * Cleans typed text: lone surrogates replaced, NUL and every other control character removed
 * (newlines and tabs kept only in multi-line text, where runs of blank lines shrink to one;
 * in one-line text each run of white space becomes one space), Unicode normalised to NFC, edges
 * trimmed; for public text, direction controls and zero-width characters removed as well.
 */
export function cleanText(value: string | null | undefined, options: CleanOptions = {}): string {
  if (typeof value !== 'string' || value === '') return '';
  let text = value.replace(LONE_SURROGATE, '\ufffd').replace(LINE_BREAK, '\n');
  if (options.public) text = text.replace(BIDI, '').replace(ZERO_WIDTH, '');
  text = text.replace(CONTROL, '').normalize('NFC');
  text = options.multiline ? text.replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n') : text.replace(/\s+/g, ' ');
  return text.trim();
}

export { normalisePhone } from './phone.ts';
export { kiswahiliStem, kiswahiliStems, searchWords } from './search.ts';
