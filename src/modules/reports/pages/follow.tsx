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
    <Layout page={page} title={t('reports.receipt.title')}>
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

/** Replying and adding evidence, while the case is open. */
function FollowForms({ page, errors, reply }: { page: PageContext; errors: FieldErrors; reply?: string | undefined }) {
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
        <button type="submit" class="button">
          {t('cases.send')}
        </button>
      </form>
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
  return (
    <Layout page={page} title={t('reports.follow.statusTitle')}>
      <ErrorSummary t={t} errors={errors} />
      <SuccessNotice text={notice} />
      <h1>{t('reports.follow.statusTitle')}</h1>
      <StatusList t={t} locale={locale} followed={followed} now={now} />
      <Messages t={t} locale={locale} messages={followed.status.messages} />
      {followed.status.status !== 'closed' ? <FollowForms page={page} errors={errors} reply={reply} /> : null}
      <form method="post" action="/follow/leave" class="leave">
        <CsrfField token={page.csrfToken} />
        <button type="submit" class="link-button">
          {t('reports.follow.leave')}
        </button>
      </form>
    </Layout>
  );
}
