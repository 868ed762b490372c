import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFString, decodePDFRawStream } from 'pdf-lib';
import { A4, colour, createPdf, drawQr, type PdfWriter } from '../../platform/pdf/index.ts';
import { unpacksWithinBounds } from './pdf-bounds.ts';
import { RECEIPT_ATTACHMENT, RECEIPT_FORMAT, canonicalReceiptBytes, type SignedReceipt } from './receipts.ts';

/*
 * A receipt as a one-page A4 tagged PDF: the caller's title and lines (already translated), the signed
 * fields exactly as signed (the canonical text, in a monospaced font), a QR code to the verification
 * page, and the receipt JSON attached as `sauti-receipt.json`, so the PDF itself can be checked
 * offline (`sauti verify receipt.pdf`) or uploaded at /verify. PDFKit writes it; reading the
 * attachment back stays with pdf-lib (PDFKit cannot read), behind the bounds check of pdf-bounds.ts.
 */

/** Attaches the receipt JSON, dated when the registry received it. */
function attachReceipt(w: PdfWriter, receipt: SignedReceipt, received: Date): void {
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
  w.attach(Buffer.from(`${json}\n`, 'utf8'), RECEIPT_ATTACHMENT, {
    type: 'application/json',
    description: 'Signed receipt (JSON): check it at the verification page or with `sauti verify`',
    date: received,
  });
}

/** The brand bar, the title and the caller's lines. */
function drawHeading(w: PdfWriter, title: string, lines: string[]): void {
  w.rect({ x: 0, y: A4[1] - 10, width: A4[0], height: 10, color: colour.brand });
  w.gap(4);
  w.text(title, { size: 18, bold: true, leading: 22 / 18, tag: 'H1' });
  w.gap(10);
  for (const line of lines) {
    w.text(line, { size: 11, leading: 15 / 11 });
    w.gap(5);
  }
}

/** The signed text, exactly as signed, then the signature, in a box. */
function drawSignedText(w: PdfWriter, receipt: SignedReceipt): void {
  const signed = canonicalReceiptBytes(receipt).toString('utf8');
  w.gap(10);
  w.framed([...signed.trimEnd().split('\n'), `signature:${receipt.signature}`], {
    font: 'mono',
    size: 8.5,
    lineHeight: 12,
    border: colour.muted,
  });
  w.gap(14);
}

/** The QR code to the verification page, with its address beside it. */
function drawVerifyLink(w: PdfWriter, verifyUrl: string): void {
  drawQr(w, verifyUrl, { x: w.margin, y: w.y - 120, size: 120, color: colour.ink, alt: `QR: ${verifyUrl}` });
  w.gap(7);
  w.text(verifyUrl, { size: 10, leading: 1.3, indent: 136, colour: colour.muted });
}

export async function receiptPdf(
  receipt: SignedReceipt,
  options: { title: string; verifyUrl: string; lines?: string[]; /** BCP 47 (default en-KE) */ language?: string },
): Promise<Uint8Array> {
  // checked before anything is drawn: a receipt out of its canonical form is refused
  canonicalReceiptBytes(receipt);
  const received = new Date(receipt.receivedAt);
  const w = createPdf(
    {
      title: options.title,
      subject: `${receipt.registryNumber} ${RECEIPT_FORMAT}`,
      language: options.language ?? 'en-KE',
      date: received,
    },
    { margin: 56 },
  );
  attachReceipt(w, receipt, received);
  drawHeading(w, options.title, options.lines ?? []);
  drawSignedText(w, receipt);
  drawVerifyLink(w, options.verifyUrl);
  return w.save();
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
