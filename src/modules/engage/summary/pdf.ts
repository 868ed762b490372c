import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage, type RGB } from 'pdf-lib';
import { formatDateTime, type Locale, type Translate } from '../../../platform/i18n/index.ts';
import {
  askersText,
  asOfText,
  channelRows,
  commitmentMeta,
  formatCount,
  headlineFigures,
  noQuestionsText,
  stateText,
  summaryTitle,
  topicRows,
} from './format.ts';
import type { CommitmentStatus, SessionSummary } from './service.ts';

/*
 * The summary as an A4 PDF drawn with pdf-lib's standard Helvetica: nothing to embed, so the file
 * stays small for phones on slow data and renders the same in every reader. Helvetica prints
 * Windows-1252 (WinAnsi) only; question text outside it is made printable visibly: a letter with an
 * accent WinAnsi lacks (Kikuyu ĩ, ũ) is printed without the accent, anything else (emoji, other
 * scripts) as an empty box, and the PDF then says so and points to the page, which shows the exact
 * text. The charts are vector bars.
 */

const PAGE: [number, number] = [595.28, 841.89];
const MARGIN = 48;
const TOP = PAGE[1] - MARGIN;
const BOTTOM = MARGIN + 30;
const WIDTH = PAGE[0] - 2 * MARGIN;

const hex = (value: number): RGB => rgb(((value >> 16) & 255) / 255, ((value >> 8) & 255) / 255, (value & 255) / 255);
const colour = {
  ink: hex(0x0b0c0c),
  muted: hex(0x4a4f55),
  line: hex(0xb1b4b6),
  panel: hex(0xf3f2f1),
  brand: hex(0x0b3d2e),
  track: hex(0xd8dadc),
  white: hex(0xffffff),
  error: hex(0xb3261e),
  success: hex(0x00703c),
  link: hex(0x1d5aa8),
};
const statusColour: Record<CommitmentStatus, RGB> = { open: colour.link, done: colour.success, overdue: colour.error };

/** Marks, in text made printable, a character the font cannot print (drawn as an empty box). */
const MISSING = '\uE000';
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
  let text = '';
  let missing = 0;
  let simplified = 0;
  for (const { segment } of segmenter.segment(input)) {
    if (segment === '\n') {
      text += '\n';
      continue;
    }
    if (/^\s+$/u.test(segment)) {
      text += ' ';
      continue;
    }
    const plain = segment.replace(VARIATION, '');
    if (!plain || INVISIBLE.test(plain)) continue;
    if (fits(plain)) {
      text += plain;
      continue;
    }
    const base = plain.normalize('NFD').replace(/\p{M}/gu, '');
    if (base && fits(base)) {
      text += base;
      simplified += 1;
    } else {
      text += MISSING;
      missing += 1;
    }
  }
  return { text, missing, simplified };
}

interface TextStyle {
  size?: number;
  bold?: boolean;
  colour?: RGB;
  indent?: number;
  /** Width to wrap at (default: the rest of the line). */
  width?: number;
  /** Space between lines, as a multiple of the size. */
  leading?: number;
  /** A vertical rule left of the text (for answers). */
  rule?: RGB;
}

/** Lays text out down the pages, starting a new page when the next line would not fit. */
class Writer {
  page!: PDFPage;
  y = TOP;
  missing = 0;
  simplified = 0;
  private readonly charset: Set<number>;
  private readonly advances = new Map<PDFFont, Map<string, number>>();

  constructor(
    readonly doc: PDFDocument,
    readonly regular: PDFFont,
    readonly bold: PDFFont,
  ) {
    // Helvetica and Helvetica-Bold share WinAnsi
    this.charset = new Set(regular.getCharacterSet());
    this.newPage();
  }

  newPage(): void {
    this.page = this.doc.addPage(PAGE);
    this.y = TOP;
  }

  /** Makes room for `height` points, on a new page if need be. */
  need(height: number): void {
    if (this.y - height < BOTTOM) this.newPage();
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
  width(text: string, font: PDFFont, size: number): number {
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
        if (this.width(candidate, font, size) <= width) {
          line = candidate;
          continue;
        }
        if (line) lines.push(line);
        let rest = word;
        while (this.width(rest, font, size) > width) {
          let cut = 1;
          const chars = [...rest];
          while (cut < chars.length && this.width(chars.slice(0, cut + 1).join(''), font, size) <= width) cut += 1;
          lines.push(chars.slice(0, cut).join(''));
          rest = chars.slice(cut).join('');
        }
        line = rest;
      }
      lines.push(line);
    }
    return lines;
  }

  /** Draws one line of cleaned text at (x, y), the MISSING marks as empty boxes. */
  drawLine(text: string, x: number, y: number, font: PDFFont, size: number, color: RGB, page = this.page): void {
    let at = x;
    const parts = text.split(MISSING);
    parts.forEach((part, i) => {
      if (part) {
        page.drawText(part, { x: at, y, size, font, color });
        at += this.width(part, font, size);
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

  /** A wrapped paragraph, continued on the next page when it does not fit. */
  text(raw: string, style: TextStyle = {}): void {
    const size = style.size ?? 10;
    const font = style.bold ? this.bold : this.regular;
    const indent = style.indent ?? 0;
    const lineHeight = size * (style.leading ?? 1.35);
    for (const line of this.wrap(this.clean(raw), font, size, style.width ?? WIDTH - indent)) {
      this.need(lineHeight);
      const baseline = this.y - size;
      if (style.rule)
        this.page.drawLine({
          start: { x: MARGIN + indent - 8, y: this.y + 1 },
          end: { x: MARGIN + indent - 8, y: this.y - lineHeight + 1 },
          thickness: 2.5,
          color: style.rule,
        });
      this.drawLine(line, MARGIN + indent, baseline, font, size, style.colour ?? colour.ink);
      this.y -= lineHeight;
    }
  }

  heading(raw: string, size = 14): void {
    this.need(size * 1.4 + 40);
    this.gap(size * 0.9);
    this.text(raw, { size, bold: true, leading: 1.25 });
    this.gap(size * 0.3);
  }

  /** Text cut to fit one line, ending in "…" when cut. */
  fit(raw: string, font: PDFFont, size: number, width: number): string {
    const text = this.clean(raw).replace(/\n/g, ' ');
    if (this.width(text, font, size) <= width) return text;
    const chars = [...text];
    while (chars.length > 1 && this.width(`${chars.join('')}…`, font, size) > width) chars.pop();
    return `${chars.join('').trimEnd()}…`;
  }
}

const boxWidth = (size: number) => size * 0.62;

/** The headline figures as a row of panels. */
function figures(w: Writer, t: Translate, locale: Locale, s: SessionSummary): void {
  const items = headlineFigures(t, locale, s);
  const gap = 6;
  const boxW = (WIDTH - gap * (items.length - 1)) / items.length;
  const pad = 6;
  const inner = boxW - 2 * pad;
  const laid = items.map((f) => ({
    f,
    value: w.clean(f.value),
    label: w.wrap(w.clean(f.label), w.regular, 8.5, inner),
    detail: f.detail ? w.wrap(w.clean(f.detail), w.regular, 7.5, inner) : [],
  }));
  const height = Math.max(
    ...laid.map(
      (l) =>
        8 +
        22 +
        (l.f.share !== undefined ? 9 : 0) +
        l.label.length * 10.5 +
        (l.detail.length ? 3 + l.detail.length * 9 : 0) +
        6,
    ),
  );
  w.need(height);
  laid.forEach((l, i) => {
    const x = MARGIN + i * (boxW + gap);
    const top = w.y;
    w.page.drawRectangle({ x, y: top - height, width: boxW, height, color: colour.panel });
    w.page.drawRectangle({ x, y: top - 3, width: boxW, height: 3, color: colour.brand });
    let y = top - 8 - 18;
    w.drawLine(l.value, x + pad, y, w.bold, 20, colour.brand);
    y -= 6;
    if (l.f.share !== undefined) {
      w.page.drawRectangle({ x: x + pad, y: y - 5, width: inner, height: 5, color: colour.track });
      if (l.f.share > 0)
        w.page.drawRectangle({
          x: x + pad,
          y: y - 5,
          width: inner * Math.min(1, l.f.share),
          height: 5,
          color: colour.brand,
        });
      y -= 9;
    }
    for (const line of l.label) {
      y -= 10.5;
      w.drawLine(line, x + pad, y + 2, w.bold, 8.5, colour.ink);
    }
    if (l.detail.length) y -= 3;
    for (const line of l.detail) {
      y -= 9;
      w.drawLine(line, x + pad, y + 2, w.regular, 7.5, colour.muted);
    }
  });
  w.gap(height);
}

/** A horizontal bar chart: label, bar, value on each row; the values are printed, so no axis is needed. */
function barChart(w: Writer, title: string, rows: Array<{ label: string; value: number; valueText: string }>): void {
  const row = 17;
  const labelW = 165;
  const valueW = 60;
  const barX = MARGIN + labelW + 8;
  const barSpan = WIDTH - labelW - 8 - valueW;
  const max = Math.max(0, ...rows.map((r) => r.value));
  w.heading(title, 12);
  w.need(rows.length * row + 4);
  for (const r of rows) {
    const baseline = w.y - 12;
    w.drawLine(w.fit(r.label, w.regular, 9.5, labelW), MARGIN, baseline, w.regular, 9.5, colour.ink);
    const barW = r.value > 0 && max > 0 ? Math.max(1.5, (r.value / max) * barSpan) : 0;
    if (barW > 0) w.page.drawRectangle({ x: barX, y: baseline - 2, width: barW, height: 11, color: colour.brand });
    w.drawLine(w.clean(r.valueText), barX + barW + 5, baseline, w.bold, 9.5, colour.ink);
    w.y -= row;
  }
  w.page.drawLine({
    start: { x: barX - 0.5, y: w.y + rows.length * row - 1 },
    end: { x: barX - 0.5, y: w.y + 3 },
    thickness: 0.75,
    color: colour.muted,
  });
}

/** A small coloured label with white text (commitment status). */
function tag(w: Writer, raw: string, fill: RGB): void {
  const size = 8;
  const text = w.clean(raw);
  w.need(size + 10);
  const width = w.width(text, w.bold, size) + 8;
  w.page.drawRectangle({ x: MARGIN, y: w.y - size - 5, width, height: size + 5, color: fill });
  w.drawLine(text, MARGIN + 4, w.y - size - 2, w.bold, size, colour.white);
  w.y -= size + 8;
}

function footers(w: Writer, t: Translate, locale: Locale, s: SessionSummary, url: string): void {
  const pages = w.doc.getPages();
  const produced = w.clean(t('engage.summary.pdf.produced', { at: formatDateTime(locale, s.at) }));
  const online = w.fit(t('engage.summary.pdf.online', { url }), w.regular, 7.5, WIDTH - 80);
  pages.forEach((page, i) => {
    const y = MARGIN - 4;
    page.drawLine({
      start: { x: MARGIN, y: y + 16 },
      end: { x: MARGIN + WIDTH, y: y + 16 },
      thickness: 0.5,
      color: colour.line,
    });
    w.drawLine(produced, MARGIN, y + 6, w.regular, 7.5, colour.muted, page);
    w.drawLine(online, MARGIN, y - 4, w.regular, 7.5, colour.muted, page);
    const number = w.clean(
      t('engage.summary.pdf.page', { n: formatCount(locale, i + 1), total: formatCount(locale, pages.length) }),
    );
    w.drawLine(number, MARGIN + WIDTH - w.width(number, w.bold, 7.5), y + 6, w.bold, 7.5, colour.muted, page);
  });
}

export interface PdfOptions {
  t: Translate;
  locale: Locale;
  /** The summary page's full address, printed in the footer. */
  url: string;
}

/** The session's summary as a PDF, in the language given. */
export async function renderSummaryPdf(s: SessionSummary, { t, locale, url }: PdfOptions): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const title = summaryTitle(t, locale, s);
  doc.setTitle(title, { showInWindowTitleBar: true });
  doc.setSubject(t('engage.summary.pdf.subject'));
  doc.setAuthor(`Sauti — ${t('layout.brand.sub')}`);
  doc.setCreator('Sauti');
  doc.setProducer('Sauti (pdf-lib)');
  doc.setLanguage(locale === 'sw' ? 'sw-KE' : 'en-KE');
  doc.setCreationDate(s.at);
  doc.setModificationDate(s.at);
  const w = new Writer(
    doc,
    await doc.embedFont(StandardFonts.Helvetica),
    await doc.embedFont(StandardFonts.HelveticaBold),
  );

  // The masthead, as on the site
  w.page.drawRectangle({ x: 0, y: PAGE[1] - 40, width: PAGE[0], height: 40, color: colour.brand });
  w.drawLine('Sauti', MARGIN, PAGE[1] - 26, w.bold, 16, colour.white);
  w.drawLine(
    w.clean(t('layout.brand.sub')),
    MARGIN + w.width('Sauti', w.bold, 16) + 10,
    PAGE[1] - 25,
    w.regular,
    9.5,
    colour.white,
  );
  w.y = PAGE[1] - 40 - 22;

  w.text(title, { size: 18, bold: true, leading: 1.2 });
  w.gap(4);
  w.text(stateText(t, locale, s), { size: 10.5 });
  w.text(asOfText(t, locale, s), { size: 9, colour: colour.muted });
  w.gap(10);

  if (s.received.total === 0) {
    w.heading(t('engage.summary.figures.title'));
    w.text(noQuestionsText(t, s), { size: 10.5 });
  } else {
    figures(w, t, locale, s);
    barChart(w, t('engage.summary.topics.title'), topicRows(t, locale, s));
    barChart(w, t('engage.summary.channels.title'), channelRows(t, locale, s));

    w.heading(t('engage.summary.top.title'));
    if (s.top.length === 0) w.text(t('engage.summary.top.none'));
    else w.text(t('engage.summary.top.lead', { count: s.top.length }), { size: 9.5, colour: colour.muted });
    s.top.forEach((c, i) => {
      w.gap(6);
      w.need(60);
      w.drawLine(w.clean(`${formatCount(locale, i + 1)}.`), MARGIN, w.y - 11, w.bold, 11, colour.ink);
      w.text(`${t(`engage.topic.${c.topic}`)} · ${askersText(t, locale, c)}`, {
        size: 8.5,
        colour: colour.muted,
        indent: 18,
      });
      w.text(c.body, { size: 10.5, indent: 18 });
      if (c.answers.length === 0)
        w.text(t('engage.summary.top.notAnswered'), { size: 9, bold: true, colour: colour.muted, indent: 18 });
      for (const a of c.answers) {
        w.gap(2);
        w.text(t('engage.summary.top.answer', { at: formatDateTime(locale, a.at) }), {
          size: 8.5,
          colour: colour.muted,
          indent: 28,
          rule: colour.success,
        });
        w.text(a.body, { size: 10, bold: true, indent: 28, rule: colour.success });
      }
    });

    w.heading(t('engage.summary.urgent.title'));
    w.text(
      s.urgent.count === 0
        ? t('engage.summary.urgent.none')
        : t('engage.summary.urgent.lead', { count: s.urgent.count }),
    );
    for (const u of s.urgent.listed) {
      w.gap(6);
      w.text(u.body, { size: 10.5 });
      w.text(`${t('engage.caseOpened')}: ${u.reference}`, { size: 9.5, bold: true });
    }
    if (s.urgent.unlisted > 0) {
      w.gap(4);
      w.text(t('engage.summary.urgent.unlisted', { count: s.urgent.unlisted }), { size: 9, colour: colour.muted });
    }

    w.heading(t('engage.summary.commitments.title'));
    if (s.commitments.length === 0) w.text(t('engage.summary.commitments.none'));
    for (const c of s.commitments) {
      w.gap(6);
      w.need(50);
      tag(w, t(`engage.summary.status.${c.status}`), statusColour[c.status]);
      w.text(c.body, { size: 10.5 });
      w.text(commitmentMeta(t, locale, c), { size: 9, colour: colour.muted });
    }
  }

  w.heading(t('engage.summary.method.title'), 12);
  for (const key of ['received', 'clusters', 'privacy', 'times']) {
    w.text(t(`engage.summary.method.${key}`), { size: 9 });
    w.gap(3);
  }
  if (w.missing + w.simplified > 0) {
    w.gap(6);
    w.text(t('engage.summary.pdf.replaced'), { size: 9, bold: true });
  }

  footers(w, t, locale, s, url);
  return doc.save();
}
