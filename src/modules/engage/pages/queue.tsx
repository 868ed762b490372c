import { formatDateTime } from '../../../platform/i18n/index.ts';
import { CsrfField, ErrorSummary, Select, TextInput, type ReturnedForm } from '../../../platform/web/forms.tsx';
import { Layout, SuccessNotice } from '../../../platform/web/layout.tsx';
import type { PageContext } from '../../../platform/web/page.ts';
import { canRunConsole } from '../permissions.ts';
import { type ModerationQueue, queueFilters } from '../moderation/service.ts';
import { MAX_REASON } from '../shared.ts';
import { topicCodes } from '../text.ts';
import { sessionTitle, StaffLive, StateTag } from './parts.tsx';

export type QueueForm = ReturnedForm<'reject' | 'ban' | 'topic' | 'merge'>;

interface Props {
  page: PageContext;
  queue: ModerationQueue;
  form?: QueueForm | undefined;
  notice?: string | undefined;
}

/** A folded form that asks for an internal reason (rejecting a question, banning its asker), open again when sent back with errors. */
function ReasonForm(props: {
  page: PageContext;
  name: 'reject' | 'ban';
  questionId: string;
  sessionId: string;
  form?: QueueForm | undefined;
  action: string;
  decision?: string;
  summary: string;
  hint: string;
  submit: string;
}) {
  const { page, name, questionId, form } = props;
  const t = page.t;
  const mine = form?.name === name && form.target === questionId;
  return (
    <details open={mine}>
      <summary>{props.summary}</summary>
      <form method="post" action={props.action} novalidate>
        <CsrfField token={page.csrfToken} />
        <input type="hidden" name="session" value={props.sessionId} />
        {props.decision ? <input type="hidden" name="decision" value={props.decision} /> : null}
        <TextInput
          t={t}
          id={`${name === 'ban' ? 'ban-reason' : 'reason'}-${questionId}`}
          name="reason"
          label={t('engage.queue.reason')}
          hint={props.hint}
          errors={mine ? form.errors : {}}
          value={mine ? form.values.reason : undefined}
          maxLength={MAX_REASON}
        />
        <button type="submit" class="button secondary">
          {props.submit}
        </button>
      </form>
    </details>
  );
}

type Queue = ModerationQueue;
type QueueSession = NonNullable<Queue['session']>;
type QueuedQuestion = Queue['questions'][number];

function errorsFor(form: QueueForm | undefined, name: QueueForm['name'], questionId?: string) {
  return form && form.name === name && form.target === questionId ? form.errors : {};
}

function valueFor(form: QueueForm | undefined, name: QueueForm['name'], questionId: string | undefined, field: string) {
  return form && form.name === name && form.target === questionId ? form.values[field] : undefined;
}

/** Which session and which questions to show. */
function QueueFilters({ page, queue }: { page: PageContext; queue: Queue }) {
  const t = page.t;
  return (
    <form method="get" action="/staff/engage" class="filters">
      <div class="field">
        <label for="session">{t('engage.queue.session')}</label>
        <select id="session" name="session">
          {queue.sessions.map((s) => (
            <option value={s.id} selected={s.id === queue.session?.id}>
              {sessionTitle(page, s)} ({t(`engage.state.${s.state}`)})
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="status">{t('engage.queue.show')}</label>
        <select id="status" name="status">
          {queueFilters.map((f) => (
            <option value={f} selected={f === queue.filter}>
              {t(`engage.queue.filter.${f}`)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" class="button secondary">
        {t('engage.queue.apply')}
      </button>
    </form>
  );
}

/** The session's title, counts, links and moderation mode. */
function SessionHeader({ page, queue, session }: { page: PageContext; queue: Queue; session: QueueSession }) {
  const { t, actor } = page;
  const isIg = actor.kind === 'staff' && canRunConsole(actor);
  return (
    <>
      <h2>
        {sessionTitle(page, session)} <StateTag t={t} state={session.state} />
      </h2>
      <p class="meta" id="queue-counts" data-pending={queue.counts.pending ?? 0}>
        {t('engage.queue.counts', {
          pending: queue.counts.pending ?? 0,
          approved: queue.counts.approved ?? 0,
          rejected: queue.counts.rejected ?? 0,
        })}
      </p>
      <StaffLive page={page} sessionId={session.id} href={`/staff/engage?session=${session.id}&status=pending`} />
      <p>
        <a href={`/engage/sessions/${session.id}`}>{t('engage.queue.publicPage')}</a>
        {isIg ? (
          <>
            {' · '}
            <a href={`/staff/engage/sessions/${session.id}/console`}>{t('engage.queue.console')}</a>
          </>
        ) : null}
      </p>
      <form method="post" action={`/staff/engage/sessions/${session.id}/moderation`} class="inline-form">
        <CsrfField token={page.csrfToken} />
        <Select
          t={t}
          name="moderation"
          label={t('engage.queue.mode')}
          hint={t('engage.queue.modeHint')}
          errors={{}}
          value={session.moderation}
          options={[
            { value: 'pre', label: t('engage.mode.pre') },
            { value: 'post', label: t('engage.mode.post') },
          ]}
        />
        <button type="submit" class="button secondary">
          {t('engage.queue.modeSave')}
        </button>
      </form>
    </>
  );
}

/** Who asked, when and how, above the question. */
function QuestionMeta({ page, q }: { page: PageContext; q: QueuedQuestion }) {
  const { t, locale } = page;
  return (
    <p class="meta">
      <span class={`tag q-${q.status}`}>{t(`engage.status.${q.status}`)}</span>{' '}
      <span class="tag topic">{t(`engage.topic.${q.topic}`)}</span> #{q.id} · {q.display_name ?? t('engage.anonymous')}{' '}
      · {t('engage.queue.participant', { tag: q.tag })}
      {q.banned ? (
        <>
          {' '}
          <span class="tag overdue">{t('engage.queue.banned')}</span>
        </>
      ) : null}{' '}
      · {t(`engage.channel.${q.channel}`)} · {formatDateTime(locale, q.created_at)}
    </p>
  );
}

/** What can be done with a question: approve, reject, change its topic, ban its asker. */
function QuestionActions({ page, q, form }: { page: PageContext; q: QueuedQuestion; form?: QueueForm | undefined }) {
  const t = page.t;
  return (
    <div class="queue-actions">
      {q.status !== 'approved' ? (
        <form method="post" action={`/staff/engage/questions/${q.id}/moderate`} class="inline-form">
          <CsrfField token={page.csrfToken} />
          <input type="hidden" name="session" value={q.session_id} />
          <input type="hidden" name="decision" value="approve" />
          <button type="submit" class="button">
            {t('engage.queue.approve')}
          </button>
        </form>
      ) : null}
      {q.status !== 'rejected' ? (
        <ReasonForm
          page={page}
          name="reject"
          questionId={q.id}
          sessionId={q.session_id}
          form={form}
          action={`/staff/engage/questions/${q.id}/moderate`}
          decision="reject"
          summary={t('engage.queue.reject')}
          hint={t('engage.queue.reasonHint')}
          submit={t('engage.queue.rejectSubmit')}
        />
      ) : null}
      <TopicForm page={page} q={q} form={form} />
      {!q.banned ? (
        <ReasonForm
          page={page}
          name="ban"
          questionId={q.id}
          sessionId={q.session_id}
          form={form}
          action={`/staff/engage/questions/${q.id}/ban`}
          summary={t('engage.queue.ban')}
          hint={t('engage.queue.banHint')}
          submit={t('engage.queue.banSubmit')}
        />
      ) : null}
    </div>
  );
}

/** A folded form to change a question's topic. */
function TopicForm({ page, q, form }: { page: PageContext; q: QueuedQuestion; form?: QueueForm | undefined }) {
  const t = page.t;
  return (
    <details>
      <summary>{t('engage.queue.topic')}</summary>
      <form method="post" action={`/staff/engage/questions/${q.id}/topic`}>
        <CsrfField token={page.csrfToken} />
        <input type="hidden" name="session" value={q.session_id} />
        <Select
          t={t}
          id={`topic-${q.id}`}
          name="topic"
          label={t('engage.queue.topicLabel')}
          errors={errorsFor(form, 'topic', q.id)}
          value={q.topic}
          options={topicCodes.map((c) => ({ value: c, label: t(`engage.topic.${c}`) }))}
        />
        <button type="submit" class="button secondary">
          {t('engage.queue.topicSave')}
        </button>
      </form>
    </details>
  );
}

/** One question in the queue. */
function QueuedItem({ page, q, form }: { page: PageContext; q: QueuedQuestion; form?: QueueForm | undefined }) {
  const t = page.t;
  return (
    <li class={`queued status-${q.status}`} id={`question-${q.id}`}>
      <QuestionMeta page={page} q={q} />
      <p class="question-body">{q.body}</p>
      <p class="meta">
        {t('engage.queue.cluster', { id: q.cluster_id, n: q.cluster_askers ?? 0 })}
        {q.masked_count > 0 ? ` · ${t('engage.queue.masked', { n: q.masked_count })}` : ''}
        {q.case_reference ? ` · ${t('engage.caseOpened')} ${q.case_reference}` : ''}
      </p>
      <QuestionActions page={page} q={q} form={form} />
    </li>
  );
}

/** Merging one cluster of questions into another. */
function MergeSection(props: { page: PageContext; queue: Queue; session: QueueSession; form?: QueueForm | undefined }) {
  const { page, queue, session, form } = props;
  const t = page.t;
  const options = () =>
    queue.clusters.map((c) => ({
      value: c.id,
      label: `#${c.id} (${c.questions}) ${c.body.slice(0, 80)}`,
    }));
  return (
    <section aria-labelledby="merge-title" class="actions">
      <h2 id="merge-title">{t('engage.queue.merge')}</h2>
      <p class="hint">{t('engage.queue.mergeHint')}</p>
      <form method="post" action={`/staff/engage/sessions/${session.id}/merge`} novalidate>
        <CsrfField token={page.csrfToken} />
        <Select
          t={t}
          name="from"
          label={t('engage.queue.mergeFrom')}
          errors={errorsFor(form, 'merge')}
          value={valueFor(form, 'merge', undefined, 'from')}
          placeholder={t('engage.queue.choose')}
          options={options()}
        />
        <Select
          t={t}
          name="into"
          label={t('engage.queue.mergeInto')}
          errors={errorsFor(form, 'merge')}
          value={valueFor(form, 'merge', undefined, 'into')}
          placeholder={t('engage.queue.choose')}
          options={options()}
        />
        <button type="submit" class="button secondary">
          {t('engage.queue.mergeSubmit')}
        </button>
      </form>
    </section>
  );
}

/** The moderation decisions taken in the session. */
function ModerationLog({ page, log }: { page: PageContext; log: Queue['log'] }) {
  const { t, locale } = page;
  if (log.length === 0) return null;
  return (
    <section aria-labelledby="log-title">
      <h2 id="log-title">{t('engage.queue.log')}</h2>
      <ol class="history">
        {log.map((m) => (
          <li>
            <span class="meta">{formatDateTime(locale, m.at)}</span> · <strong>{m.actor_label}</strong> ·{' '}
            {t(`engage.decision.${m.action}`)}
            {m.question_id ? ` #${m.question_id}` : ''}
            {m.reason ? <p class="reason">{m.reason}</p> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** /staff/engage: incoming questions of a session for moderators and the IG's office. */
export function QueuePage({ page, queue, form, notice }: Props) {
  const t = page.t;
  const { session } = queue;
  const fieldId = (field: string) => (form?.target ? `${field}-${form.target}` : field);
  const summary = form ? Object.fromEntries(Object.entries(form.errors).map(([k, v]) => [fieldId(k), v])) : {};
  return (
    <Layout page={page} title={t('engage.queue.title')} scripts={session ? ['/assets/engage-staff.js'] : []}>
      <ErrorSummary t={t} errors={summary} />
      <SuccessNotice text={notice} />
      <h1>{t('engage.queue.title')}</h1>
      <QueueFilters page={page} queue={queue} />

      {!session ? (
        <p>{t('engage.queue.noSession')}</p>
      ) : (
        <>
          <SessionHeader page={page} queue={queue} session={session} />

          {queue.questions.length === 0 ? <p>{t('engage.queue.empty')}</p> : null}
          <ol class="queue">
            {queue.questions.map((q) => (
              <QueuedItem page={page} q={q} form={form} />
            ))}
          </ol>

          <MergeSection page={page} queue={queue} session={session} form={form} />
          <ModerationLog page={page} log={queue.log} />
        </>
      )}
    </Layout>
  );
}
