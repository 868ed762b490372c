import {
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFRawStream,
  PDFString,
  StandardFonts,
  decodePDFRawStream,
  rgb,
  type PDFFont,
  type PDFPage,
} from 'pdf-lib';
import { unpacksWithinBounds } from './pdf-bounds.ts';
import QRCode from 'qrcode';
import { RECEIPT_ATTACHMENT, RECEIPT_FORMAT, canonicalReceiptBytes, type SignedReceipt } from './receipts.ts';

/*
 * A receipt as a one-page A4 PDF: the caller's title and lines (already translated), the signed
 * fields exactly as signed (the canonical text, in Courier), a QR code to the verification page,
 * and the receipt JSON attached as `sauti-receipt.json`, so the PDF itself can be checked offline
 * (`sauti verify receipt.pdf`) or uploaded at /verify. Standard fonts only: nothing embedded, small.
 */

const PAGE: [number, number] = [595.28, 841.89];
const MARGIN = 56;
const WIDTH = PAGE[0] - 2 * MARGIN;
const ink = rgb(0.04, 0.05, 0.05);
const muted = rgb(0.29, 0.31, 0.33);
const brand = rgb(0.04, 0.24, 0.18);

/** Text Helvetica/Courier (WinAnsi) can print: accents it lacks dropped, anything else as "?". */
function printable(font: PDFFont, text: string): string {
  let out = '';
  for (const ch of text.replace(/[\r\n\t]+/g, ' ')) {
    for (const candidate of [ch, ch.normalize('NFKD').replace(/\p{M}/gu, ''), '?']) {
      try {
        font.encodeText(candidate);
        out += candidate;
        break;
      } catch {
        // try the next
      }
    }
  }
  return out;
}

function wrap(font: PDFFont, size: number, text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of printable(font, text).split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(next, size) <= width || !line) line = next;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  // a single word wider than the line (a URL): cut it
  return lines.flatMap((l) => {
    const parts: string[] = [];
    let rest = l;
    while (font.widthOfTextAtSize(rest, size) > width && rest.length > 1) {
      let n = rest.length;
      while (n > 1 && font.widthOfTextAtSize(rest.slice(0, n), size) > width) n--;
      parts.push(rest.slice(0, n));
      rest = rest.slice(n);
    }
    parts.push(rest);
    return parts;
  });
}

function drawQr(page: PDFPage, text: string, x: number, y: number, size: number): void {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const cell = size / modules.size;
  for (let row = 0; row < modules.size; row++) {
    let col = 0;
    while (col < modules.size) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < modules.size && modules.get(row, col)) col++;
      page.drawRectangle({
        x: x + start * cell,
        y: y + size - (row + 1) * cell,
        width: (col - start) * cell,
        height: cell,
        color: ink,
      });
    }
  }
}

/** The document with its metadata and the receipt JSON attached, dated when the registry received it. */
async function receiptDocument(receipt: SignedReceipt, title: string): Promise<PDFDocument> {
  const json = JSON.stringify(
    {
      registryNumber: receipt.registryNumber,
      sha256: receipt.sha256,
      receivedAt: receipt.receivedAt,
      issuer: receipt.issuer,
      keyId: receipt.keyId,
      signature: receipt.signature,
    },
    null,
    2,
  );
  const received = new Date(receipt.receivedAt);
  const pdf = await PDFDocument.create();
  pdf.setTitle(title);
  pdf.setSubject(`${receipt.registryNumber} ${RECEIPT_FORMAT}`);
  pdf.setCreator('Sauti');
  pdf.setProducer('Sauti');
  pdf.setCreationDate(received);
  pdf.setModificationDate(received);
  await pdf.attach(Buffer.from(`${json}\n`, 'utf8'), RECEIPT_ATTACHMENT, {
    mimeType: 'application/json',
    description: 'Signed receipt (JSON): check it at the verification page or with `sauti verify`',
    creationDate: received,
    modificationDate: received,
  });
  return pdf;
}

interface Fonts {
  sans: PDFFont;
  bold: PDFFont;
  mono: PDFFont;
}

/** The brand bar, the title and the caller's lines; returns where the next block begins. */
function drawHeading(page: PDFPage, fonts: Fonts, title: string, lines: string[]): number {
  const { sans, bold } = fonts;
  let y = PAGE[1] - MARGIN;
  page.drawRectangle({ x: 0, y: PAGE[1] - 10, width: PAGE[0], height: 10, color: brand });
  for (const line of wrap(bold, 18, title, WIDTH)) {
    y -= 22;
    page.drawText(line, { x: MARGIN, y, size: 18, font: bold, color: ink });
  }
  y -= 10;
  for (const text of lines) {
    for (const line of wrap(sans, 11, text, WIDTH)) {
      y -= 15;
      page.drawText(line, { x: MARGIN, y, size: 11, font: sans, color: ink });
    }
    y -= 5;
  }
  return y;
}

/** The signed text, exactly as signed, then the signature, in a box; returns where the next block begins. */
function drawSignedText(page: PDFPage, mono: PDFFont, receipt: SignedReceipt, top: number): number {
  const signed = canonicalReceiptBytes(receipt).toString('utf8');
  let y = top - 14;
  const monoSize = 8.5;
  const monoLines = [
    ...signed.trimEnd().split('\n'),
    ...wrap(mono, monoSize, `signature:${receipt.signature}`, WIDTH - 16),
  ];
  const boxHeight = monoLines.length * 12 + 14;
  page.drawRectangle({
    x: MARGIN,
    y: y - boxHeight,
    width: WIDTH,
    height: boxHeight,
    borderColor: muted,
    borderWidth: 0.75,
  });
  y -= 6;
  for (const line of monoLines) {
    y -= 12;
    page.drawText(printable(mono, line), { x: MARGIN + 8, y, size: monoSize, font: mono, color: ink });
  }
  return y - 22;
}

/** The QR code to the verification page, with its address beside it. */
function drawVerifyLink(page: PDFPage, sans: PDFFont, verifyUrl: string, y: number): void {
  const qrSize = 120;
  drawQr(page, verifyUrl, MARGIN, y - qrSize, qrSize);
  let textY = y - 4;
  for (const line of wrap(sans, 10, verifyUrl, WIDTH - qrSize - 16)) {
    textY -= 13;
    page.drawText(line, { x: MARGIN + qrSize + 16, y: textY, size: 10, font: sans, color: muted });
  }
}

export async function receiptPdf(
  receipt: SignedReceipt,
  options: { title: string; verifyUrl: string; lines?: string[] },
): Promise<Uint8Array> {
  // checked before anything is drawn: a receipt out of its canonical form is refused
  canonicalReceiptBytes(receipt);
  const pdf = await receiptDocument(receipt, options.title);
  const page = pdf.addPage(PAGE);
  const fonts: Fonts = {
    sans: await pdf.embedFont(StandardFonts.Helvetica),
    bold: await pdf.embedFont(StandardFonts.HelveticaBold),
    mono: await pdf.embedFont(StandardFonts.Courier),
  };
  const y = drawSignedText(page, fonts.mono, receipt, drawHeading(page, fonts, options.title, options.lines ?? []));
  drawVerifyLink(page, fonts.sans, options.verifyUrl, y);
  return pdf.save();
}

function text(value: unknown): string | undefined {
  return value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : undefined;
}

/**
 * The receipt JSON attached to a receipt PDF (parsed, not yet checked), or undefined when the bytes
 * are not a PDF or carry no receipt. Never throws.
 */
export async function receiptFromPdf(bytes: Uint8Array): Promise<unknown> {
  // a PDF that unpacks to more than a receipt ever could is not parsed at all
  if (!unpacksWithinBounds(bytes)) return undefined;
  try {
    const pdf = await PDFDocument.load(bytes, {
      updateMetadata: false,
      ignoreEncryption: true,
      throwOnInvalidObject: false,
    });
    for (const [, object] of pdf.context.enumerateIndirectObjects()) {
      if (!(object instanceof PDFDict) || object.get(PDFName.of('Type')) !== PDFName.of('Filespec')) continue;
      const name = text(object.get(PDFName.of('UF'))) ?? text(object.get(PDFName.of('F')));
      if (name !== RECEIPT_ATTACHMENT) continue;
      const ef = object.lookupMaybe(PDFName.of('EF'), PDFDict);
      const ref = ef?.get(PDFName.of('F'));
      const stream = ref ? pdf.context.lookup(ref) : undefined;
      if (!(stream instanceof PDFRawStream) || stream.contents.length > 64 * 1024) continue;
      const data = decodePDFRawStream(stream).decode();
      if (data.length > 64 * 1024) continue;
      return JSON.parse(Buffer.from(data).toString('utf8')) as unknown;
    }
  } catch {
    // not a PDF, or a damaged one
  }
  return undefined;
}
