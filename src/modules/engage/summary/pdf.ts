import { formatDateTime, type Locale, type Translate } from '../../../platform/i18n/index.ts';
import { colour, createPdf, type PdfWriter, type RGB } from '../../../platform/pdf/index.ts';
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

export { printable, type Printable } from '../../../platform/pdf/index.ts';

/*
 * The summary as a tagged A4 PDF: questions print as written (Kiswahili, Kikuyu, names in other
 * scripts) in the embedded DejaVu fonts; a character those fonts lack (some emoji, scripts such as
 * Chinese) prints as an empty box, its text kept for screen readers, and the PDF then says so and
 * points to the page. The charts are vector bars, drawn as artifacts beside tables of their figures.
 */

const statusColour: Record<CommitmentStatus, RGB> = { open: colour.link, done: colour.success, overdue: colour.error };

/** The headline figures as a row of panels. */
function figures(w: PdfWriter, t: Translate, locale: Locale, s: SessionSummary): void {
  const items = headlineFigures(t, locale, s);
  const gap = 6;
  const boxW = (w.width - gap * (items.length - 1)) / items.length;
  const pad = 6;
  const inner = boxW - 2 * pad;
  const laid = items.map((f) => ({
    f,
    value: w.clean(f.value, 'bold'),
    label: w.wrap(w.clean(f.label, 'bold'), 'bold', 8.5, inner),
    detail: f.detail ? w.wrap(w.clean(f.detail), 'regular', 7.5, inner) : [],
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
    const x = w.margin + i * (boxW + gap);
    const top = w.y;
    w.rect({ x, y: top - height, width: boxW, height, color: colour.panel });
    w.rect({ x, y: top - 3, width: boxW, height: 3, color: colour.brand });
    let y = top - 8 - 18;
    // one paragraph per panel: the figure, then what it counts
    w.element('P', () => {
      // each piece ends in a space, so the lines read as words apart
      w.drawLine(`${l.value} `, x + pad, y, 'bold', 20, colour.brand);
      y -= 6;
      if (l.f.share !== undefined) {
        w.rect({ x: x + pad, y: y - 5, width: inner, height: 5, color: colour.track });
        if (l.f.share > 0)
          w.rect({ x: x + pad, y: y - 5, width: inner * Math.min(1, l.f.share), height: 5, color: colour.brand });
        y -= 9;
      }
      for (const line of l.label) {
        y -= 10.5;
        w.drawLine(`${line.trimEnd()} `, x + pad, y + 2, 'bold', 8.5, colour.ink);
      }
      if (l.detail.length) y -= 3;
      for (const line of l.detail) {
        y -= 9;
        w.drawLine(`${line.trimEnd()} `, x + pad, y + 2, 'regular', 7.5, colour.muted);
      }
    });
  });
  w.gap(height);
}

/** A horizontal bar chart: label, bar, value on each row; the values are printed, so no axis is needed. */
function barChart(w: PdfWriter, title: string, rows: Array<{ label: string; value: number; valueText: string }>): void {
  const row = 17;
  const labelW = 165;
  const valueW = 60;
  const barX = w.margin + labelW + 8;
  const barSpan = w.width - labelW - 8 - valueW;
  const max = Math.max(0, ...rows.map((r) => r.value));
  w.heading(title, 12);
  w.need(rows.length * row + 4);
  // a table of the figures (a row header and its value); the bars beside them only decorate
  w.element('Table', () => {
    for (const r of rows) {
      const baseline = w.y - 12;
      const barW = r.value > 0 && max > 0 ? Math.max(1.5, (r.value / max) * barSpan) : 0;
      w.element('TR', () => {
        const label = w.fit(r.label, 'regular', 9.5, labelW);
        w.element('TH', () => w.drawLine(label, w.margin, baseline, 'regular', 9.5, colour.ink), { scope: 'Row' });
        if (barW > 0) w.rect({ x: barX, y: baseline - 2, width: barW, height: 11, color: colour.brand });
        const value = w.clean(r.valueText, 'bold');
        w.element('TD', () => w.drawLine(value, barX + barW + 5, baseline, 'bold', 9.5, colour.ink));
      });
      w.y -= row;
    }
  });
  w.rule({
    start: { x: barX - 0.5, y: w.y + rows.length * row - 1 },
    end: { x: barX - 0.5, y: w.y + 3 },
    thickness: 0.75,
    color: colour.muted,
  });
}

/** On every page: when it was produced, where it is online, and the page number. */
function footers(w: PdfWriter, t: Translate, locale: Locale, s: SessionSummary, url: string): void {
  const produced = w.clean(t('engage.summary.pdf.produced', { at: formatDateTime(locale, s.at) }));
  const online = w.fit(t('engage.summary.pdf.online', { url }), 'regular', 7.5, w.width - 80);
  // page furniture: marked as pagination artifacts, read once in the document's own text if at all
  w.eachPage((i, count) => {
    const y = w.margin - 4;
    w.rule({
      start: { x: w.margin, y: y + 16 },
      end: { x: w.margin + w.width, y: y + 16 },
      thickness: 0.5,
      color: colour.line,
    });
    w.drawLine(produced, w.margin, y + 6, 'regular', 7.5, colour.muted);
    w.drawLine(online, w.margin, y - 4, 'regular', 7.5, colour.muted);
    const number = w.clean(
      t('engage.summary.pdf.page', { n: formatCount(locale, i + 1), total: formatCount(locale, count) }),
      'bold',
    );
    w.drawLine(number, w.margin + w.width - w.measure(number, 'bold', 7.5), y + 6, 'bold', 7.5, colour.muted);
  });
}

export interface PdfOptions {
  t: Translate;
  locale: Locale;
  /** The summary page's full address, printed in the footer. */
  url: string;
}

/** The masthead, as on the site. */
function masthead(w: PdfWriter, t: Translate): void {
  const [pageWidth, pageHeight] = w.layout.size;
  w.rect({ x: 0, y: pageHeight - 40, width: pageWidth, height: 40, color: colour.brand });
  w.element('P', () => {
    w.drawLine('Sauti ', w.margin, pageHeight - 26, 'bold', 16, colour.white);
    w.drawLine(
      w.clean(t('layout.brand.sub')),
      w.margin + w.measure('Sauti', 'bold', 16) + 10,
      pageHeight - 25,
      'regular',
      9.5,
      colour.white,
    );
  });
  w.y = pageHeight - 40 - 22;
}

/** The most asked clusters, numbered, each with the answers it got. */
function topQuestions(w: PdfWriter, t: Translate, locale: Locale, s: SessionSummary): void {
  w.heading(t('engage.summary.top.title'));
  if (s.top.length === 0) w.text(t('engage.summary.top.none'));
  else w.text(t('engage.summary.top.lead', { count: s.top.length }), { size: 9.5, colour: colour.muted });
  if (s.top.length > 0) w.element('L', () => s.top.forEach((c, i) => topQuestion(w, t, locale, c, i)));
}

/** One numbered cluster: its topic and askers, the question, and each answer. */
function topQuestion(w: PdfWriter, t: Translate, locale: Locale, c: SessionSummary['top'][number], i: number): void {
  w.gap(6);
  w.need(60);
  w.element('LI', () => {
    const number = w.clean(`${formatCount(locale, i + 1)}. `, 'bold');
    w.element('Lbl', () => w.drawLine(number, w.margin, w.y - 11, 'bold', 11, colour.ink));
    w.element('LBody', () => {
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
  });
}

/** The questions that became urgent cases. */
function urgentCases(w: PdfWriter, t: Translate, s: SessionSummary): void {
  w.heading(t('engage.summary.urgent.title'));
  w.text(
    s.urgent.count === 0 ? t('engage.summary.urgent.none') : t('engage.summary.urgent.lead', { count: s.urgent.count }),
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
}

/** What was promised, each with its status. */
function commitments(w: PdfWriter, t: Translate, locale: Locale, s: SessionSummary): void {
  w.heading(t('engage.summary.commitments.title'));
  if (s.commitments.length === 0) w.text(t('engage.summary.commitments.none'));
  for (const c of s.commitments) {
    w.gap(6);
    w.need(50);
    w.label(t(`engage.summary.status.${c.status}`), statusColour[c.status]);
    w.text(c.body, { size: 10.5 });
    w.text(commitmentMeta(t, locale, c), { size: 9, colour: colour.muted });
  }
}

/** How the figures were counted, and a word when some text could not be printed as written. */
function method(w: PdfWriter, t: Translate): void {
  w.heading(t('engage.summary.method.title'), 12);
  for (const key of ['received', 'clusters', 'privacy', 'times']) {
    w.text(t(`engage.summary.method.${key}`), { size: 9 });
    w.gap(3);
  }
  if (w.missing > 0) {
    w.gap(6);
    w.text(t('engage.summary.pdf.replaced'), { size: 9, bold: true });
  }
}

/** The session's summary as a PDF, in the language given. */
export async function renderSummaryPdf(s: SessionSummary, { t, locale, url }: PdfOptions): Promise<Uint8Array> {
  const title = summaryTitle(t, locale, s);
  const w = createPdf({
    title,
    subject: t('engage.summary.pdf.subject'),
    author: `Sauti — ${t('layout.brand.sub')}`,
    producer: 'Sauti (PDFKit)',
    language: locale === 'sw' ? 'sw-KE' : 'en-KE',
    date: s.at,
  });
  masthead(w, t);
  w.text(title, { size: 18, bold: true, leading: 1.2, tag: 'H1' });
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
    topQuestions(w, t, locale, s);
    urgentCases(w, t, s);
    commitments(w, t, locale, s);
  }
  method(w, t);
  footers(w, t, locale, s, url);
  return w.save();
}
