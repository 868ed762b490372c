import { formatDate, formatDateTimeWithZone, formatMoney, type Locale } from '../../../platform/i18n/index.ts';
import { CsrfField, TextArea, TextInput, type FieldErrors } from '../../../platform/web/forms.tsx';
import { Layout, SummaryList } from '../../../platform/web/layout.tsx';
import type { PageContext } from '../../../platform/web/page.ts';
import type { ScheduledOffence } from '../../../jurisdiction/kenya/index.ts';
import { printedNoticeNumber } from '../notice-number.ts';
import { FinesStyles } from './styles.tsx';
import type { noticeJson } from '../view.ts';

export type NoticeView = ReturnType<typeof noticeJson>;

export interface NoticePageProps {
  page: PageContext;
  notice: NoticeView;
  /** the schedule's words for each offence code on the notice */
  offences: ReadonlyMap<string, ScheduledOffence>;
  paybill: string;
  senderId: string;
  /** this page's own path (the motorist's link) */
  link: string;
  errors: FieldErrors;
  values: Record<string, string>;
  /** the latest M-Pesa push asked for this notice, in words */
  push?: { status: 'sending' | 'waiting' | 'paid' | 'failed'; words: string } | undefined;
  /** whether Sauti can send an M-Pesa push here (Daraja is set up) */
  mpesa: boolean;
}

const money = (locale: Locale, cents: number) => formatMoney(locale, cents, 'KES');

function Standing({ page, notice }: { page: PageContext; notice: NoticeView }) {
  const { t, locale } = page;
  const warning = notice.status === 'unpaid' || notice.status === 'court';
  return (
    <section class={warning ? 'notice warning' : 'notice'} role="status" aria-labelledby="standing">
      <h2 id="standing">{t(`fines.notice.status.${notice.status}`)}</h2>
      {notice.status === 'unpaid' ? (
        <p class="fines-due">
          {t('fines.notice.toPay', {
            amount: money(locale, notice.balanceCents),
            due: formatDate(locale, notice.dueAt),
          })}
        </p>
      ) : null}
      <p>{t(`fines.notice.statusLead.${notice.status}`)}</p>
    </section>
  );
}

function HowToPay({
  page,
  notice,
  paybill,
  senderId,
}: Pick<NoticePageProps, 'page' | 'notice' | 'paybill' | 'senderId'>) {
  const { t, locale } = page;
  return (
    <section class="fines-pay" aria-labelledby="how-to-pay">
      <h2 id="how-to-pay">{t('fines.notice.howToPay')}</h2>
      <dl class="summary-list">
        <dt>{t('fines.notice.paybill')}</dt>
        <dd class="fines-big">{paybill}</dd>
        <dt>{t('fines.notice.account')}</dt>
        <dd class="fines-big">{notice.number}</dd>
        <dt>{t('fines.notice.amount')}</dt>
        <dd class="fines-big">{money(locale, notice.balanceCents)}</dd>
      </dl>
      <p>
        <strong>{t('fines.notice.noCash')}</strong>
      </p>
      <p>{t('fines.notice.sender', { sender: senderId, paybill })}</p>
    </section>
  );
}

/** "Pay": an M-Pesa push to the phone given, the PIN entered there; or where the last push stands. */
function PayByPush({
  page,
  link,
  errors,
  values,
  push,
}: Pick<NoticePageProps, 'page' | 'link' | 'errors' | 'values' | 'push'>) {
  const { t } = page;
  if (push?.status === 'waiting' || push?.status === 'sending')
    return (
      <section class="notice" role="status" aria-labelledby="push-title">
        <h2 id="push-title">{t('fines.pay.waiting')}</h2>
        <p>{t('fines.pay.waitingLead')}</p>
      </section>
    );
  return (
    <section aria-labelledby="pay-title">
      <h2 id="pay-title">{t('fines.pay.title')}</h2>
      {push?.status === 'failed' ? (
        <p class="notice warning" role="status">
          {t('fines.pay.failed', { why: push.words })}
        </p>
      ) : null}
      <form method="post" action={`${link}/pay`} novalidate>
        <CsrfField token={page.csrfToken} />
        <TextInput
          t={t}
          name="phone"
          type="tel"
          label={t('fines.pay.phone')}
          hint={t('fines.pay.phoneHint')}
          errors={errors}
          value={values.phone}
          autocomplete="tel"
          required
        />
        <button type="submit" class="button">
          {t('fines.pay.submit')}
        </button>
      </form>
    </section>
  );
}

function Offences({ page, notice, offences }: Pick<NoticePageProps, 'page' | 'notice' | 'offences'>) {
  const { t, locale } = page;
  if (notice.courtOffence) return <p>{t('fines.notice.courtOffence', { offence: notice.courtOffence })}</p>;
  return (
    <table class="fines-offence-table">
      <caption>{t('fines.notice.offences', { schedule: notice.scheduleVersion ?? '' })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('fines.notice.offence')}</th>
          <th scope="col">{t('fines.notice.fine')}</th>
        </tr>
      </thead>
      <tbody>
        {notice.offences.map((o) => {
          const words = offences.get(o.code);
          const name = words ? (locale === 'sw' ? words.sw : words.en) : o.code;
          return (
            <tr>
              <td>
                {name}{' '}
                <span class="hint">
                  ({o.code}
                  {o.quantity > 1 ? ` × ${o.quantity}` : ''})
                </span>
              </td>
              <td>{o.amountCents === 0 ? t('fines.issue.warning') : money(locale, o.amountCents)}</td>
            </tr>
          );
        })}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">{t('fines.notice.total')}</th>
          <td>{money(locale, notice.amountCents)}</td>
        </tr>
      </tfoot>
    </table>
  );
}

function Facts({ page, notice }: { page: PageContext; notice: NoticeView }) {
  const { t, locale } = page;
  const rows: Array<[string, string]> = [
    [t('fines.notice.vehicle'), notice.registration],
    [t('fines.notice.driver'), notice.driverName],
    ...(notice.licenceNumber ? ([[t('fines.notice.licence'), notice.licenceNumber]] as Array<[string, string]>) : []),
    [t('fines.notice.when'), formatDateTimeWithZone(locale, notice.offenceAt)],
    [t('fines.notice.where'), `${notice.place}, ${notice.county.name}`],
    [
      t('fines.notice.officer'),
      `${notice.officer.name}${notice.officer.serviceNumber ? ` (${notice.officer.serviceNumber})` : ''}, ${notice.station.name}`,
    ],
    [t('fines.notice.issued'), formatDateTimeWithZone(locale, notice.issuedAt)],
  ];
  return <SummaryList rows={rows} />;
}

function Contest({ page, link, errors, values }: Pick<NoticePageProps, 'page' | 'link' | 'errors' | 'values'>) {
  const { t } = page;
  return (
    <section aria-labelledby="contest-title">
      <h2 id="contest-title">{t('fines.notice.contestTitle')}</h2>
      <p>{t('fines.notice.contestLead')}</p>
      <form method="post" action={`${link}/contest`} novalidate>
        <CsrfField token={page.csrfToken} />
        <TextArea
          t={t}
          name="reason"
          label={t('fines.notice.contestReason')}
          errors={errors}
          value={values.reason}
          rows={3}
          maxLength={2000}
        />
        <button type="submit" class="button secondary">
          {t('fines.notice.contest')}
        </button>
      </form>
    </section>
  );
}

/** What happened to the notice, in order, in plain words: issued, sent, paid, reminded, withdrawn (why)... */
export function NoticeTimeline({ page, events }: { page: PageContext; events: NoticeView['events'] }) {
  const { t, locale } = page;
  const known = ['issued', 'sms', 'payment', 'reminded', 'contested', 'withdrawn', 'flagged-for-court'];
  const words = (e: NoticeView['events'][number]) =>
    known.includes(e.kind)
      ? t(`fines.withdrawal.event.${e.kind}`, {
          reason: e.reason ?? '',
          amount: e.amountCents === undefined ? '' : money(locale, e.amountCents),
        })
      : t('fines.withdrawal.event.other', { kind: e.kind });
  return (
    <section aria-labelledby="notice-events">
      <h2 id="notice-events">{t('fines.withdrawal.events.title')}</h2>
      <ol class="fines-events">
        {events.map((e) => (
          <li>
            <time datetime={e.at}>{formatDateTimeWithZone(locale, e.at)}</time>: {words(e)}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** /fines/<number>/<key>: the motorist's notice, how to pay it (never in cash), or contest it. */
export function NoticePage(props: NoticePageProps) {
  const { page, notice, link } = props;
  const { t } = page;
  const verify = `/fines/verify?${new URLSearchParams({ number: notice.number, registration: notice.registration }).toString()}`;
  const report = `/report?${new URLSearchParams({ category: 'bribery_extortion', station: notice.station.id, about: t('fines.notice.reportAbout', { number: notice.number }) }).toString()}`;
  return (
    <Layout
      page={page}
      title={t('fines.notice.title', { number: printedNoticeNumber(notice.number) })}
      {...(props.push?.status === 'waiting' ? { refreshSeconds: 5 } : {})}
    >
      <FinesStyles />
      <h1>{t('fines.notice.title', { number: printedNoticeNumber(notice.number) })}</h1>
      <Standing page={page} notice={notice} />
      {notice.status === 'paid' ? (
        <p>
          <a class="button" href={`${link}/receipt`}>
            {t('fines.notice.receipt')}
          </a>
        </p>
      ) : null}
      {notice.status === 'unpaid' && props.mpesa ? <PayByPush {...props} /> : null}
      {notice.status === 'unpaid' ? <HowToPay {...props} /> : null}
      <Offences {...props} />
      <Facts page={page} notice={notice} />
      <NoticeTimeline page={page} events={notice.events} />
      <p>
        <a href={verify}>{t('fines.notice.checkGenuine')}</a> ·{' '}
        <a href={`${link}/notice.pdf`}>{t('fines.notice.pdf')}</a>
      </p>
      {notice.status === 'unpaid' ? <Contest {...props} /> : null}
      <aside class="notice">
        <p>{t('fines.notice.askedForCash')}</p>
        <p>
          <a class="button secondary" href={report}>
            {t('fines.notice.report')}
          </a>
        </p>
      </aside>
    </Layout>
  );
}
