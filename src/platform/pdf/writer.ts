import { colour, rgb, type RGB } from './colour.ts';
import type { Charsets, FontName } from './fonts.ts';
import { printable } from './printable.ts';
import { runs } from './runs.ts';
import type { ElementOptions, Structure, Tag } from './structure.ts';

export type { FontName } from './fonts.ts';

/** A4, in points. */
export const A4: [number, number] = [595.28, 841.89];

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
  /** The structure element the text is (default P). */
  tag?: Tag;
  /** Its language (BCP 47, e.g. sw-KE) where it is not the document's, for screen readers. */
  lang?: string;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const boxWidth = (size: number) => size * 0.62;

/**
 * Words' widths at 1000 points, by font: the fonts are the same in every document of the process, and
 * the same words (labels, names of stations) come back in document after document; shaping a word with
 * the font's features is most of a document's cost.
 */
const wordWidths = new Map<string, number>();
const MAX_WORD_WIDTHS = 50_000;

/**
 * Lays text out down the pages of a tagged PDF, starting a new page when the next line would not fit.
 * Positions are in points from the lower left corner of the page, `y` being the top of what comes
 * next. Each `text` is a structure element (P unless told) holding its lines on whatever pages they
 * land; lower-level drawing (`drawLine`) goes into the element opened with `element`, and shapes
 * that only decorate (`rect`, `rule`) are artifacts. Characters the fonts have no glyph for are drawn
 * as an empty box and counted in `missing`, for the document to say so.
 */
export class PdfWriter {
  y = 0;
  missing = 0;
  readonly width: number;
  readonly top: number;

  constructor(
    readonly doc: PDFKit.PDFDocument,
    readonly layout: PageLayout,
    private readonly structure: Structure,
    private readonly charsets: Charsets,
  ) {
    this.width = layout.size[0] - 2 * layout.margin;
    this.top = layout.size[1] - layout.margin;
    this.newPage();
  }

  get margin(): number {
    return this.layout.margin;
  }

  /** PDFKit's y (from the top) for a y from the bottom. */
  private down(y: number): number {
    return this.layout.size[1] - y;
  }

  newPage(): void {
    this.structure.close();
    this.doc.addPage({ size: this.layout.size, margin: 0 });
    this.y = this.top;
  }

  /** Makes room for `height` points, on a new page if need be. */
  need(height: number): void {
    if (this.y - height < this.layout.bottom) this.newPage();
  }

  gap(points: number): void {
    this.y -= points;
  }

  /** A structure element around what `draw` draws (a section, a table row, a figure). */
  element<T>(tag: Tag, draw: () => T, options: ElementOptions = {}): T {
    return this.structure.element(tag, draw, options);
  }

  /** Drawing that is not content (decoration, page furniture). */
  artifact(draw: () => void, type?: 'Pagination' | 'Layout'): void {
    this.structure.artifact(draw, type);
  }

  /** Text ready to lay out (see `printable`). */
  clean(raw: string, font: FontName = 'regular'): string {
    return printable(raw, this.charsets[font]).text;
  }

  /** The width of a word at 1000 points, kept. */
  private wordWidth(word: string, font: FontName): number {
    const key = `${font}\u0000${word}`;
    let width = wordWidths.get(key);
    if (width === undefined) {
      width = 0;
      for (const run of runs(word, this.charsets[font]))
        width += run.kind === 'missing' ? boxWidth(1000) : this.doc.font(font, 1000).widthOfString(run.text);
      if (wordWidths.size >= MAX_WORD_WIDTHS) wordWidths.clear();
      wordWidths.set(key, width);
    }
    return width;
  }

  /** The width of cleaned text: its words' widths and the spaces between them. */
  measure(text: string, font: FontName, size: number): number {
    const words = text.split(' ');
    let units = this.wordWidth(' ', font) * (words.length - 1);
    for (const word of words) if (word) units += this.wordWidth(word, font);
    return (units * size) / 1000;
  }

  /**
   * Splits cleaned text into lines no wider than `width`; a word longer than a line is broken. A line
   * that ends between words keeps a space at its end (not seen), so its text reads on as words apart.
   */
  wrap(text: string, font: FontName, size: number, width: number): string[] {
    const lines: string[] = [];
    for (const paragraph of text.split('\n')) {
      if (lines.length) lines.push(`${lines.pop()!} `);
      let line = '';
      for (const word of paragraph.split(' ').filter(Boolean)) {
        const candidate = line ? `${line} ${word}` : word;
        if (this.measure(candidate, font, size) <= width) {
          line = candidate;
          continue;
        }
        if (line) lines.push(`${line} `);
        line = this.breakWord(word, font, size, width, lines);
      }
      lines.push(line);
    }
    return lines;
  }

  /** Pushes the full-width pieces of a word too long for a line; returns what is left of it. */
  private breakWord(word: string, font: FontName, size: number, width: number, lines: string[]): string {
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

  /** Draws one line of cleaned text, its baseline at (x, y), as content of the innermost element. */
  drawLine(text: string, x: number, y: number, font: FontName, size: number, color: RGB): void {
    let at = x;
    for (const run of runs(text, this.charsets[font])) {
      if (run.kind === 'missing') at += this.drawMissing(run.text, at, y, size, color);
      else if (run.kind === 'ltr') at += this.show(run.text, at, y, font, size, color);
      else {
        // the font engine sets one right-to-left word at a time; the words go right to left too
        const words = run.text.split(' ');
        for (const [i, word] of words.reverse().entries()) {
          if (i > 0) at += this.measure(' ', font, size);
          at += this.show(word, at, y, font, size, color);
        }
      }
    }
  }

  /** Draws text the font has every glyph of, at its baseline; returns its width. */
  private show(text: string, x: number, y: number, font: FontName, size: number, color: RGB): number {
    this.structure.mark();
    this.doc.font(font, size).fillColor(rgb(color));
    this.doc.text(text, x, this.down(y), { lineBreak: false, baseline: 'alphabetic' });
    return this.doc.widthOfString(text);
  }

  /** An empty box for a character no font here can draw, read as the character itself; returns its width. */
  private drawMissing(grapheme: string, x: number, y: number, size: number, color: RGB): number {
    this.missing += 1;
    const w = boxWidth(size);
    const box = { x: x + w * 0.12, y: this.down(y - size * 0.05 + size * 0.72), w: w * 0.76, h: size * 0.72 };
    this.structure.actualText(grapheme, () =>
      this.doc.rect(box.x, box.y, box.w, box.h).lineWidth(0.7).stroke(rgb(color)),
    );
    return w;
  }

  private styleFont(style: TextStyle): FontName {
    return style.font ?? (style.bold ? 'bold' : 'regular');
  }

  /** A wrapped paragraph (one structure element), continued on the next page when it does not fit. */
  text(raw: string, style: TextStyle = {}): void {
    const size = style.size ?? 10;
    const font = this.styleFont(style);
    const indent = style.indent ?? 0;
    const x = this.margin + indent;
    const lineHeight = size * (style.leading ?? 1.35);
    const lines = this.wrap(this.clean(raw, font), font, size, style.width ?? this.width - indent);
    const language = style.lang ? { lang: style.lang } : {};
    this.element(
      style.tag ?? 'P',
      () => {
        for (const line of lines) {
          this.need(lineHeight);
          const rule = style.rule;
          if (rule) {
            const top = this.y + 1;
            this.rule({
              start: { x: x - 8, y: top },
              end: { x: x - 8, y: top - lineHeight },
              thickness: 2.5,
              color: rule,
            });
          }
          this.drawLine(line, x, this.y - size, font, size, style.colour ?? colour.ink);
          this.y -= lineHeight;
        }
      },
      language,
    );
  }

  /** A bold heading (H2 unless told), kept on the page with at least the start of what follows it. */
  heading(raw: string, size = 14, tag: Tag = 'H2'): void {
    this.need(size * 1.4 + 40);
    this.gap(size * 0.9);
    this.text(raw, { size, bold: true, leading: 1.25, tag });
    this.gap(size * 0.3);
  }

  /** Text cut to fit one line, ending in "…" when cut. */
  fit(raw: string, font: FontName, size: number, width: number): string {
    const text = this.clean(raw, font).replace(/\n/g, ' ');
    if (this.measure(text, font, size) <= width) return text;
    const chars = [...text];
    while (chars.length > 1 && this.measure(`${chars.join('')}…`, font, size) > width) chars.pop();
    return `${chars.join('').trimEnd()}…`;
  }

  /** A small label, white bold text on a coloured fill (a status). */
  label(raw: string, fill: RGB, size = 8): void {
    const text = this.clean(raw, 'bold');
    this.need(size + 10);
    const width = this.measure(text, 'bold', size) + 8;
    this.rect({ x: this.margin, y: this.y - size - 5, width, height: size + 5, color: fill });
    this.element('P', () => this.drawLine(text, this.margin + 4, this.y - size - 2, 'bold', size, colour.white));
    this.y -= size + 8;
  }

  /**
   * Paragraphs in a bordered box the width of the page (signed text, code), one P each: each line
   * kept as it is, wrapped only where wider than the box. `lineHeight` is in points.
   */
  framed(paragraphs: string[], style: { font?: FontName; size: number; lineHeight: number; border: RGB }): void {
    const font = style.font ?? 'regular';
    const pad = 8;
    const inner = this.width - 2 * pad;
    const laid = paragraphs.map((raw) => {
      const text = this.clean(raw, font);
      return this.measure(text, font, style.size) <= inner ? [text] : this.wrap(text, font, style.size, inner);
    });
    const height = laid.flat().length * style.lineHeight + 14;
    this.need(height);
    const { x, width } = { x: this.margin, width: this.width };
    this.rect({ x, y: this.y - height, width, height, borderColor: style.border, borderWidth: 0.75 });
    let y = this.y - 6;
    this.element('Div', () => {
      for (const lines of laid)
        this.element('P', () => {
          for (const line of lines) {
            y -= style.lineHeight;
            this.drawLine(line, x + pad, y, font, style.size, colour.ink);
          }
        });
    });
    this.y -= height;
  }

  /** A filled and/or bordered rectangle, as an artifact. */
  rect(r: Box & { color?: RGB; borderColor?: RGB; borderWidth?: number }): void {
    this.artifact(() => {
      this.doc.rect(r.x, this.down(r.y + r.height), r.width, r.height);
      if (r.borderColor) this.doc.lineWidth(r.borderWidth ?? 1);
      if (r.color && r.borderColor) this.doc.fillAndStroke(rgb(r.color), rgb(r.borderColor));
      else if (r.color) this.doc.fill(rgb(r.color));
      else if (r.borderColor) this.doc.stroke(rgb(r.borderColor));
    });
  }

  /** A straight line, as an artifact. */
  rule(l: { start: { x: number; y: number }; end: { x: number; y: number }; thickness: number; color: RGB }): void {
    this.artifact(() => {
      this.doc.moveTo(l.start.x, this.down(l.start.y)).lineTo(l.end.x, this.down(l.end.y));
      this.doc.lineWidth(l.thickness).stroke(rgb(l.color));
    });
  }

  /**
   * A figure with its alternative text: `draw` gets the document and the box's top left corner in
   * PDFKit's coordinates (from the top of the page).
   */
  figure(alt: string, box: Box, draw: (doc: PDFKit.PDFDocument, left: number, top: number) => void): void {
    const top = this.down(box.y + box.height);
    const bbox: [number, number, number, number] = [box.x, top, box.x + box.width, top + box.height];
    this.element(
      'Figure',
      () => {
        this.structure.mark();
        draw(this.doc, box.x, top);
      },
      { alt, bbox },
    );
  }

  /** Runs `draw` on every page so far, as page furniture (footers, page numbers). */
  eachPage(draw: (index: number, count: number) => void): void {
    this.structure.close();
    const { start, count } = this.doc.bufferedPageRange();
    for (let i = 0; i < count; i++) {
      this.doc.switchToPage(start + i);
      this.artifact(() => draw(i, count), 'Pagination');
    }
  }

  /** Embeds a file (shown in the reader's attachments). */
  attach(data: Buffer, name: string, about: { type: string; description: string; date: Date }): void {
    this.doc.file(data, {
      name,
      type: about.type,
      description: about.description,
      creationDate: about.date,
      modifiedDate: about.date,
    });
  }

  /** The finished PDF. */
  save(): Promise<Uint8Array> {
    this.structure.end();
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      this.doc.on('data', (chunk: Buffer) => chunks.push(chunk));
      this.doc.on('end', () => resolve(Buffer.concat(chunks)));
      this.doc.on('error', reject);
      this.doc.end();
    });
  }
}
