import { colour, createPdf, drawQrAtMargin, type PdfWriter } from '../../../platform/pdf/index.ts';

// The complainant's slip as a one-page A5 tagged PDF: the station, the OB number, when it was recorded,
// the verification code and how to check it, with a QR code to the filled-in check; then that abstracts
// and P3 forms are free and where to report a demand for money, in both languages, with a QR code of
// the filled-in report address.

const A5: [number, number] = [419.53, 595.28];

/** What the slip says about free documents, in one language. */
export interface SlipFreeText {
  /** BCP 47 (en-KE, sw-KE) */
  language: string;
  /** that documents are free and asked for with the slip (where) */
  ask: string;
  /** that a demand for money is reported (the code and the address follow) */
  report: string;
}

export interface SlipPdfText {
  title: string;
  station: string;
  obNumber: string;
  /** labelled lines: [label, value] */
  lines: Array<[string, string]>;
  codeLabel: string;
  code: string;
  how: string;
  verifyUrl: string;
  /** the address shown under the QR code (without the prefilled query) */
  verifyPage: string;
  language: string;
  date: Date;
  free: {
    title: string;
    /** the slip's language, then the other */
    texts: [SlipFreeText, SlipFreeText];
    /** /report filled in (absolute): printed, and the QR code's text */
    reportUrl: string;
    /** the report QR code's alternative text */
    qrAlt: string;
  };
}

/** About 35 mm, the check's QR code. */
const CHECK_QR = 100;
/** About 28 mm, the report address's. */
const REPORT_QR = (28 / 25.4) * 72;

/** Free documents and reporting a demand for money: the texts in both languages beside the report QR code. */
function freeNotice(w: PdfWriter, free: SlipPdfText['free']): void {
  w.need(REPORT_QR + 30);
  w.rule({
    start: { x: w.margin, y: w.y },
    end: { x: w.margin + w.width, y: w.y },
    thickness: 0.75,
    color: colour.line,
  });
  w.gap(6);
  w.text(free.title, { size: 11, bold: true, leading: 1.25, tag: 'H2' });
  w.gap(2);
  const below = drawQrAtMargin(w, free.reportUrl, {
    size: REPORT_QR,
    alt: free.qrAlt,
    errorCorrection: 'M',
    mode: 'byte',
  });
  const beside = { indent: REPORT_QR + 10, leading: 1.3, size: 8.5 };
  for (const [i, text] of free.texts.entries()) {
    const lang = i === 0 ? {} : { lang: text.language };
    if (i > 0) w.gap(3);
    w.text(text.ask, { ...beside, ...lang, bold: true });
    w.text(text.report, { ...beside, ...lang });
  }
  w.gap(1);
  w.text(free.reportUrl, { ...beside, size: 7.5, colour: colour.link, leading: 1.25 });
  below();
}

export async function slipPdf(slip: SlipPdfText): Promise<Uint8Array> {
  const w = createPdf(
    { title: slip.title, subject: `OB ${slip.obNumber}`, language: slip.language, date: slip.date },
    { margin: 36, bottom: 40, size: A5 },
  );
  w.rect({ x: 0, y: A5[1] - 8, width: A5[0], height: 8, color: colour.brand });
  w.text(slip.title, { size: 16, bold: true, leading: 1.25, tag: 'H1' });
  w.text(slip.station, { size: 12, leading: 1.4 });
  w.gap(4);
  w.text(`OB ${slip.obNumber}`, { size: 22, bold: true, leading: 1.3 });
  w.gap(2);
  for (const [label, value] of slip.lines) {
    w.text(label, { size: 9, colour: colour.muted, leading: 1.3 });
    w.text(value, { size: 11, leading: 1.4 });
    w.gap(3);
  }
  w.gap(2);
  w.text(slip.codeLabel, { size: 9, colour: colour.muted, leading: 1.3 });
  w.text(slip.code, { size: 20, font: 'mono', leading: 1.3 });
  w.gap(4);
  w.text(slip.how, { size: 9.5, leading: 1.35 });
  w.gap(6);
  w.need(CHECK_QR + 12);
  const belowCheck = drawQrAtMargin(w, slip.verifyUrl, { size: CHECK_QR, alt: `QR: ${slip.verifyUrl}` });
  w.text(slip.verifyPage, { size: 10, indent: CHECK_QR + 14, colour: colour.muted, leading: 1.3 });
  belowCheck();
  w.gap(10);
  freeNotice(w, slip.free);
  return w.save();
}
