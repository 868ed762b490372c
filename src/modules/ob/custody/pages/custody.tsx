import { formatDateTime, type Locale, type Translate } from '../../../../platform/i18n/index.ts';
import { Layout } from '../../../../platform/web/layout.tsx';
import type { PageContext } from '../../../../platform/web/page.ts';
import type { CustodyClock, CustodyClockRow } from '../clock.ts';

/** `5 h 07 min`, or `1 d 2 h 05 min` past a day. */
export function heldFor(t: Translate, ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = String(minutes % 60).padStart(2, '0');
  return days > 0 ? t('ob.custody.heldDays', { days, hours, mins }) : t('ob.custody.held', { hours, mins });
}

function Status({ t, locale, row }: { t: Translate; locale: Locale; row: CustodyClockRow }) {
  const parts: string[] = [];
  if (row.released)
    parts.push(
      t('ob.custody.releasedBy', { ob: row.released.obNumber, at: formatDateTime(locale, row.released.recordedAt) }),
    );
  else parts.push(row.overdue ? t('ob.custody.overdue') : t('ob.custody.withinTime'));
  return (
    <>
      <span class={row.overdue ? 'tag tag-overdue' : 'tag'}>{parts.join(' ')}</span>
      {row.escalation ? (
        <p>
          {t('ob.custody.escalated', {
            reference: row.escalation.reference,
            at: formatDateTime(locale, row.escalation.at),
          })}
        </p>
      ) : null}
    </>
  );
}

/** The station's custody list: each person held, for how long, and what happened at 24 hours. */
export function CustodyPage({ page, clock }: { page: PageContext; clock: CustodyClock }) {
  const { t, locale } = page;
  const title = t('ob.custody.title', { station: clock.station.name });
  return (
    <Layout page={page} title={title} refreshSeconds={60}>
      <h1>{title}</h1>
      <p>{t('ob.custody.intro')}</p>
      {clock.rows.length === 0 ? (
        <p>{t('ob.custody.none')}</p>
      ) : (
        <div class="table-scroll">
          <table>
            <caption class="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t('ob.custody.ob')}</th>
                <th scope="col">{t('ob.custody.person')}</th>
                <th scope="col">{t('ob.custody.arrestedAt')}</th>
                <th scope="col">{t('ob.custody.heldFor')}</th>
                <th scope="col">{t('ob.custody.dueAt')}</th>
                <th scope="col">{t('ob.custody.status')}</th>
              </tr>
            </thead>
            <tbody>
              {clock.rows.map((row) => (
                <tr>
                  <td>OB {row.obNumber}</td>
                  <td>{row.names.join(', ')}</td>
                  <td>{formatDateTime(locale, row.arrestedAt)}</td>
                  <td>{heldFor(t, row.heldMs)}</td>
                  <td>{formatDateTime(locale, row.dueAt)}</td>
                  <td>
                    <Status t={t} locale={locale} row={row} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}
