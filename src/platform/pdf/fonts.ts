import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export type FontName = 'regular' | 'bold' | 'mono';

/** DejaVu: Latin with every Kiswahili and Kikuyu letter, Greek, Cyrillic, Arabic, Hebrew and more. */
const files: Record<FontName, string> = {
  regular: 'DejaVuSans.ttf',
  bold: 'DejaVuSans-Bold.ttf',
  mono: 'DejaVuSansMono.ttf',
};

/** The code points each font has a glyph for. */
export type Charsets = Record<FontName, ReadonlySet<number>>;

interface Parsed {
  /** The font as PDFKit's font engine (fontkit) parsed it. */
  font: { characterSet?: unknown; layout?: unknown };
  charset: ReadonlySet<number>;
}

const require = createRequire(import.meta.url);
const parsed = new Map<FontName, Parsed>();

/**
 * Registers the three fonts on a new document under their names. Each font file is read from the
 * installed package and parsed once per process; later documents are given the parsed font (PDFKit
 * takes one in place of the file, though its typings do not say so), which makes a document some ten
 * times quicker. Each document still embeds only the subset of glyphs it uses.
 */
export function registerFonts(doc: PDFKit.PDFDocument): Charsets {
  const out: Partial<Charsets> = {};
  for (const name of Object.keys(files) as FontName[]) {
    const known = parsed.get(name);
    if (known) {
      doc.registerFont(name, known.font as unknown as Buffer);
      out[name] = known.charset;
      continue;
    }
    doc.registerFont(name, readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${files[name]}`)));
    // PDFKit keeps the parsed font on the document's current font
    doc.font(name);
    const font = (doc as unknown as { _font?: { font?: Parsed['font'] } })._font?.font;
    if (!font || typeof font.layout !== 'function' || !Array.isArray(font.characterSet))
      throw new Error(`pdf: cannot read the ${name} font`);
    const entry = { font, charset: new Set(font.characterSet as number[]) };
    parsed.set(name, entry);
    out[name] = entry.charset;
  }
  return out as Charsets;
}
