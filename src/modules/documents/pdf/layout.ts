import { EVIDENCE_INFO_KEY } from '../log-evidence.ts';
import { formatDateTimeWithZone, type Locale, type Translate } from '../../../platform/i18n/index.ts';
import { A4, colour, createPdf, drawQrAtMargin, type PdfWriter, type RGB } from '../../../platform/pdf/index.ts';
import type { EntryKind } from '../../ob/index.ts';
import type { DocumentKind } from '../kinds.ts';

// An issued document on one A4 page, as the paper one: the service, the document and its number, the
// entry's facts, then (P3) the medical officer's part left empty, that it is free and where to report a
// demand for money, and its signed QR code with where to check it.

export interface PrintedDocument {
  kind: DocumentKind;
  number: string;
  language: Locale;
  holderName: string;
  stationName: string;
  obNumber: string;
  entryKind: EntryKind;
  occurredAt: Date;
  recordedAt: Date;
  issuedAt: Date;
  /** the text of its QR code (NPS1:..., Base45) */
  seal: string;
  /** printed beside its number, to check it without the QR code */
  checkCode: string;
  /** /report filled in as a demand for money at the station about this document, its kind and number (absolute) */
  reportUrl: string;
  /** where anyone checks a document (absolute) */
  verifyUrl: string;
  /** the national log's evidence of its entry (encodeEvidence), once a checkpoint holds the entry */
  logEvidence?: string | undefined;
  /** when and why the station's commander revoked it: the PDF says so above all else */
  revoked?: { at: Date; reason: string } | undefined;
}

/** About 40 mm, the size certificates with a signed QR code print theirs at. */
const QR_SIZE = (40 / 25.4) * 72;
const LABEL_WIDTH = 205;

function header(w: PdfWriter, d: PrintedDocument, t: Translate): void {
  w.rect({ x: 0, y: A4[1] - 10, width: A4[0], height: 10, color: colour.brand });
  w.text(t('documents.pdf.service').toUpperCase(), { size: 10, bold: true, colour: colour.brand, leading: 1.3 });
  w.gap(2);
  w.text(t(`documents.pdf.title.${d.kind}`), { size: 19, bold: true, leading: 1.2, tag: 'H1' });
  w.gap(4);
  w.text(`${t('documents.pdf.number')}: ${d.number}`, { size: 13, bold: true, leading: 1.4 });
  w.text(`${t('documents.pdf.checkCode')}: ${d.checkCode}`, { size: 11, leading: 1.4 });
  w.gap(6);
}

function revokedStamp(w: PdfWriter, d: PrintedDocument, revoked: { at: Date; reason: string }, t: Translate): void {
  w.label(t('documents.pdf.revoked.label'), colour.error, 12);
  const at = formatDateTimeWithZone(d.language, revoked.at);
  w.text(t('documents.pdf.revoked.body', { at, reason: revoked.reason }), {
    size: 10.5,
    bold: true,
    colour: colour.error,
    leading: 1.4,
  });
  w.gap(6);
}

/** Labelled facts as a two-column table, one row each (a row header and its value). */
function facts(w: PdfWriter, rows: Array<[string, string]>): void {
  const size = 10.5;
  const lineHeight = size * 1.4;
  const pad = 4.5;
  w.element('Table', () => {
    for (const [label, value] of rows) {
      const labels = w.wrap(w.clean(label), 'regular', 9.5, LABEL_WIDTH - 10);
      const values = w.wrap(w.clean(value, 'bold'), 'bold', size, w.width - LABEL_WIDTH);
      const height = Math.max(labels.length, values.length) * lineHeight + 2 * pad;
      w.need(height);
      const top = w.y;
      const line = (i: number) => top - pad - size - i * lineHeight;
      w.element('TR', () => {
        w.element(
          'TH',
          () => labels.forEach((text, i) => w.drawLine(text, w.margin, line(i), 'regular', 9.5, colour.muted)),
          { scope: 'Row' },
        );
        w.element('TD', () =>
          values.forEach((text, i) => w.drawLine(text, w.margin + LABEL_WIDTH, line(i), 'bold', size, colour.ink)),
        );
      });
      const bottom = top - height;
      w.rule({
        start: { x: w.margin, y: bottom },
        end: { x: w.margin + w.width, y: bottom },
        thickness: 0.5,
        color: colour.line,
      });
      w.y = bottom;
    }
  });
}

function factRows(d: PrintedDocument, t: Translate): Array<[string, string]> {
  const when = (date: Date) => formatDateTimeWithZone(d.language, date);
  return [
    [t('documents.pdf.field.ob'), `OB ${d.obNumber}`],
    [t('documents.pdf.field.station'), d.stationName],
    [t('documents.pdf.field.reportedAt'), when(d.recordedAt)],
    [t('documents.pdf.field.occurredAt'), when(d.occurredAt)],
    [t('documents.pdf.field.nature'), t(`documents.pdf.nature.${d.entryKind}`)],
    [t(d.kind === 'p3' ? 'documents.pdf.field.examinee' : 'documents.pdf.field.complainant'), d.holderName],
    [t('documents.pdf.field.issuedAt'), when(d.issuedAt)],
  ];
}

/** Part II of a P3 form: a marked, empty box the medical officer's part will fill. */
function medicalPart(w: PdfWriter, t: Translate): void {
  w.heading(t('documents.pdf.p3.partTwo'), 13);
  const height = 84;
  w.need(height);
  const top = w.y;
  w.rect({ x: w.margin, y: top - height, width: w.width, height, borderColor: colour.muted, borderWidth: 1 });
  w.gap(12);
  const inside = { indent: 12, width: w.width - 24 };
  w.text(t('documents.pdf.p3.notYet'), { ...inside, size: 11, bold: true, leading: 1.4 });
  w.gap(2);
  w.text(t('documents.pdf.p3.partTwoBody'), { ...inside, size: 9.5, colour: colour.muted, leading: 1.4 });
  w.y = Math.min(w.y, top - height);
}

/**
 * An address as one paragraph, broken only after its own separators (? & =) and never padded with a
 * space, so that what is copied from it is the address. (Left to the writer, an address is one long
 * word broken letter by letter, each break measured anew: a quarter of a document's time.)
 */
function address(w: PdfWriter, url: string, style: { indent: number; size: number; rule?: RGB }): void {
  const width = w.width - style.indent;
  const lines: string[] = [];
  let line = '';
  for (const piece of url.split(/(?<=[?&=])/)) {
    if (w.measure(line + piece, 'regular', style.size) <= width) {
      line += piece;
      continue;
    }
    if (line) lines.push(line);
    // a piece longer than a line is broken where it must be
    const broken = w.wrap(piece, 'regular', style.size, width);
    line = broken.pop() ?? '';
    lines.push(...broken);
  }
  lines.push(line);
  const lineHeight = style.size * 1.4;
  const x = w.margin + style.indent;
  w.element('P', () => {
    for (const text of lines) {
      w.need(lineHeight);
      if (style.rule)
        w.rule({
          start: { x: x - 8, y: w.y + 1 },
          end: { x: x - 8, y: w.y + 1 - lineHeight },
          thickness: 2.5,
          color: style.rule,
        });
      w.drawLine(text, x, w.y - style.size, 'regular', style.size, colour.link);
      w.y -= lineHeight;
    }
  });
}

/** About 27 mm: a phone reads an address of a few hundred characters from it on paper. */
const REPORT_QR_SIZE = (27 / 25.4) * 72;

/**
 * That it is free and where to report a demand for money, in the holder's language and then in the
 * other (tagged as such), beside a QR code of the report address, which follows in print.
 */
function freeNotice(w: PdfWriter, d: PrintedDocument, t: Translate, other: { t: Translate; lang: string }): void {
  // the heading stays with the code and what it says
  w.need(REPORT_QR_SIZE + 46);
  w.heading(t('documents.pdf.free.title'), 13);
  w.gap(2);
  const below = drawQrAtMargin(w, d.reportUrl, {
    size: REPORT_QR_SIZE,
    alt: t('documents.pdf.free.qrAlt', { url: d.reportUrl }),
    errorCorrection: 'M',
    mode: 'byte',
  });
  const beside = { indent: REPORT_QR_SIZE + 14, leading: 1.3 };
  w.text(t('documents.pdf.free.body'), { ...beside, size: 10, bold: true });
  w.text(t('documents.pdf.free.report'), { ...beside, size: 9.5 });
  w.gap(3);
  const otherText = `${other.t('documents.pdf.free.body')} ${other.t('documents.pdf.free.report')}`;
  w.text(otherText, { ...beside, size: 9.5, lang: other.lang });
  w.gap(2);
  address(w, w.clean(d.reportUrl), { indent: beside.indent, size: 8.5 });
  below();
}

function check(w: PdfWriter, d: PrintedDocument, t: Translate): void {
  // the heading stays with the code and what it says
  w.need(QR_SIZE + 36);
  w.heading(t('documents.pdf.check.title'), 13);
  w.gap(2);
  const below = drawQrAtMargin(w, d.seal, {
    size: QR_SIZE,
    alt: t('documents.pdf.qr.alt', { seal: d.seal }),
    errorCorrection: 'Q',
    mode: 'alphanumeric',
  });
  const beside = { indent: QR_SIZE + 18, leading: 1.4 };
  w.gap(6);
  w.text(t('documents.pdf.check.at', { url: d.verifyUrl }), { ...beside, size: 10.5, bold: true });
  w.gap(4);
  w.text(t('documents.pdf.check.how'), { ...beside, size: 9.5 });
  w.gap(2);
  w.text(t('documents.pdf.check.code', { code: d.checkCode }), { ...beside, size: 9.5 });
  below();
}

const languageTag = (locale: Locale) => (locale === 'sw' ? 'sw-KE' : 'en-KE');

/**
 * The document's PDF: tagged, in its holder's language, on one A4 page; that it is free is said in
 * the other language too.
 */
export function drawDocument(
  d: PrintedDocument,
  texts: { translator(locale: Locale): Translate },
): Promise<Uint8Array> {
  const t = texts.translator(d.language);
  const otherLocale: Locale = d.language === 'sw' ? 'en' : 'sw';
  const title = `${t(`documents.pdf.title.${d.kind}`)} ${d.number}`;
  const w = createPdf(
    {
      title,
      subject: `OB ${d.obNumber}, ${d.stationName}`,
      author: t('documents.pdf.service'),
      // the seal again, where `sauti verify document.pdf` reads it without a QR reader
      keywords: d.seal,
      language: languageTag(d.language),
      date: d.issuedAt,
      ...(d.logEvidence ? { extra: { [EVIDENCE_INFO_KEY]: d.logEvidence } } : {}),
    },
    { margin: 44, bottom: 66 },
  );
  header(w, d, t);
  if (d.revoked) revokedStamp(w, d, d.revoked, t);
  if (d.kind === 'p3') {
    w.heading(t('documents.pdf.p3.partOne'), 13);
    w.text(t('documents.pdf.p3.lead'), { size: 10, leading: 1.4 });
  } else w.text(t('documents.pdf.abstract.lead'), { size: 10, leading: 1.4 });
  w.gap(6);
  facts(w, factRows(d, t));
  if (d.kind === 'p3') medicalPart(w, t);
  freeNotice(w, d, t, { t: texts.translator(otherLocale), lang: languageTag(otherLocale) });
  check(w, d, t);
  w.eachPage((i, count) => {
    const footer = `${d.number} · ${t('documents.pdf.service')}${count > 1 ? ` · ${i + 1}/${count}` : ''}`;
    w.drawLine(w.clean(footer), w.margin, w.margin - 8, 'regular', 8, colour.muted);
  });
  return w.save();
}
