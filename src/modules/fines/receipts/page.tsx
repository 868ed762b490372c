import { formatDateTimeWithZone, formatMoney, type Locale } from '../../../platform/i18n/index.ts';
import { Layout, SummaryList } from '../../../platform/web/layout.tsx';
import type { PageContext } from '../../../platform/web/page.ts';
import { printedNoticeNumber } from '../notice-number.ts';
import { FinesStyles } from '../pages/styles.tsx';

/** What a receipt's page and PDF show: the signed facts, and the payments behind them. */
export interface ReceiptView {
  number: string;
  noticeNumber: string;
  registration: string;
  driverName: string;
  stationName: string;
  amountCents: number;
  paidAt: Date;
  issuedAt: Date;
  payments: Array<{ channel: 'mpesa' | 'bank'; reference: string; amountCents: number }>;
  /** the signed QR text, `NPS1:…` */
  seal: string;
}

export interface ReceiptPageProps {
  page: PageContext;
  receipt: ReceiptView;
  /** the receipt's QR code as SVG */
  qrSvg: string;
  /** the notice's own page, and the receipt's PDF */
  noticeHref: string;
  pdfHref: string;
}

export const money = (locale: Locale, cents: number) => formatMoney(locale, cents, 'KES');

/** The facts, in the order the PDF prints them too. */
export function receiptFacts(
  t: PageContext['t'],
  locale: Locale,
  r: ReceiptView,
): Array<[label: string, value: string]> {
  return [
    [t('fines.receipts.number'), r.number],
    [t('fines.receipts.notice'), printedNoticeNumber(r.noticeNumber)],
    [t('fines.receipts.amount'), money(locale, r.amountCents)],
    [t('fines.receipts.paidAt'), formatDateTimeWithZone(locale, r.paidAt)],
    [t('fines.receipts.vehicle'), r.registration],
    [t('fines.receipts.driver'), r.driverName],
    [t('fines.receipts.station'), r.stationName],
    ...r.payments.map((p): [string, string] => [
      t(`fines.receipts.reference.${p.channel}`),
      `${p.reference} (${money(locale, p.amountCents)})`,
    ]),
    [t('fines.receipts.issuedAt'), formatDateTimeWithZone(locale, r.issuedAt)],
  ];
}

/** /fines/<number>/<token>/receipt: the motorist's signed receipt, with its QR code, without JavaScript. */
export function ReceiptPage({ page, receipt, qrSvg, noticeHref, pdfHref }: ReceiptPageProps) {
  const { t, locale } = page;
  const title = t('fines.receipts.title', { number: receipt.number });
  return (
    <Layout page={page} title={title} description={t('fines.receipts.lead')}>
      <FinesStyles />
      <h1>{title}</h1>
      <section class="notice success" role="status" aria-labelledby="paid-title">
        <h2 id="paid-title">{t('fines.receipts.paid', { amount: money(locale, receipt.amountCents) })}</h2>
        <p>{t('fines.receipts.lead')}</p>
      </section>
      <SummaryList rows={receiptFacts(t, locale, receipt)} />
      <section aria-labelledby="qr-title">
        <h2 id="qr-title">{t('fines.receipts.qrTitle')}</h2>
        <div
          class="qr"
          role="img"
          aria-label={t('fines.receipts.qrAlt', { number: receipt.number })}
          dangerouslySetInnerHTML={{ __html: qrSvg }}
        />
        <p>
          {t('fines.receipts.verify')} <a href="/documents/verify">/documents/verify</a>
        </p>
        <details>
          <summary>{t('fines.receipts.qrText')}</summary>
          <p class="secret">
            <code>{receipt.seal}</code>
          </p>
        </details>
      </section>
      <p>
        <a class="button" href={pdfHref} download>
          {t('fines.receipts.pdf')}
        </a>
      </p>
      <p>
        <a href={noticeHref}>{t('fines.receipts.back')}</a>
      </p>
    </Layout>
  );
}
