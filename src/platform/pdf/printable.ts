/** Marks, in text made printable, a character the font cannot print (drawn as an empty box). */
export const MISSING = '\uE000';

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
const VARIATION = /[\uFE0E\uFE0F]/g;
const INVISIBLE = /^[\p{Cc}\p{Cf}]+$/u;

export interface Printable {
  text: string;
  /** Characters shown as a box, and letters printed without an accent. */
  missing: number;
  simplified: number;
}

/**
 * Text the font can print: each user-perceived character (grapheme) is kept when the font has
 * every code point of it, printed without its accents when only those are missing, dropped when
 * invisible (zero-width and control characters), and otherwise replaced by the MISSING mark.
 */
export function printable(raw: string, charset: ReadonlySet<number>): Printable {
  const input = raw.normalize('NFC').replace(/\r\n?/g, '\n');
  const fits = (s: string) => {
    for (const c of s) if (!charset.has(c.codePointAt(0)!)) return false;
    return true;
  };
  // the usual case, and the quick one: every character printable as it is
  if (fits(input.replace(/\n/g, ''))) return { text: input, missing: 0, simplified: 0 };
  const out: Printable = { text: '', missing: 0, simplified: 0 };
  for (const { segment } of segmenter.segment(input)) {
    if (segment === '\n') out.text += '\n';
    else if (/^\s+$/u.test(segment)) out.text += ' ';
    else printGrapheme(segment, fits, out);
  }
  return out;
}

function printGrapheme(segment: string, fits: (s: string) => boolean, out: Printable): void {
  const plain = segment.replace(VARIATION, '');
  if (!plain || INVISIBLE.test(plain)) return;
  if (fits(plain)) {
    out.text += plain;
    return;
  }
  const base = plain.normalize('NFD').replace(/\p{M}/gu, '');
  if (base && fits(base)) {
    out.text += base;
    out.simplified += 1;
  } else {
    out.text += MISSING;
    out.missing += 1;
  }
}
