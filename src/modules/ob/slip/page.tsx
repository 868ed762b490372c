import { formatDateTimeWithZone, type Locale, type Translate } from '../../../platform/i18n/index.ts';
import { Layout } from '../../../platform/web/layout.tsx';
import type { PageContext } from '../../../platform/web/page.ts';
import { QrCode } from '../../../platform/web/qr-svg.ts';
import { bookHref } from '../pages/labels.ts';
import { ObStyles } from '../pages/parts.tsx';

export interface SlipView {
  station: { id: string; name: string };
  day: string;
  obNumber: string;
  recordedAt: Date;
  code: string;
  /** The check with station, number and code filled in (what the QR code opens). */
  verifyUrl: string;
  verifyPage: string;
  /** /report filled in for a demand for money at the station about this slip: relative, and absolute (its QR code) */
  report: { href: string; url: string };
  sms: string;
  pdfHref: string;
}

/** The other language than the page's, with its texts: the free notice says it in both. */
export interface OtherLanguage {
  locale: Locale;
  t: Translate;
}

/**
 * Free documents with this slip, and where a demand for money is reported: on every slip, in print
 * too, in the page's language and then in the other, with a QR code of the filled-in report address.
 */
function FreeWithSlip({ page, other, slip }: { page: PageContext; other: OtherLanguage; slip: SlipView }) {
  const { t, locale } = page;
  const ask = `/documents?${new URLSearchParams({ station: slip.station.id, ob: slip.obNumber, code: slip.code }).toString()}`;
  return (
    <div class="ob-slip-free">
      <div lang={locale}>
        <p>
          <strong>{t('ob.slip.free')}</strong> {t('ob.slip.freeAsk')} <a href={ask}>/documents</a>
        </p>
        <p>
          {t('ob.slip.freeReport')} <a href={slip.report.href}>/report</a>
        </p>
      </div>
      <div lang={other.locale}>
        <p>
          <strong>{other.t('ob.slip.free')}</strong> {other.t('ob.slipFree.ask')}
        </p>
        <p>{other.t('ob.slipFree.report')}</p>
      </div>
      <div class="ob-slip-check">
        <QrCode text={slip.report.url} label={t('ob.slipFree.qrAlt')} mode="byte" errorCorrection="M" pixels={120} />
        <p>
          <span lang={locale}>{t('ob.slipFree.scan')}</span>{' '}
          <span lang={other.locale}>{other.t('ob.slipFree.scan')}</span>
        </p>
      </div>
    </div>
  );
}

/** The complainant's slip: printed at the desk (the page prints without the site's frame) or as a PDF. */
export function SlipPage(props: { page: PageContext; other: OtherLanguage; slip: SlipView; fresh: boolean }) {
  const { page, other, slip, fresh } = props;
  const { t, locale } = page;
  return (
    <Layout page={page} title={t('ob.slip.title')}>
      <ObStyles />
      {fresh ? (
        <div class="notice success ob-noprint" role="status">
          {t('ob.slip.recorded', { ob: slip.obNumber })}
        </div>
      ) : null}
      <div class="ob-slip">
        <h1>{t('ob.slip.title')}</h1>
        <p class="ob-slip-station">{slip.station.name}</p>
        <p class="ob-slip-number" id="ob-number">
          OB {slip.obNumber}
        </p>
        <dl class="summary-list">
          <dt>{t('ob.slip.recordedAt')}</dt>
          <dd>{formatDateTimeWithZone(locale, slip.recordedAt)}</dd>
        </dl>
        <p>{t('ob.slip.codeLabel')}</p>
        <p class="receipt-code" id="slip-code">
          {slip.code}
        </p>
        <div class="ob-slip-check">
          <QrCode text={slip.verifyUrl} label={t('ob.slip.qrAlt')} errorCorrection="M" margin={1} pixels={132} />
          <p>
            {t('ob.slip.how')} <strong>{slip.verifyPage}</strong>
          </p>
        </div>
        <p class="hint">{t('ob.slip.keep')}</p>
        <FreeWithSlip page={page} other={other} slip={slip} />
      </div>
      <p class="ob-noprint">
        <a class="button" href={slip.pdfHref}>
          {t('ob.slip.pdf')}
        </a>
        <a class="button secondary" href={bookHref(slip.station.id, slip.day)}>
          {t('ob.slip.back')}
        </a>
      </p>
      <section class="ob-noprint" aria-labelledby="sms-title">
        <h2 id="sms-title">{t('ob.slip.smsTitle')}</h2>
        <p class="hint">{t('ob.slip.smsHint', { count: slip.sms.length })}</p>
        <p class="ob-sms">{slip.sms}</p>
      </section>
    </Layout>
  );
}
