import { formatDateTime, formatMoney, type Locale, type Translate } from '../../../platform/i18n/index.ts';
import { formatLocalDate } from '../../../platform/time/index.ts';
import { CsrfField, ErrorSummary, TextInput, type FieldErrors } from '../../../platform/web/forms.tsx';
import { Layout } from '../../../platform/web/layout.tsx';
import type { PageContext } from '../../../platform/web/page.ts';
import type { FinanceReport, Totals } from './service.ts';
import type { Mismatch, RunRow } from './store.ts';
import { mismatchText } from './texts.ts';

export interface FinancePageProps {
  page: PageContext;
  report: FinanceReport;
  values: Record<string, string>;
  errors: FieldErrors;
  currency: string;
}

const K = 'fines.reconciliation';

function periodText(t: Translate, locale: Locale, run: Pick<RunRow, 'fromDate' | 'toDate'>): string {
  const from = formatLocalDate(locale, run.fromDate);
  return run.fromDate === run.toDate ? from : t(`${K}.period`, { from, to: formatLocalDate(locale, run.toDate) });
}

function ranText(t: Translate, locale: Locale, run: RunRow): string {
  const at = formatDateTime(locale, run.ranAt);
  return run.ranBy ? t(`${K}.ranBy`, { at, name: run.ranBy }) : t(`${K}.ranAs.${run.trigger}`, { at });
}

function StationTable({ t, locale, totals, money }: { t: Translate; locale: Locale; totals: Totals; money: Money }) {
  if (totals.stations.length === 0) return <p>{t(`${K}.noNotices`)}</p>;
  const row = (f: Totals['all']) => (
    <>
      <td>{f.issued.toLocaleString(locale)}</td>
      <td>{money(f.issuedCents)}</td>
      <td>{f.paid.toLocaleString(locale)}</td>
      <td>{money(f.collectedCents)}</td>
      <td>{f.contested.toLocaleString(locale)}</td>
      <td>{f.withdrawn.toLocaleString(locale)}</td>
      <td>{f.overdue.toLocaleString(locale)}</td>
    </>
  );
  return (
    <div class="table-scroll">
      <table id="stations">
        <caption class="visually-hidden">{t(`${K}.stationsTitle`)}</caption>
        <thead>
          <tr>
            {['station', 'issued', 'issuedAmount', 'paid', 'collected', 'contested', 'withdrawn', 'overdue'].map(
              (c) => (
                <th scope="col">{t(`${K}.col.${c}`)}</th>
              ),
            )}
          </tr>
        </thead>
        <tbody>
          {totals.stations.map((f) => (
            <tr>
              <th scope="row">{f.stationName}</th>
              {row(f)}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t(`${K}.allStations`)}</th>
            {row(totals.all)}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

type Money = (cents: number) => string;

function Mismatches({ t, list, count, money }: { t: Translate; list: Mismatch[]; count: number; money: Money }) {
  if (count === 0)
    return (
      <p class="notice success" id="mismatches">
        {t(`${K}.addsUp`)}
      </p>
    );
  return (
    <section class="notice warning" id="mismatches" aria-labelledby="mismatches-title">
      <h3 id="mismatches-title">{t(`${K}.mismatches`, { count })}</h3>
      <ul>
        {list.map((m) => (
          <li>{mismatchText(t, m, money)}</li>
        ))}
      </ul>
      {list.length < count ? <p>{t(`${K}.mismatchesMore`, { shown: list.length })}</p> : null}
    </section>
  );
}

function RunSection({ page, report, money }: { page: PageContext; report: FinanceReport; money: Money }) {
  const { t, locale } = page;
  const run = report.run;
  if (!run) return <p>{t(`${K}.noRun`)}</p>;
  const s = run.totals.suspense;
  return (
    <section aria-labelledby="run-title">
      <h2 id="run-title">{t(`${K}.runTitle`, { period: periodText(t, locale, run) })}</h2>
      <p>{ranText(t, locale, run)}</p>
      <Mismatches t={t} list={run.mismatches} count={run.mismatchCount} money={money} />
      <h3>{t(`${K}.stationsTitle`)}</h3>
      <StationTable t={t} locale={locale} totals={run.totals} money={money} />
      <p>{t(`${K}.byChannel`, { mpesa: money(run.totals.all.mpesaCents), bank: money(run.totals.all.bankCents) })}</p>
      <p>{t(`${K}.suspenseInPeriod`, { count: s.count, amount: money(s.cents) })}</p>
    </section>
  );
}

function SuspenseSection({ page, report, money }: { page: PageContext; report: FinanceReport; money: Money }) {
  const { t, locale } = page;
  const total = report.suspenseTotals;
  return (
    <section aria-labelledby="suspense-title">
      <h2 id="suspense-title">{t(`${K}.suspenseTitle`)}</h2>
      <p>{t(`${K}.suspenseLead`, { count: total.count, amount: money(total.cents) })}</p>
      {report.suspense.length === 0 ? null : (
        <div class="table-scroll">
          <table id="suspense">
            <caption class="visually-hidden">{t(`${K}.suspenseTitle`)}</caption>
            <thead>
              <tr>
                {['recorded', 'channel', 'reference', 'account', 'reason', 'amount'].map((c) => (
                  <th scope="col">{t(`${K}.col.${c}`)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {report.suspense.map((line) => (
                <tr>
                  <td>{formatDateTime(locale, line.recordedAt)}</td>
                  <td>{t(`${K}.channel.${line.channel}`)}</td>
                  <td>{line.reference}</td>
                  <td>{line.account ?? line.notice ?? '—'}</td>
                  <td>{t(`${K}.reason.${line.reason}`)}</td>
                  <td>
                    {money(line.suspenseCents)}
                    {line.suspenseCents < line.amountCents
                      ? ` (${t(`${K}.ofPaid`, { amount: money(line.amountCents) })})`
                      : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function History({ page, history, shown }: { page: PageContext; history: RunRow[]; shown: string | undefined }) {
  const { t, locale } = page;
  if (history.length === 0) return null;
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">{t(`${K}.historyTitle`)}</h2>
      <div class="table-scroll">
        <table id="history">
          <thead>
            <tr>
              {['period', 'ran', 'mismatchCount'].map((c) => (
                <th scope="col">{t(`${K}.col.${c}`)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {history.map((run) => (
              <tr>
                <td>
                  {run.id === shown ? (
                    <strong>{periodText(t, locale, run)}</strong>
                  ) : (
                    <a href={`/staff/fines/finance?run=${run.id}`}>{periodText(t, locale, run)}</a>
                  )}
                </td>
                <td>{ranText(t, locale, run)}</td>
                <td>{run.mismatchCount.toLocaleString(locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** /staff/fines/finance: the reconciliation report and the suspense list, for the finance officers. */
export function FinancePage({ page, report, values, errors, currency }: FinancePageProps) {
  const { t, locale } = page;
  const money: Money = (cents) => formatMoney(locale, cents, currency);
  return (
    <Layout page={page} title={t(`${K}.title`)}>
      <ErrorSummary t={t} errors={errors} />
      <h1>{t(`${K}.title`)}</h1>
      <p class="lead">{t(`${K}.lead`)}</p>
      <form method="post" action="/staff/fines/finance/run" novalidate class="filters">
        <CsrfField token={page.csrfToken} />
        <TextInput t={t} name="from" type="date" label={t(`${K}.from`)} errors={errors} value={values.from} />
        <TextInput t={t} name="to" type="date" label={t(`${K}.to`)} errors={errors} value={values.to} />
        <button type="submit" class="button">
          {t(`${K}.runNow`)}
        </button>
      </form>
      <RunSection page={page} report={report} money={money} />
      <SuspenseSection page={page} report={report} money={money} />
      <History page={page} history={report.history} shown={report.run?.id} />
    </Layout>
  );
}
