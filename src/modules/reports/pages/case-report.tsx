import { formatDateTime } from '../../../platform/i18n/index.ts';
import type { PageContext } from '../../../platform/web/page.ts';
import type { EvidenceRow, ReportRow } from '../store.ts';
import { previewableKinds } from '../service.ts';
import { countyShapes } from '../../../jurisdiction/kenya/geo.ts';
import { PlaceMap } from '../../../platform/web/place-map.tsx';

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

type T = PageContext['t'];
type Locale = PageContext['locale'];

function ReportDetails({ t, locale, report }: { t: T; locale: Locale; report: ReportRow }) {
  return (
    <dl class="summary-list">
      <dt>{t('reports.case.when')}</dt>
      <dd>{report.occurred_at ? formatDateTime(locale, report.occurred_at) : t('reports.case.notGiven')}</dd>
      <dt>{t('reports.case.where')}</dt>
      <dd>
        {[report.place, report.station_name, report.county_name].filter(Boolean).join(', ')}
        {report.latitude !== null && report.longitude !== null
          ? ` (${report.latitude.toFixed(5)}, ${report.longitude.toFixed(5)})`
          : ''}
      </dd>
      <dt>{t('reports.case.channel')}</dt>
      <dd>{t(`reports.channel.${report.channel}`)}</dd>
      <dt>{t('reports.case.reporter')}</dt>
      <dd>
        {report.anonymous
          ? t('reports.case.anonymous')
          : [report.contact_name, report.contact_phone, report.contact_email].filter(Boolean).join(' · ')}
      </dd>
    </dl>
  );
}

function EvidenceTable({ t, locale, evidence }: { t: T; locale: Locale; evidence: EvidenceRow[] }) {
  return (
    <div class="table-scroll">
      <table class="evidence">
        <thead>
          <tr>
            <th scope="col">{t('reports.case.file')}</th>
            <th scope="col">{t('reports.case.received')}</th>
            <th scope="col">SHA-256</th>
          </tr>
        </thead>
        <tbody>
          {evidence.map((e) => (
            <tr>
              <td>
                <a href={`/staff/evidence/${e.id}`}>
                  {t(`reports.kind.${e.kind}`)} · {e.media_type} · {size(Number(e.size_bytes))}
                </a>
                {e.shown_sha256 ? (
                  <p class="hint">
                    {t('reports.case.metadataRemoved')} ·{' '}
                    <a href={`/staff/evidence/${e.id}?original=1`}>{t('reports.case.original')}</a>
                  </p>
                ) : null}
              </td>
              <td>
                {formatDateTime(locale, e.received_at)} · {e.received_by} ({e.received_via})
              </td>
              <td>
                <code class="hash">{e.sha256}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Photos, recordings and videos shown in the page, streamed in parts as played; each view is recorded on the case
 * (recordings and videos only once played: nothing is fetched before).
 */
function EvidencePreviews({ t, evidence }: { t: T; evidence: EvidenceRow[] }) {
  const shown = evidence.filter((e) => previewableKinds.has(e.kind));
  if (shown.length === 0) return null;
  return (
    <div class="evidence-previews">
      {shown.map((e, i) => {
        const src = `/staff/evidence/${e.id}/view`;
        const label = t('reports.case.preview', { kind: t(`reports.kind.${e.kind}`), n: i + 1 });
        return (
          <figure class={`evidence-preview ${e.kind}`}>
            {e.kind === 'photo' ? (
              <img src={src} alt={label} loading="lazy" />
            ) : e.kind === 'video' ? (
              <video src={src} controls preload="none" aria-label={label} />
            ) : (
              <audio src={src} controls preload="none" aria-label={label} />
            )}
            <figcaption>
              {label} · <code class="hash">{e.sha256.slice(0, 12)}</code>
            </figcaption>
          </figure>
        );
      })}
    </div>
  );
}

/** The report as investigators see it on the case page. */
export function CaseReport({
  page,
  report,
  evidence,
}: {
  page: PageContext;
  report: ReportRow;
  evidence: EvidenceRow[];
}) {
  const { t, locale } = page;
  return (
    <section aria-labelledby="report-title" class="report">
      <h2 id="report-title">{t('reports.case.title')}</h2>
      <p class="report-description">{report.description}</p>
      <ReportDetails t={t} locale={locale} report={report} />
      {report.county_code ? (
        <PlaceMap
          areas={countyShapes()}
          area={report.county_code}
          point={
            report.latitude !== null && report.longitude !== null
              ? { latitude: report.latitude, longitude: report.longitude }
              : undefined
          }
          label={t(report.latitude !== null ? 'reports.map.withPoint' : 'reports.map.county', {
            county: report.county_name ?? report.county_code,
          })}
          attribution={t('reports.map.attribution')}
        />
      ) : null}
      <h3>{t('reports.case.evidence')}</h3>
      {evidence.length === 0 ? (
        <p>{t('reports.case.noEvidence')}</p>
      ) : (
        <>
          <EvidencePreviews t={t} evidence={evidence} />
          <EvidenceTable t={t} locale={locale} evidence={evidence} />
        </>
      )}
    </section>
  );
}
