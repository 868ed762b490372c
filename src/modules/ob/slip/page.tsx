import { formatDateTimeWithZone, type Translate } from '../../../platform/i18n/index.ts';
import { Layout } from '../../../platform/web/layout.tsx';
import type { PageContext } from '../../../platform/web/page.ts';
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
  /** The QR code as an SVG data URI. */
  qr: string;
  sms: string;
  pdfHref: string;
}

/** Free documents with this slip, and where a demand for money is reported: on every slip, in print too. */
function FreeWithSlip({ t, slip }: { t: Translate; slip: SlipView }) {
  const ask = `/documents?${new URLSearchParams({ station: slip.station.id, ob: slip.obNumber, code: slip.code }).toString()}`;
  const report = `/report?${new URLSearchParams({ category: 'bribery_extortion', station: slip.station.id }).toString()}`;
  return (
    <div class="ob-slip-free">
      <p>
        <strong>{t('ob.slip.free')}</strong> {t('ob.slip.freeAsk')} <a href={ask}>/documents</a>
      </p>
      <p>
        {t('ob.slip.freeReport')} <a href={report}>/report</a>
      </p>
    </div>
  );
}

/** The complainant's slip: printed at the desk (the page prints without the site's frame) or as a PDF. */
export function SlipPage({ page, slip, fresh }: { page: PageContext; slip: SlipView; fresh: boolean }) {
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
          <img src={slip.qr} alt={t('ob.slip.qrAlt')} width={132} height={132} />
          <p>
            {t('ob.slip.how')} <strong>{slip.verifyPage}</strong>
          </p>
        </div>
        <p class="hint">{t('ob.slip.keep')}</p>
        <FreeWithSlip t={t} slip={slip} />
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
