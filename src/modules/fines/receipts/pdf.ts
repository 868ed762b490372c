import type { Locale, Translate } from '../../../platform/i18n/index.ts';
import { A4, colour, createPdf, drawQrAtMargin } from '../../../platform/pdf/index.ts';
import { money, receiptFacts, type ReceiptView } from './page.tsx';

// A receipt as a one-page tagged A4 PDF: the facts, and the signed QR code as police abstracts print
// theirs (alphanumeric, error correction Q); the QR text again in the Keywords, where
// `sauti verify receipt.pdf` reads it without a QR reader.

const QR_SIZE = (40 / 25.4) * 72;

export function receiptPdf(receipt: ReceiptView, locale: Locale, t: Translate, verifyUrl: string): Promise<Uint8Array> {
  const title = t('fines.receipts.title', { number: receipt.number });
  const w = createPdf(
    {
      title,
      subject: `${receipt.noticeNumber}, ${receipt.registration}, ${receipt.stationName}`,
      author: receipt.stationName,
      keywords: receipt.seal,
      language: locale === 'sw' ? 'sw-KE' : 'en-KE',
      date: receipt.issuedAt,
    },
    { margin: 44 },
  );
  w.rect({ x: 0, y: A4[1] - 10, width: A4[0], height: 10, color: colour.brand });
  w.text(title, { size: 18, bold: true, leading: 1.25, tag: 'H1' });
  w.text(t('fines.receipts.paid', { amount: money(locale, receipt.amountCents) }), {
    size: 14,
    bold: true,
    leading: 1.4,
  });
  w.text(t('fines.receipts.lead'), { size: 10.5, leading: 1.4 });
  w.gap(6);
  for (const [label, value] of receiptFacts(t, locale, receipt))
    w.text(`${label}: ${value}`, { size: 10.5, leading: 1.45 });
  w.gap(10);
  w.need(QR_SIZE + 36);
  w.heading(t('fines.receipts.qrTitle'), 13);
  w.gap(2);
  const below = drawQrAtMargin(w, receipt.seal, {
    size: QR_SIZE,
    alt: t('fines.receipts.qrAlt', { number: receipt.number }),
    errorCorrection: 'Q',
    mode: 'alphanumeric',
  });
  const beside = { indent: QR_SIZE + 18, leading: 1.4 };
  w.gap(6);
  w.text(t('fines.receipts.verify'), { ...beside, size: 10.5, bold: true });
  w.text(verifyUrl, { ...beside, size: 9, colour: colour.link });
  below();
  return w.save();
}
