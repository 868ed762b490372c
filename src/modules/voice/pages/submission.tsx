import { formatDateTime } from '../../../platform/i18n/index.ts';
import { CsrfField, ErrorSummary, Select, type FieldErrors } from '../../../platform/web/forms.tsx';
import { Layout, SuccessNotice } from '../../../platform/web/layout.tsx';
import type { PageContext } from '../../../platform/web/page.ts';
import { assignableUnits } from '../letter.ts';
import type { SubmissionView } from '../view.ts';
import { Custodian } from './custodian.tsx';
import { Clock } from './parts.tsx';
import { Resignation } from './resignation.tsx';

interface FormProps {
  page: PageContext;
  view: SubmissionView;
  errors: FieldErrors;
  values: Record<string, string | undefined>;
}

/** The writer's receipt: registry number, time, hash and signature, with its downloads. */
function Receipt({ page, view }: { page: PageContext; view: SubmissionView }) {
  const { t, locale } = page;
  const s = view.submission;
  return (
    <section class="receipt" aria-labelledby="receipt-title">
      <h2 id="receipt-title">{t('voice.receipt.title')}</h2>
      <dl>
        <dt>{t('voice.receipt.number')}</dt>
        <dd>{s.registry_number}</dd>
        <dt>{t('voice.receipt.received')}</dt>
        <dd>{formatDateTime(locale, s.received_at)}</dd>
        <dt>{t('voice.receipt.hash')}</dt>
        <dd>
          <code class="hash">{s.sha256}</code>
        </dd>
        <dt>{t('voice.receipt.signature')}</dt>
        <dd>
          <code class="hash">{s.receipt.signature}</code>
        </dd>
      </dl>
      <p>
        <a href={`/voice/${s.registry_number}/receipt.pdf`}>{t('voice.receipt.pdf')}</a> ·{' '}
        <a href={`/voice/${s.registry_number}/receipt.json`}>{t('voice.receipt.json')}</a> ·{' '}
        <a href="/verify">{t('voice.receipt.verify')}</a>
      </p>
    </section>
  );
}

/** The registry's choice of a unit to look into the letter (which opens its case). */
function AssignForm({ page, view, errors, values }: FormProps) {
  const { t } = page;
  return (
    <form
      method="post"
      action={`/staff/voice/${view.submission.registry_number}/assign`}
      novalidate
      class="assign-form"
    >
      <CsrfField token={page.csrfToken} />
      <Select
        t={t}
        name="unit"
        label={t('voice.assign.unit')}
        hint={t('voice.assign.hint')}
        errors={errors}
        value={values.unit}
        placeholder={t('voice.new.choose')}
        options={assignableUnits.map((u) => ({ value: u, label: t(`unit.${u}`) }))}
      />
      <button type="submit" class="button secondary">
        {t('voice.assign.button')}
      </button>
    </form>
  );
}

/** For a reader other than the writer: who wrote it (unless protected), where it went, and what they may do. */
function ReaderPart({ page, view, errors, values }: FormProps) {
  const { t } = page;
  const s = view.submission;
  return (
    <>
      <p class="meta">
        {view.identityShown
          ? t('voice.from', {
              name: s.author_name ?? '',
              serviceNumber: s.author_service_number,
              station: s.station_name ?? '',
            })
          : t('voice.fromProtected')}
      </p>
      {s.assigned_unit ? (
        <p>
          {t('voice.assigned', { unit: t(`unit.${s.assigned_unit}`) })}{' '}
          <a href={`/staff/cases/${s.case_reference}`}>{s.case_reference}</a>
        </p>
      ) : null}
      {view.canAssign ? <AssignForm page={page} view={view} errors={errors} values={values} /> : null}
      {view.custodian ? <Custodian page={page} view={view} errors={errors} values={values} /> : null}
      {view.canAcknowledge ? (
        <form method="post" action={`/staff/voice/${s.registry_number}/acknowledge`} class="inline-form">
          <CsrfField token={page.csrfToken} />
          <button type="submit" class="button">
            {t('voice.acknowledge')}
          </button>
        </form>
      ) : null}
    </>
  );
}

/** What the officer wrote: topic, text, the officers named, the meeting asked for and the attachments. */
function Letter({ page, view, base }: { page: PageContext; view: SubmissionView; base: string }) {
  const { t } = page;
  const s = view.submission;
  return (
    <section aria-labelledby="letter-title">
      <h2 id="letter-title">{t('voice.letter')}</h2>
      {s.topic ? <p class="meta">{t(`voice.topic.${s.topic}`)}</p> : null}
      <p class="voice-body">{s.body}</p>
      {view.named.length > 0 ? (
        <p class="meta">
          {t('voice.namedList')}{' '}
          {view.named.map((n) => [n.name, n.service_number].filter(Boolean).join(' ')).join('; ')}
        </p>
      ) : null}
      {s.meeting_requested ? <p class="meta">{t('voice.meetingRequested')}</p> : null}
      {view.attachments.length > 0 ? (
        <ul class="attachments">
          {view.attachments.map((f, i) => (
            <li>
              <a href={`${base}/${s.registry_number}/attachments/${i + 1}`}>{f.file_name}</a>{' '}
              <span class="meta">
                ({f.media_type}, {Math.max(1, Math.round(f.size_bytes / 1024))} KB)
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** The letter's history: received, escalated, acknowledged, assigned, decided. */
function History({ page, view }: { page: PageContext; view: SubmissionView }) {
  const { t, locale } = page;
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">{t('voice.history')}</h2>
      <ol class="history">
        {view.events.map((e) => (
          <li>
            <span class="meta">{formatDateTime(locale, e.at)}</span>{' '}
            {e.action === 'escalated'
              ? t('voice.event.escalated', {
                  to: t(`voice.escalatedTo.${String(e.detail.step)}`),
                  why: t(`voice.escalatedWhy.${String(e.detail.step)}`),
                })
              : t(`voice.event.${e.action}`, {
                  by: e.actor_label,
                  unit: typeof e.detail.unit === 'string' ? t(`unit.${e.detail.unit}`) : '',
                })}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** A submission: its receipt and clock for the writer; for the registry, the letter and the acknowledgement. */
export function SubmissionPage({
  page,
  view,
  now,
  notice,
  errors = {},
  values = {},
}: {
  page: PageContext;
  view: SubmissionView;
  now: Date;
  notice?: string | undefined;
  errors?: FieldErrors;
  values?: Record<string, string | undefined>;
}) {
  const { t } = page;
  const s = view.submission;
  const base = view.mine ? '/voice' : '/staff/voice';
  const form = { page, view, errors, values };
  return (
    <Layout page={page} title={`${s.registry_number} — ${s.subject}`}>
      <ErrorSummary t={t} errors={errors} />
      <SuccessNotice text={notice} />
      <p class="breadcrumb">
        <a href={base}>{view.mine ? t('voice.mine.title') : t('voice.inbox.title')}</a>
      </p>
      <h1>
        {s.subject} <span class="tag">{t(`voice.kind.${s.kind}`)}</span>
      </h1>
      <Clock page={page} s={s} now={now} />
      {view.mine ? <Receipt page={page} view={view} /> : <ReaderPart {...form} />}
      {s.kind === 'resignation' ? <Resignation {...form} /> : null}
      <Letter page={page} view={view} base={base} />
      <History page={page} view={view} />
    </Layout>
  );
}
