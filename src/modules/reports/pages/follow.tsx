import { formatDateTime } from '../../../platform/i18n/index.ts';
import { CsrfField, ErrorSummary, TextArea, TextInput, type FieldErrors } from '../../../platform/web/forms.tsx';
import { Layout, SuccessNotice } from '../../../platform/web/layout.tsx';
import type { PageContext } from '../../../platform/web/page.ts';
import { acceptAttribute } from '../../../platform/blobs/evidence.ts';
import type { followReport, SubmittedReport } from '../service.ts';
import { formatReceipt } from '../service.ts';

export function ReceiptPage({ page, submitted }: { page: PageContext; submitted: SubmittedReport }) {
  const { t, locale } = page;
  return (
    <Layout page={page} title={t('reports.receipt.title')} scripts={['/assets/receipt-print.js']}>
      <div class="panel success">
        <h1>{t('reports.receipt.title')}</h1>
        <p>{t('reports.receipt.yourCode')}</p>
        <p class="receipt-code" id="receipt-code">
          {formatReceipt(submitted.receipt)}
        </p>
      </div>
      <div class="notice warning">
        <p>
          <strong>{t('reports.receipt.writeDown')}</strong>
        </p>
        <p>{t('reports.receipt.onlyOnce')}</p>
        <p>{t('reports.receipt.print')}</p>
        <button type="button" class="button secondary print-receipt" hidden>
          {t('reports.receipt.printButton')}
        </button>
      </div>
      <dl class="summary-list">
        <dt>{t('reports.receipt.reference')}</dt>
        <dd>{submitted.caseReference}</dd>
        <dt>{t('reports.receipt.due')}</dt>
        <dd>{formatDateTime(locale, submitted.firstResponseDueAt)}</dd>
        <dt>{t('reports.receipt.evidence')}</dt>
        <dd>{t('reports.receipt.files', { count: submitted.evidenceCount })}</dd>
      </dl>
      <h2>{t('reports.receipt.next')}</h2>
      <p>{t('reports.receipt.nextBody')}</p>
      <p>
        <a class="button" href="/follow">
          {t('reports.follow.title')}
        </a>
      </p>
    </Layout>
  );
}

export function FollowLoginPage({ page, errors }: { page: PageContext; errors: FieldErrors }) {
  const { t } = page;
  return (
    <Layout page={page} title={t('reports.follow.title')}>
      <ErrorSummary t={t} errors={errors} />
      <h1>{t('reports.follow.title')}</h1>
      <p>{t('reports.follow.lead')}</p>
      <form method="post" action="/follow" novalidate>
        <CsrfField token={page.csrfToken} />
        <TextInput
          t={t}
          name="receipt"
          label={t('reports.follow.code')}
          hint={t('reports.follow.codeHint')}
          errors={errors}
          inputmode="numeric"
          autocomplete="off"
        />
        <button type="submit" class="button">
          {t('reports.follow.submit')}
        </button>
      </form>
    </Layout>
  );
}

type Followed = Awaited<ReturnType<typeof followReport>>;
type T = PageContext['t'];
type Locale = PageContext['locale'];

/** The report's status: reference, handling, dates and how long it has waited, at the platform clock's moment. */
function StatusList({ t, locale, followed, now }: { t: T; locale: Locale; followed: Followed; now: Date }) {
  const { status, report, evidence } = followed;
  const waitingHours = Math.floor((now.getTime() - new Date(status.openedAt).getTime()) / 3600_000);
  const overdue =
    !status.firstRespondedAt &&
    status.status !== 'closed' &&
    new Date(status.firstResponseDueAt).getTime() < now.getTime();
  return (
    <dl class="summary-list">
      <dt>{t('reports.receipt.reference')}</dt>
      <dd>{status.reference}</dd>
      <dt>{t('cases.field.status')}</dt>
      <dd>
        <span class={`tag status-${status.status}`} id="report-status">
          {t(`cases.status.${status.status}`)}
        </span>
        <p class="hint">{t(`reports.follow.statusHint.${status.status}`)}</p>
      </dd>
      {status.outcome ? (
        <>
          <dt>{t('cases.field.outcome')}</dt>
          <dd>{t(`cases.outcome.${status.outcome}`)}</dd>
        </>
      ) : null}
      <dt>{t('cases.field.category')}</dt>
      <dd>{t(`category.${report.category}`)}</dd>
      <dt>{t('reports.follow.handledBy')}</dt>
      <dd>{t(`unit.${status.unitCode}`)}</dd>
      <dt>{t('reports.follow.sent')}</dt>
      <dd>
        {formatDateTime(locale, status.openedAt)} ({t('reports.follow.waiting', { count: waitingHours })})
      </dd>
      <dt>{t('reports.receipt.due')}</dt>
      <dd>
        {formatDateTime(locale, status.firstResponseDueAt)}
        {status.firstRespondedAt ? (
          ` — ${t('reports.follow.responded')}`
        ) : overdue ? (
          <strong class="tag overdue"> {t('cases.overdue')}</strong>
        ) : null}
      </dd>
      <dt>{t('reports.receipt.evidence')}</dt>
      <dd>{t('reports.receipt.files', { count: evidence.length })}</dd>
    </dl>
  );
}

/** What has happened to the report, oldest first: each step with its date, in words for the reporter. */
function Timeline({ t, locale, steps }: { t: T; locale: Locale; steps: Followed['status']['timeline'] }) {
  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t('reports.timeline.title')}</h2>
      <ol class="timeline">
        {steps.map((step) => (
          <li class={`step ${step.kind === 'status' ? `status-${step.status}` : step.kind}`}>
            <p class="meta">{formatDateTime(locale, step.at)}</p>
            <p>
              <strong>
                {step.kind === 'status'
                  ? t(`cases.status.${step.status}`)
                  : step.kind === 'reassigned'
                    ? t('reports.timeline.reassigned', { unit: t(`unit.${step.unit}`) })
                    : t(`reports.timeline.${step.kind}`)}
              </strong>
              {step.kind === 'status' && step.outcome ? ` — ${t(`cases.outcome.${step.outcome}`)}` : null}
            </p>
            {step.kind === 'status' && step.note ? <p class="body">{step.note}</p> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** A closed case: the outcome, until when a reply opens it again, and the way to IPOA when the reporter is not satisfied. */
function ClosedCase({ t, locale, followed, now }: { t: T; locale: Locale; followed: Followed; now: Date }) {
  const { status } = followed;
  const until = status.replyUntil;
  const canReply = until !== undefined && until.getTime() >= now.getTime();
  return (
    <section class="notice closed-case" aria-labelledby="closed-title">
      <h2 id="closed-title">{t('reports.closed.title')}</h2>
      {status.outcome ? <p>{t('reports.closed.outcome', { outcome: t(`cases.outcome.${status.outcome}`) })}</p> : null}
      <p>
        {canReply
          ? t('reports.closed.canReply', { date: formatDateTime(locale, until) })
          : t('reports.closed.noReply', { date: until ? formatDateTime(locale, until) : '' })}
      </p>
      <h3>{t('reports.ipoa.title')}</h3>
      <p>{t('reports.ipoa.body', { reference: status.reference })}</p>
    </section>
  );
}

function Messages({ t, locale, messages }: { t: T; locale: Locale; messages: Followed['status']['messages'] }) {
  return (
    <>
      <h2>{t('cases.messages')}</h2>
      {messages.length === 0 ? <p>{t('reports.follow.noMessages')}</p> : null}
      <ol class="messages">
        {messages.map((m) => (
          <li class={`message ${m.direction}`}>
            <p class="meta">
              {m.direction === 'to_reporter' ? t('reports.follow.fromInvestigator') : t('reports.follow.fromYou')} ·{' '}
              {formatDateTime(locale, m.at)}
            </p>
            <p class="body">{m.body}</p>
          </li>
        ))}
      </ol>
    </>
  );
}

/** Replying (also to a closed case, within its time) and adding evidence (while it is open). */
function FollowForms({
  page,
  errors,
  reply,
  open,
}: {
  page: PageContext;
  errors: FieldErrors;
  reply?: string | undefined;
  open: boolean;
}) {
  const { t } = page;
  return (
    <>
      <form method="post" action="/follow/messages" novalidate>
        <CsrfField token={page.csrfToken} />
        <TextArea
          t={t}
          name="message"
          label={t('reports.follow.reply')}
          errors={errors}
          value={reply}
          rows={4}
          maxLength={2000}
        />
        {open ? null : <p class="hint">{t('reports.closed.replyOpens')}</p>}
        <button type="submit" class="button">
          {t('cases.send')}
        </button>
      </form>
      {open ? <EvidenceForm page={page} errors={errors} /> : null}
    </>
  );
}

function EvidenceForm({ page, errors }: { page: PageContext; errors: FieldErrors }) {
  const { t } = page;
  return (
    <>
      <form method="post" action="/follow/evidence" enctype="multipart/form-data" novalidate>
        <CsrfField token={page.csrfToken} />
        <div class={errors.evidence ? 'field field-error' : 'field'}>
          <label for="evidence">{t('reports.follow.moreEvidence')}</label>
          {errors.evidence ? (
            <p class="error-message" id="evidence-error">
              <span class="visually-hidden">{t('form.errorPrefix')}</span> {errors.evidence}
            </p>
          ) : null}
          <input id="evidence" name="evidence" type="file" multiple accept={acceptAttribute} />
        </div>
        <button type="submit" class="button secondary">
          {t('reports.follow.upload')}
        </button>
      </form>
    </>
  );
}

export function FollowPage({
  page,
  followed,
  now,
  errors,
  notice,
  reply,
}: {
  page: PageContext;
  followed: Followed;
  now: Date;
  errors: FieldErrors;
  notice?: string | undefined;
  reply?: string;
}) {
  const { t, locale } = page;
  const closed = followed.status.status === 'closed';
  const canReply = (followed.status.replyUntil?.getTime() ?? 0) >= now.getTime();
  return (
    <Layout page={page} title={t('reports.follow.statusTitle')}>
      <ErrorSummary t={t} errors={errors} />
      <SuccessNotice text={notice} />
      <h1>{t('reports.follow.statusTitle')}</h1>
      <StatusList t={t} locale={locale} followed={followed} now={now} />
      {closed ? <ClosedCase t={t} locale={locale} followed={followed} now={now} /> : null}
      <Timeline t={t} locale={locale} steps={followed.status.timeline} />
      <Messages t={t} locale={locale} messages={followed.status.messages} />
      {!closed || canReply ? <FollowForms page={page} errors={errors} reply={reply} open={!closed} /> : null}
      <form method="post" action="/follow/leave" class="leave">
        <CsrfField token={page.csrfToken} />
        <button type="submit" class="link-button">
          {t('reports.follow.leave')}
        </button>
      </form>
    </Layout>
  );
}
