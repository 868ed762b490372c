const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
const VARIATION = /[\uFE0E\uFE0F]/g;
const INVISIBLE = /^[\p{Cc}\p{Cf}]+$/u;
const UNUSUAL = /[\s\p{Cc}\p{Cf}\uFE0E\uFE0F]/u;

export interface Printable {
  text: string;
  /** User-perceived characters the font has no glyph for (drawn as an empty box). */
  missing: number;
}

/** The user-perceived characters (graphemes) of a text. */
export function graphemes(text: string): string[] {
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

/** True when the font has a glyph for every code point of `text`. */
export function fits(text: string, charset: ReadonlySet<number>): boolean {
  for (const c of text) if (!charset.has(c.codePointAt(0)!)) return false;
  return true;
}

/**
 * Text ready to draw: composed (NFC), line breaks as \n, other spacing as a plain space, invisible
 * characters (zero-width, control, variation selectors) dropped. Every visible character is kept; one
 * whose composed form the font lacks is decomposed when the font has its letter and marks, and
 * otherwise counted as missing (the writer draws it as an empty box, its text kept for readers).
 */
export function printable(raw: string, charset: ReadonlySet<number>): Printable {
  const input = raw.normalize('NFC').replace(/\r\n?/g, '\n');
  // the usual case, and the quick one: every character printable as it is
  const plain = input.replace(/[\n ]/g, '');
  if (fits(plain, charset) && !UNUSUAL.test(plain)) return { text: input, missing: 0 };
  const out: Printable = { text: '', missing: 0 };
  for (const segment of graphemes(input)) {
    if (segment === '\n') out.text += '\n';
    else if (/^\s+$/u.test(segment)) out.text += ' ';
    else printGrapheme(segment, charset, out);
  }
  return out;
}

function printGrapheme(segment: string, charset: ReadonlySet<number>, out: Printable): void {
  const plain = segment.replace(VARIATION, '');
  if (!plain || INVISIBLE.test(plain)) return;
  if (fits(plain, charset)) {
    out.text += plain;
    return;
  }
  const decomposed = plain.normalize('NFD');
  if (fits(decomposed, charset)) {
    out.text += decomposed;
    return;
  }
  out.text += plain;
  out.missing += 1;
}
