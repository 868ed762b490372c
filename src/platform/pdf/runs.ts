import { fits, graphemes } from './printable.ts';

/**
 * A piece of a line: left-to-right text, a right-to-left run (Arabic, Hebrew: words shaped and set
 * right to left), or one character the font has no glyph for (drawn as an empty box).
 */
export interface Run {
  kind: 'ltr' | 'rtl' | 'missing';
  text: string;
}

/** Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms. */
const RTL = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/u;

/**
 * Splits a line into runs. Spaces between two right-to-left characters belong to their run, so a
 * name like "محمد علي" inside a Kiswahili sentence reads in its own order; the line itself runs left
 * to right.
 */
export function runs(text: string, charset: ReadonlySet<number>): Run[] {
  if (!RTL.test(text) && fits(text, charset)) return text ? [{ kind: 'ltr', text }] : [];
  const parts = graphemes(text).map((g): Run => {
    if (!fits(g, charset)) return { kind: 'missing', text: g };
    return { kind: RTL.test(g) ? 'rtl' : 'ltr', text: g };
  });
  const visible = (p: Run) => p.text.trim() !== '';
  let before: Run | undefined;
  parts.forEach((part, i) => {
    if (visible(part)) before = part;
    else if (before?.kind === 'rtl' && parts.slice(i + 1).find(visible)?.kind === 'rtl') part.kind = 'rtl';
  });
  const out: Run[] = [];
  for (const part of parts) {
    const last = out.at(-1);
    if (last && last.kind === part.kind && part.kind !== 'missing') last.text += part.text;
    else out.push({ ...part });
  }
  return out;
}
