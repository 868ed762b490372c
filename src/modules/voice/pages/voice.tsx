import { formatDate, formatDateTime, type Translate } from '../../../platform/i18n/index.ts';
import {
  CsrfField,
  ErrorSummary,
  Radios,
  Select,
  TextArea,
  TextInput,
  type FieldErrors,
} from '../../../platform/web/forms.tsx';
import { Layout, SuccessNotice } from '../../../platform/web/layout.tsx';
import type { PageContext } from '../../../platform/web/page.ts';
import {
  assignableUnits,
  grievanceTopics,
  MAX_ATTACHMENTS,
  MAX_BODY,
  MAX_REASONS,
  MAX_REVEAL_REASON,
  MAX_SUBJECT,
  resignationOutcomes,
  voiceKinds,
  type SubmissionView,
} from '../service.ts';
import type { VoiceKind } from '../store.ts';
import { acceptAttribute } from '../../../platform/blobs/evidence.ts';
import type { SubmissionRow } from '../store.ts';

const NAMED_ROWS = 3;

/** "3 days 4 hours": how long something has waited, or how long is left. */
function span(t: Translate, from: Date, to: Date): string {
  const hours = Math.max(0, Math.floor((to.getTime() - from.getTime()) / 3600_000));
  const days = Math.floor(hours / 24);
  if (days === 0) return t('voice.span.hour', { count: hours });
  return t('voice.span.daysAndHours', {
    days: t('voice.span.day', { count: days }),
    hours: t('voice.span.hour', { count: hours % 24 }),
  });
}

/** The next step of the acknowledgement clock not yet taken: to whom, and when. */
function nextEscalation(s: SubmissionRow): { step: 'registry_head' | 'npsc'; at: Date } | null {
  if (!s.escalations.includes('registry_head')) return { step: 'registry_head', at: s.acknowledge_due_at };
  if (!s.escalations.includes('npsc'))
    return { step: 'npsc', at: new Date(2 * s.acknowledge_due_at.getTime() - s.received_at.getTime()) };
  return null;
}

/** Tags for the steps the clock has taken. */
function EscalationTags({ page, s }: { page: PageContext; s: SubmissionRow }) {
  return (
    <>
      {s.escalations.map((step) => (
        <strong class="tag overdue">{page.t(`voice.escalatedTag.${step}`)}</strong>
      ))}
    </>
  );
}

/** Where the submission stands: acknowledged, or how long it has waited, where it has gone and what is due next. */
export function Clock({ page, s, now }: { page: PageContext; s: SubmissionRow; now: Date }) {
  const { t, locale } = page;
  if (s.acknowledged_at) {
    return (
      <p class="clock done">
        {t('voice.clock.acknowledged', {
          at: formatDateTime(locale, s.acknowledged_at),
          waited: span(t, s.received_at, s.acknowledged_at),
        })}{' '}
        <EscalationTags page={page} s={s} />
      </p>
    );
  }
  const waited = span(t, s.received_at, now);
  const next = nextEscalation(s);
  return (
    <div class={s.overdue ? 'clock overdue' : 'clock'}>
      <p>
        {s.overdue ? (
          <>
            <strong class="tag overdue">{t('voice.clock.overdueTag')}</strong>{' '}
            {t('voice.clock.overdue', { waited, due: formatDateTime(locale, s.acknowledge_due_at) })}
          </>
        ) : (
          t('voice.clock.waiting', {
            waited,
            due: formatDateTime(locale, s.acknowledge_due_at),
            left: span(t, now, s.acknowledge_due_at),
          })
        )}{' '}
        <EscalationTags page={page} s={s} />
      </p>
      <p class="meta">
        {next
          ? t('voice.clock.next', { at: formatDateTime(locale, next.at), to: t(`voice.escalatedTo.${next.step}`) })
          : t('voice.clock.lastStep', { to: t('voice.escalatedTo.npsc') })}
      </p>
    </div>
  );
}

/** Letters, each with its number, kind, subject, when it was received and its clock. */
function SubmissionList({
  page,
  rows,
  now,
  base,
  none,
}: {
  page: PageContext;
  rows: SubmissionRow[];
  now: Date;
  base: string;
  none: string;
}) {
  const { t, locale } = page;
  if (rows.length === 0) return <p>{none}</p>;
  return (
    <ul class="voice-list">
      {rows.map((s) => (
        <li class={s.overdue ? 'overdue' : undefined}>
          <p>
            <a href={`${base}/${s.registry_number}`}>{s.registry_number}</a> ·{' '}
            <span class="tag">{t(`voice.kind.${s.kind}`)}</span> {s.subject}
          </p>
          <p class="meta">{t('voice.received', { at: formatDateTime(locale, s.received_at) })}</p>
          <Clock page={page} s={s} now={now} />
        </li>
      ))}
    </ul>
  );
}

/** /voice: an officer's own letters to the IG's office. */
export function MySubmissionsPage({ page, rows, now }: { page: PageContext; rows: SubmissionRow[]; now: Date }) {
  const { t } = page;
  return (
    <Layout page={page} title={t('voice.mine.title')}>
      <h1>{t('voice.mine.title')}</h1>
      <p>{t('voice.mine.intro')}</p>
      <p>
        <a class="button" href="/voice/new">
          {t('voice.mine.write')}
        </a>
      </p>
      <SubmissionList page={page} rows={rows} now={now} base="/voice" none={t('voice.mine.none')} />
    </Layout>
  );
}

/** /voice/new: the letter. */
export function NewSubmissionPage({
  page,
  values,
  errors,
  maxFileMb,
}: {
  page: PageContext;
  values: Record<string, string>;
  errors: FieldErrors;
  maxFileMb: number;
}) {
  const { t } = page;
  return (
    <Layout page={page} title={t('voice.new.title')}>
      <ErrorSummary t={t} errors={errors} />
      <p class="breadcrumb">
        <a href="/voice">{t('voice.mine.title')}</a>
      </p>
      <h1>{t('voice.new.title')}</h1>
      <p>{t('voice.new.intro')}</p>
      <form method="post" action="/voice" novalidate class="voice-form" enctype="multipart/form-data">
        <CsrfField token={page.csrfToken} />
        <Radios
          t={t}
          name="kind"
          label={t('voice.new.kind')}
          errors={errors}
          value={values.kind}
          options={voiceKinds.map((k) => ({ value: k, label: t(`voice.kind.${k}`), hint: t(`voice.kindHint.${k}`) }))}
        />
        <Select
          t={t}
          name="topic"
          label={t('voice.new.topic')}
          hint={t('voice.new.topicHint')}
          errors={errors}
          value={values.topic}
          placeholder={t('voice.new.choose')}
          options={grievanceTopics.map((g) => ({ value: g, label: t(`voice.topic.${g}`) }))}
        />
        <TextInput
          t={t}
          name="subject"
          label={t('voice.new.subject')}
          errors={errors}
          value={values.subject}
          maxLength={MAX_SUBJECT}
        />
        <TextArea
          t={t}
          name="body"
          label={t('voice.new.body')}
          hint={t('voice.new.bodyHint', { max: MAX_BODY })}
          errors={errors}
          value={values.body}
          maxLength={MAX_BODY}
          rows={10}
        />
        <fieldset class="named">
          <legend>{t('voice.new.named')}</legend>
          <p class="hint">{t('voice.new.namedHint')}</p>
          {Array.from({ length: NAMED_ROWS }, (_, i) => (
            <div class="named-row">
              <TextInput
                t={t}
                name={`named${i}Name`}
                label={t('voice.new.namedName')}
                errors={errors}
                value={values[`named${i}Name`]}
                maxLength={100}
              />
              <TextInput
                t={t}
                name={`named${i}ServiceNumber`}
                label={t('voice.new.namedServiceNumber')}
                errors={errors}
                value={values[`named${i}ServiceNumber`]}
                inputmode="numeric"
              />
            </div>
          ))}
        </fieldset>
        <div class={errors.protectIdentity ? 'field field-error' : 'field'}>
          {errors.protectIdentity ? (
            <p class="error-message" id="protectIdentity-error">
              <span class="visually-hidden">{t('form.errorPrefix')}</span> {errors.protectIdentity}
            </p>
          ) : null}
          <div class="radio">
            <input
              type="checkbox"
              id="protectIdentity"
              name="protectIdentity"
              value="yes"
              checked={values.protectIdentity === 'yes'}
              aria-describedby="protectIdentity-hint"
            />
            <label for="protectIdentity">{t('voice.new.protect')}</label>
            <p class="hint" id="protectIdentity-hint">
              {t('voice.new.protectHint')}
            </p>
          </div>
          <div class="radio">
            <input type="checkbox" id="meeting" name="meeting" value="yes" checked={values.meeting === 'yes'} />
            <label for="meeting">{t('voice.new.meeting')}</label>
          </div>
        </div>
        <div class={errors.attachments ? 'field field-error' : 'field'}>
          <label for="attachments">{t('voice.new.attachments')}</label>
          <p class="hint" id="attachments-hint">
            {t('voice.new.attachmentsHint', { max: MAX_ATTACHMENTS, mb: maxFileMb })}
          </p>
          {errors.attachments ? (
            <p class="error-message" id="attachments-error">
              <span class="visually-hidden">{t('form.errorPrefix')}</span> {errors.attachments}
            </p>
          ) : null}
          <input
            type="file"
            id="attachments"
            name="attachments"
            multiple
            accept={acceptAttribute}
            aria-describedby={errors.attachments ? 'attachments-hint attachments-error' : 'attachments-hint'}
          />
        </div>
        <p class="hint">{t('voice.new.wall')}</p>
        <button type="submit" class="button">
          {t('voice.new.send')}
        </button>
      </form>
    </Layout>
  );
}

/** Where a resignation request stands: its outcome, or when the decision is due; the writer may withdraw it, the registry decide it. */
function Resignation({
  page,
  view,
  errors,
  values,
}: {
  page: PageContext;
  view: SubmissionView;
  errors: FieldErrors;
  values: Record<string, string>;
}) {
  const { t, locale } = page;
  const s = view.submission;
  return (
    <section aria-labelledby="decision-title">
      <h2 id="decision-title">{t('voice.decision.title')}</h2>
      {s.outcome ? (
        <div class="decision">
          <p>
            <strong class="tag">{t(`voice.outcome.${s.outcome}`)}</strong> {formatDateTime(locale, s.outcome_at)}
          </p>
          {s.outcome === 'accepted' ? (
            <p>{t('voice.decision.effective', { date: formatDate(locale, s.outcome_effective_date) })}</p>
          ) : null}
          {s.outcome_referred_to ? <p>{t('voice.decision.referredTo', { to: s.outcome_referred_to })}</p> : null}
          {s.outcome_reasons ? <p class="voice-body">{s.outcome_reasons}</p> : null}
        </div>
      ) : (
        <p>{t('voice.decision.due', { date: formatDate(locale, view.decisionDueAt) })}</p>
      )}
      {view.canWithdraw ? (
        <form method="post" action={`/voice/${s.registry_number}/withdraw`} class="inline-form">
          <CsrfField token={page.csrfToken} />
          <button type="submit" class="button warning">
            {t('voice.withdraw')}
          </button>
        </form>
      ) : null}
      {view.canDecide ? (
        <form method="post" action={`/staff/voice/${s.registry_number}/decision`} novalidate class="decision-form">
          <CsrfField token={page.csrfToken} />
          <Radios
            t={t}
            name="outcome"
            label={t('voice.decision.outcome')}
            errors={errors}
            value={values.outcome}
            options={resignationOutcomes.map((o) => ({ value: o, label: t(`voice.outcome.${o}`) }))}
          />
          <TextInput
            t={t}
            name="effectiveDate"
            type="date"
            label={t('voice.decision.effectiveDate')}
            hint={t('voice.decision.effectiveHint')}
            errors={errors}
            value={values.effectiveDate}
          />
          <TextInput
            t={t}
            name="referredTo"
            label={t('voice.decision.referredToLabel')}
            hint={t('voice.decision.referredHint')}
            errors={errors}
            value={values.referredTo}
            maxLength={200}
          />
          <TextArea
            t={t}
            name="reasons"
            label={t('voice.decision.reasons')}
            hint={t('voice.decision.reasonsHint')}
            errors={errors}
            value={values.reasons}
            maxLength={MAX_REASONS}
            rows={4}
          />
          <button type="submit" class="button">
            {t('voice.decision.record')}
          </button>
        </form>
      ) : null}
    </section>
  );
}

/** The identity custodian's part of a protected letter: who was told, and the form to tell the assigned unit. */
function Custodian({
  page,
  view,
  errors,
  values,
}: {
  page: PageContext;
  view: SubmissionView;
  errors: FieldErrors;
  values: Record<string, string>;
}) {
  const { t, locale } = page;
  const s = view.submission;
  return (
    <section class="custodian" aria-labelledby="custodian-title">
      <h2 id="custodian-title">{t('voice.custodian.title')}</h2>
      <p>{t('voice.custodian.intro')}</p>
      {view.reveals.length > 0 ? (
        <ul>
          {view.reveals.map((r) => (
            <li>
              {t('voice.custodian.revealed', {
                unit: t(`unit.${r.unit_code}`),
                at: formatDateTime(locale, r.at),
                by: r.revealed_by_name,
              })}{' '}
              <span class="voice-body">{r.reason}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {view.canReveal ? (
        <form method="post" action={`/staff/voice/${s.registry_number}/reveal`} novalidate>
          <CsrfField token={page.csrfToken} />
          <TextArea
            t={t}
            name="reason"
            label={t('voice.custodian.reason', { unit: t(`unit.${s.assigned_unit ?? ''}`) })}
            hint={t('voice.custodian.reasonHint')}
            errors={errors}
            value={values.reason}
            maxLength={MAX_REVEAL_REASON}
            rows={3}
          />
          <button type="submit" class="button warning">
            {t('voice.custodian.reveal')}
          </button>
        </form>
      ) : s.assigned_unit ? null : (
        <p class="meta">{t('voice.custodian.notAssigned')}</p>
      )}
    </section>
  );
}

/** On a case opened for an officer's letter: the link to the letter. */
export function CaseLetter({
  page,
  registryNumber,
  kind,
}: {
  page: PageContext;
  registryNumber: string;
  kind: VoiceKind;
}) {
  const { t } = page;
  return (
    <section aria-labelledby="letter-link-title">
      <h2 id="letter-link-title">{t('voice.caseLetter.title')}</h2>
      <p>
        {t(`voice.kind.${kind}`)}: <a href={`/staff/voice/${registryNumber}`}>{registryNumber}</a>
      </p>
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
  values?: Record<string, string>;
}) {
  const { t, locale } = page;
  const s = view.submission;
  const base = view.mine ? '/voice' : '/staff/voice';
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
      {view.mine ? (
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
      ) : (
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
          {view.canAssign ? (
            <form method="post" action={`/staff/voice/${s.registry_number}/assign`} novalidate class="assign-form">
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
          ) : null}
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
      )}
      {s.kind === 'resignation' ? <Resignation page={page} view={view} errors={errors} values={values} /> : null}
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
    </Layout>
  );
}

/** /staff/voice: the registry's inbox, unacknowledged and overdue first. */
export function InboxPage({
  page,
  rows,
  now,
  kind,
  waiting,
  escalated,
}: {
  page: PageContext;
  rows: SubmissionRow[];
  now: Date;
  kind?: string | undefined;
  waiting: boolean;
  escalated: boolean;
}) {
  const { t } = page;
  return (
    <Layout page={page} title={t('voice.inbox.title')}>
      <h1>{t('voice.inbox.title')}</h1>
      <form method="get" action="/staff/voice" class="filters">
        <div class="field">
          <label for="kind">{t('voice.new.kind')}</label>
          <select id="kind" name="kind">
            <option value="">{t('voice.inbox.allKinds')}</option>
            {voiceKinds.map((k) => (
              <option value={k} selected={k === kind}>
                {t(`voice.kind.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field checkbox">
          <input type="checkbox" id="waiting" name="waiting" value="yes" checked={waiting} />
          <label for="waiting">{t('voice.inbox.waiting')}</label>
        </div>
        <div class="field checkbox">
          <input type="checkbox" id="escalated" name="escalated" value="yes" checked={escalated} />
          <label for="escalated">{t('voice.inbox.escalated')}</label>
        </div>
        <button type="submit" class="button secondary">
          {t('voice.inbox.show')}
        </button>
      </form>
      <SubmissionList page={page} rows={rows} now={now} base="/staff/voice" none={t('voice.inbox.none')} />
    </Layout>
  );
}
