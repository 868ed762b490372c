import { fileURLToPath } from 'node:url';
import { Translations, type Locale } from '../../../platform/i18n/index.ts';
import { QrCode } from '../../../platform/web/qr-svg.ts';

export interface ReportLink {
  /** a demand for money (the default), or a request refused or ignored */
  category?: 'bribery_extortion' | 'refusal_negligence';
  /** the station's id (left out when not known yet) */
  station: string;
  /** what the report is about, in words (the document's kind) */
  about: string;
  /** the document's number once there is one, else its kind (abstract_general, abstract_traffic, p3) */
  document?: string | undefined;
}

/** /report, filled in for a demand for money (or a refusal) at that station about that document. */
export function reportHref(link: ReportLink): string {
  const category = link.category ?? 'bribery_extortion';
  const query = new URLSearchParams({ category });
  if (link.station) query.set('station', link.station);
  query.set('about', link.about);
  if (link.document) query.set('document', link.document);
  return `/report?${query.toString()}`;
}

/** The same, as the absolute address printed and put in QR codes. */
export const reportUrl = (publicUrl: string, link: ReportLink): string => `${publicUrl}${reportHref(link)}`;

// The notice is said in both languages on every page whatever the page's own, so it reads its texts
// in either language from the module's catalogue.
const texts = new Translations().load(fileURLToPath(new URL('../locales/', import.meta.url)));

/** The page's language first, then the other. */
export const bothLanguages = (locale: Locale): [Locale, Locale] => (locale === 'sw' ? ['sw', 'en'] : ['en', 'sw']);

export interface FreeNoticeProps {
  locale: Locale;
  link: ReportLink;
  /** Sauti's public address: with it the notice carries a QR code of the absolute report address */
  publicUrl?: string | undefined;
}

/**
 * On every document, slip and request page: these documents cost nothing, and a demand for money is
 * reported, in the page's language and then in the other, with a link and a QR code to /report filled in.
 */
export function FreeNotice({ locale, link, publicUrl }: FreeNoticeProps) {
  const [first, second] = bothLanguages(locale);
  const [a, b] = [texts.translator(first), texts.translator(second)];
  const href = reportHref(link);
  return (
    <aside class="notice free-notice" aria-labelledby="free-title">
      <div lang={first}>
        <h2 id="free-title">{a('documents.free.title')}</h2>
        <p>{a('documents.free.body')}</p>
      </div>
      <div lang={second}>
        <p>
          <strong>{b('documents.free.title')}</strong>
        </p>
        <p>{b('documents.free.body')}</p>
      </div>
      <p>
        <a class="button secondary" href={href}>
          <span lang={first}>{a('documents.free.report')}</span> /{' '}
          <span lang={second}>{b('documents.free.report')}</span>
        </a>
      </p>
      {publicUrl ? (
        <p class="free-notice-qr">
          <QrCode
            text={reportUrl(publicUrl, link)}
            label={a('documents.free.qrAlt')}
            mode="byte"
            errorCorrection="M"
            pixels={120}
          />
        </p>
      ) : null}
    </aside>
  );
}
