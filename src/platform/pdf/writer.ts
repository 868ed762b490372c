import type { PDFDocument, PDFFont, PDFPage } from 'pdf-lib';
import { colour, type RGB } from './colour.ts';
import { MISSING, printable } from './printable.ts';

/** A4, in points. */
export const A4: [number, number] = [595.28, 841.89];

export type FontName = 'regular' | 'bold' | 'mono';

export interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
  /** Only when the document asked for it. */
  mono?: PDFFont | undefined;
}

export interface PageLayout {
  size: [number, number];
  margin: number;
  /** The lowest a line of text may reach before the next page. */
  bottom: number;
}

export interface TextStyle {
  size?: number;
  bold?: boolean;
  font?: FontName;
  colour?: RGB;
  indent?: number;
  /** Width to wrap at (default: the rest of the line). */
  width?: number;
  /** Space between lines, as a multiple of the size. */
  leading?: number;
  /** A vertical rule left of the text (for answers). */
  rule?: RGB;
}

const boxWidth = (size: number) => size * 0.62;

/**
 * Lays text out down the pages of a PDF with the standard fonts, starting a new page when the next
 * line would not fit. Text given to it is first made printable (see `printable`); what could not be
 * printed as it was is counted in `missing` and `simplified`, for the document to say so.
 */
export class PdfWriter {
  page!: PDFPage;
  y = 0;
  missing = 0;
  simplified = 0;
  readonly width: number;
  readonly top: number;
  private readonly charset: Set<number>;
  private readonly advances = new Map<PDFFont, Map<string, number>>();

  constructor(
    readonly doc: PDFDocument,
    readonly fonts: Fonts,
    readonly layout: PageLayout,
  ) {
    // the standard fonts (Helvetica, Courier) share WinAnsi
    this.charset = new Set(fonts.regular.getCharacterSet());
    this.width = layout.size[0] - 2 * layout.margin;
    this.top = layout.size[1] - layout.margin;
    this.newPage();
  }

  get margin(): number {
    return this.layout.margin;
  }

  font(name: FontName): PDFFont {
    const font = this.fonts[name];
    if (!font) throw new Error(`pdf: the ${name} font was not embedded`);
    return font;
  }

  newPage(): void {
    this.page = this.doc.addPage(this.layout.size);
    this.y = this.top;
  }

  /** Makes room for `height` points, on a new page if need be. */
  need(height: number): void {
    if (this.y - height < this.layout.bottom) this.newPage();
  }

  gap(points: number): void {
    this.y -= points;
  }

  clean(raw: string): string {
    const p = printable(raw, this.charset);
    this.missing += p.missing;
    this.simplified += p.simplified;
    return p.text;
  }

  /**
   * The width drawn: the sum of the characters' advances. (pdf-lib's widthOfTextAtSize counts
   * kerning, which drawText does not apply, so lines measured with it come out up to 2% too long.)
   */
  measure(text: string, font: PDFFont, size: number): number {
    let advances = this.advances.get(font);
    if (!advances) this.advances.set(font, (advances = new Map()));
    let units = 0;
    for (const c of text) {
      if (c === MISSING) {
        units += boxWidth(1000);
        continue;
      }
      let w = advances.get(c);
      if (w === undefined) advances.set(c, (w = font.widthOfTextAtSize(c, 1000)));
      units += w;
    }
    return (units * size) / 1000;
  }

  /** Splits cleaned text into lines no wider than `width`; a word longer than a line is broken. */
  wrap(text: string, font: PDFFont, size: number, width: number): string[] {
    const lines: string[] = [];
    for (const paragraph of text.split('\n')) {
      let line = '';
      for (const word of paragraph.split(' ').filter(Boolean)) {
        const candidate = line ? `${line} ${word}` : word;
        if (this.measure(candidate, font, size) <= width) {
          line = candidate;
          continue;
        }
        if (line) lines.push(line);
        line = this.breakWord(word, font, size, width, lines);
      }
      lines.push(line);
    }
    return lines;
  }

  /** Pushes the full-width pieces of a word too long for a line; returns what is left of it. */
  private breakWord(word: string, font: PDFFont, size: number, width: number, lines: string[]): string {
    let rest = word;
    while (this.measure(rest, font, size) > width) {
      let cut = 1;
      const chars = [...rest];
      while (cut < chars.length && this.measure(chars.slice(0, cut + 1).join(''), font, size) <= width) cut += 1;
      lines.push(chars.slice(0, cut).join(''));
      rest = chars.slice(cut).join('');
    }
    return rest;
  }

  /** Draws one line of cleaned text at (x, y), the MISSING marks as empty boxes. */
  drawLine(text: string, x: number, y: number, font: PDFFont, size: number, color: RGB, page = this.page): void {
    let at = x;
    const parts = text.split(MISSING);
    parts.forEach((part, i) => {
      if (part) {
        page.drawText(part, { x: at, y, size, font, color });
        at += this.measure(part, font, size);
      }
      if (i < parts.length - 1) {
        const w = boxWidth(size);
        page.drawRectangle({
          x: at + w * 0.12,
          y: y - size * 0.05,
          width: w * 0.76,
          height: size * 0.72,
          borderColor: color,
          borderWidth: 0.7,
        });
        at += w;
      }
    });
  }

  private styleFont(style: TextStyle): PDFFont {
    return this.font(style.font ?? (style.bold ? 'bold' : 'regular'));
  }

  /** A wrapped paragraph, continued on the next page when it does not fit. */
  text(raw: string, style: TextStyle = {}): void {
    const size = style.size ?? 10;
    const font = this.styleFont(style);
    const indent = style.indent ?? 0;
    const x = this.margin + indent;
    const lineHeight = size * (style.leading ?? 1.35);
    for (const line of this.wrap(this.clean(raw), font, size, style.width ?? this.width - indent)) {
      this.need(lineHeight);
      const baseline = this.y - size;
      if (style.rule)
        this.page.drawLine({
          start: { x: x - 8, y: this.y + 1 },
          end: { x: x - 8, y: this.y - lineHeight + 1 },
          thickness: 2.5,
          color: style.rule,
        });
      this.drawLine(line, x, baseline, font, size, style.colour ?? colour.ink);
      this.y -= lineHeight;
    }
  }

  /** A bold heading, kept on the page with at least the start of what follows it. */
  heading(raw: string, size = 14): void {
    this.need(size * 1.4 + 40);
    this.gap(size * 0.9);
    this.text(raw, { size, bold: true, leading: 1.25 });
    this.gap(size * 0.3);
  }

  /** Text cut to fit one line, ending in "…" when cut. */
  fit(raw: string, font: PDFFont, size: number, width: number): string {
    const text = this.clean(raw).replace(/\n/g, ' ');
    if (this.measure(text, font, size) <= width) return text;
    const chars = [...text];
    while (chars.length > 1 && this.measure(`${chars.join('')}…`, font, size) > width) chars.pop();
    return `${chars.join('').trimEnd()}…`;
  }

  /** A small label, white bold text on a coloured fill (a status). */
  label(raw: string, fill: RGB, size = 8): void {
    const text = this.clean(raw);
    this.need(size + 10);
    const width = this.measure(text, this.fonts.bold, size) + 8;
    this.page.drawRectangle({ x: this.margin, y: this.y - size - 5, width, height: size + 5, color: fill });
    this.drawLine(text, this.margin + 4, this.y - size - 2, this.fonts.bold, size, colour.white);
    this.y -= size + 8;
  }

  /**
   * Paragraphs in a bordered box the width of the page (signed text, code): each line kept as it
   * is, wrapped only where wider than the box. `lineHeight` is in points.
   */
  framed(paragraphs: string[], style: { font?: FontName; size: number; lineHeight: number; border: RGB }): void {
    const font = this.font(style.font ?? 'regular');
    const pad = 8;
    const inner = this.width - 2 * pad;
    const lines = paragraphs.flatMap((raw) => {
      const text = this.clean(raw);
      return this.measure(text, font, style.size) <= inner ? [text] : this.wrap(text, font, style.size, inner);
    });
    const height = lines.length * style.lineHeight + 14;
    this.need(height);
    const { x, width } = { x: this.margin, width: this.width };
    this.page.drawRectangle({ x, y: this.y - height, width, height, borderColor: style.border, borderWidth: 0.75 });
    let y = this.y - 6;
    for (const line of lines) {
      y -= style.lineHeight;
      this.drawLine(line, x + pad, y, font, style.size, colour.ink);
    }
    this.y -= height;
  }

  /** Runs `draw` on every page so far (footers, page numbers). */
  eachPage(draw: (page: PDFPage, index: number, count: number) => void): void {
    const pages = this.doc.getPages();
    pages.forEach((page, i) => draw(page, i, pages.length));
  }
}
