import { colour, createPdf, drawQr } from '../../../platform/pdf/index.ts';

// The complainant's slip as a one-page A5 tagged PDF: the station, the OB number, when it was recorded,
// the verification code and how to check it, with a QR code to the filled-in check.

const A5: [number, number] = [419.53, 595.28];

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
}

export async function slipPdf(slip: SlipPdfText): Promise<Uint8Array> {
  const w = createPdf(
    { title: slip.title, subject: `OB ${slip.obNumber}`, language: slip.language, date: slip.date },
    { margin: 36, size: A5 },
  );
  w.rect({ x: 0, y: A5[1] - 8, width: A5[0], height: 8, color: colour.brand });
  w.text(slip.title, { size: 16, bold: true, leading: 1.25, tag: 'H1' });
  w.text(slip.station, { size: 12, leading: 1.4 });
  w.gap(6);
  w.text(`OB ${slip.obNumber}`, { size: 22, bold: true, leading: 1.3 });
  w.gap(4);
  for (const [label, value] of slip.lines) {
    w.text(label, { size: 9, colour: colour.muted, leading: 1.3 });
    w.text(value, { size: 11, leading: 1.4 });
    w.gap(3);
  }
  w.gap(6);
  w.text(slip.codeLabel, { size: 9, colour: colour.muted, leading: 1.3 });
  w.text(slip.code, { size: 20, font: 'mono', leading: 1.3 });
  w.gap(8);
  w.text(slip.how, { size: 10, leading: 1.4 });
  w.gap(8);
  const size = 110;
  w.need(size + 20);
  drawQr(w, slip.verifyUrl, { x: w.margin, y: w.y - size, size, color: colour.ink, alt: `QR: ${slip.verifyUrl}` });
  w.text(slip.verifyPage, { size: 10, indent: size + 14, colour: colour.muted, leading: 1.3 });
  return w.save();
}
