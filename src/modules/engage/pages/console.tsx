import { engageTopics, misconductCategory } from '../../../jurisdiction/kenya/index.ts';
import { formatDateTime } from '../../../platform/i18n/index.ts';
import {
  CsrfField,
  ErrorSummary,
  Select,
  TextArea,
  TextInput,
  type ReturnedForm,
} from '../../../platform/web/forms.tsx';
import { Layout, SuccessNotice } from '../../../platform/web/layout.tsx';
import type { PageContext } from '../../../platform/web/page.ts';
import {
  caseCategories,
  EARLY_START_MINUTES,
  MAX_ANSWER,
  MAX_CASE_DAYS,
  MAX_COMMITMENT,
  MAX_INSTRUCTION,
  unitCodes,
  type Console,
} from '../service.ts';
import type { PublicCluster } from '../store.ts';
import { CommitmentsSection, sessionTitle, StaffLive, StateTag, When } from './parts.tsx';

export type ConsoleForm = ReturnedForm<'answer' | 'urgent' | 'answering' | 'live'>;

interface Props {
  page: PageContext;
  console: Console;
  now: Date;
  form?: ConsoleForm | undefined;
  notice?: string | undefined;
}

function fieldId(form: ConsoleForm, field: string): string {
  if (form.name === 'answer' && form.target) return `${field}-${form.target}`;
  if (form.name === 'urgent' && form.target) return `${field}-q${form.target}`;
  if (form.name === 'live') return 'session-controls';
  if (form.name === 'answering') return 'answering-title';
  return field;
}

function AnswerForm({
  page,
  sessionId,
  cluster,
  form,
}: {
  page: PageContext;
  sessionId: string;
  cluster: PublicCluster;
  form?: ConsoleForm | undefined;
}) {
  const { t } = page;
  const mine = form?.name === 'answer' && form.target === cluster.id;
  const errors = mine ? form.errors : {};
  const values = mine ? form.values : {};
  const id = (field: string) => `${field}-${cluster.id}`;
  return (
    <form method="post" action={`/staff/engage/sessions/${sessionId}/answers`} novalidate class="answer-form">
      <CsrfField token={page.csrfToken} />
      <input type="hidden" name="cluster" value={cluster.id} />
      <TextArea
        t={t}
        id={id('answer')}
        name="answer"
        label={t('engage.console.answer')}
        hint={t('engage.console.answerHint')}
        errors={errors}
        value={values.answer}
        maxLength={MAX_ANSWER}
        rows={4}
      />
      <fieldset class="commitment-fields">
        <legend>{t('engage.console.commitment')}</legend>
        <p class="hint">{t('engage.console.commitmentHint')}</p>
        <TextInput
          t={t}
          id={id('commitment')}
          name="commitment"
          label={t('engage.console.commitmentText')}
          errors={errors}
          value={values.commitment}
          maxLength={MAX_COMMITMENT}
        />
        <div class="field-row">
          <Select
            t={t}
            id={id('unit')}
            name="unit"
            label={t('engage.console.unit')}
            errors={errors}
            value={values.unit}
            placeholder={t('engage.queue.choose')}
            options={unitCodes.map((u) => ({ value: u, label: t(`unit.${u}`) }))}
          />
          <TextInput
            t={t}
            id={id('dueDate')}
            name="dueDate"
            type="date"
            label={t('engage.console.dueDate')}
            errors={errors}
            value={values.dueDate}
          />
        </div>
      </fieldset>
      <button type="submit" class="button">
        {t('engage.console.publish')}
      </button>
    </form>
  );
}

function UrgentForm({
  page,
  sessionId,
  cluster,
  form,
}: {
  page: PageContext;
  sessionId: string;
  cluster: PublicCluster;
  form?: ConsoleForm | undefined;
}) {
  const { t } = page;
  const mine = form?.name === 'urgent' && form.target === cluster.question_id;
  const errors = mine ? form.errors : {};
  const suggested = engageTopics.find((topic) => topic.code === cluster.topic)?.caseCategory ?? 'other';
  const values = mine
    ? form.values
    : { category: suggested, unit: misconductCategory(suggested)?.unit ?? 'IAU', days: '7' };
  const id = (field: string) => `${field}-q${cluster.question_id}`;
  return (
    <details open={mine}>
      <summary>{t('engage.console.urgent')}</summary>
      <form method="post" action={`/staff/engage/questions/${cluster.question_id}/urgent`} novalidate>
        <CsrfField token={page.csrfToken} />
        <input type="hidden" name="session" value={sessionId} />
        <p class="hint">{t('engage.console.urgentHint')}</p>
        <TextInput
          t={t}
          id={id('instruction')}
          name="instruction"
          label={t('engage.console.instruction')}
          hint={t('engage.console.instructionHint')}
          errors={errors}
          value={values.instruction}
          maxLength={MAX_INSTRUCTION}
        />
        <Select
          t={t}
          id={id('category')}
          name="category"
          label={t('engage.console.category')}
          errors={errors}
          value={values.category}
          options={caseCategories.map((c) => ({ value: c, label: t(`category.${c}`) }))}
        />
        <div class="field-row">
          <Select
            t={t}
            id={id('unit')}
            name="unit"
            label={t('engage.console.unitCase')}
            errors={errors}
            value={values.unit}
            options={unitCodes.map((u) => ({ value: u, label: t(`unit.${u}`) }))}
          />
          <TextInput
            t={t}
            id={id('days')}
            name="days"
            type="number"
            inputmode="numeric"
            label={t('engage.console.days', { max: MAX_CASE_DAYS })}
            errors={errors}
            value={values.days}
          />
        </div>
        <button type="submit" class="button secondary">
          {t('engage.console.openCase')}
        </button>
      </form>
    </details>
  );
}

/** The IG's console: approved questions by weight, "answering now", answers, urgent cases. */
export function ConsolePage({ page, console: c, now, form, notice }: Props) {
  const { t, locale } = page;
  const { session, answering } = c;
  const summary = form ? Object.fromEntries(Object.entries(form.errors).map(([k, v]) => [fieldId(form, k), v])) : {};
  const open = session.state === 'upcoming' || session.state === 'live';
  return (
    <Layout page={page} title={t('engage.console.title')} scripts={['/assets/engage-staff.js']}>
      <ErrorSummary t={t} errors={summary} />
      <SuccessNotice text={notice} />
      <p class="breadcrumb">
        <a href={`/staff/engage?session=${session.id}`}>{t('engage.queue.title')}</a>
      </p>
      <h1>{t('engage.console.title')}</h1>
      <form method="get" action="/staff/engage/console" class="filters">
        <div class="field">
          <label for="session">{t('engage.queue.session')}</label>
          <select id="session" name="session">
            {c.sessions.map((s) => (
              <option value={s.id} selected={s.id === session.id}>
                {sessionTitle(page, s)} ({t(`engage.state.${s.state}`)})
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="button secondary">
          {t('engage.queue.apply')}
        </button>
      </form>
      <h2>
        {sessionTitle(page, session)} <StateTag t={t} state={session.state} />
      </h2>
      <When page={page} session={session} now={now} />
      <p>
        <a href={`/engage/sessions/${session.id}`}>{t('engage.queue.publicPage')}</a> ·{' '}
        <a href={`/staff/engage?session=${session.id}&status=pending`} id="pending-link">
          {t('engage.console.pending', { n: c.pending })}
        </a>
      </p>
      <StaffLive page={page} sessionId={session.id} href={`/staff/engage/sessions/${session.id}/console`} />
      {(session.state === 'upcoming' && session.starts_at.getTime() - now.getTime() <= EARLY_START_MINUTES * 60_000) ||
      session.state === 'live' ? (
        <form
          method="post"
          action={`/staff/engage/sessions/${session.id}/live`}
          class="inline-form"
          id="session-controls"
        >
          <CsrfField token={page.csrfToken} />
          <input type="hidden" name="live" value={session.state === 'upcoming' ? 'go' : 'end'} />
          <button type="submit" class={session.state === 'upcoming' ? 'button' : 'button warning'}>
            {session.state === 'upcoming' ? t('engage.console.goLive') : t('engage.console.endNow')}
          </button>
        </form>
      ) : null}

      <section class="answering-now" aria-labelledby="answering-title">
        <h2 id="answering-title">{t('engage.session.answeringNow')}</h2>
        {answering ? (
          <>
            <p class="question-body">{answering.body}</p>
            <p class="meta">
              {t('engage.console.weight', {
                weight: answering.weight,
                askers: answering.askers,
                upvotes: answering.upvotes,
              })}
            </p>
            <AnswerForm page={page} sessionId={session.id} cluster={answering} form={form} />
            <form method="post" action={`/staff/engage/sessions/${session.id}/answering`} class="inline-form">
              <CsrfField token={page.csrfToken} />
              <input type="hidden" name="cluster" value="" />
              <button type="submit" class="link-button">
                {t('engage.console.stopAnswering')}
              </button>
            </form>
          </>
        ) : (
          <p>{open ? t('engage.console.chooseOne') : t('engage.console.closed')}</p>
        )}
      </section>

      <section aria-labelledby="clusters-title">
        <h2 id="clusters-title">{t('engage.console.clusters', { n: c.clusters.length })}</h2>
        {c.clusters.length === 0 ? <p>{t('engage.console.noClusters')}</p> : null}
        <ol class="clusters console">
          {c.clusters.map((cluster) => (
            <li class={answering?.id === cluster.id ? 'cluster answering' : 'cluster'} id={`cluster-${cluster.id}`}>
              <p class="meta">
                <strong class="weight">
                  {t('engage.console.weight', {
                    weight: cluster.weight,
                    askers: cluster.askers,
                    upvotes: cluster.upvotes,
                  })}
                </strong>{' '}
                · <span class="tag topic">{t(`engage.topic.${cluster.topic}`)}</span>
                {cluster.answered ? (
                  <>
                    {' '}
                    <span class="tag answered">{t('engage.answered')}</span>
                  </>
                ) : null}
              </p>
              <p class="question-body">{cluster.body}</p>
              {cluster.question_count > 1 ? (
                <p class="meta">{t('engage.console.similar', { n: cluster.question_count - 1 })}</p>
              ) : null}
              {cluster.case_references?.length ? (
                <p class="case-opened">
                  <span class="tag case">{t('engage.caseOpened')}</span> {cluster.case_references.join(', ')}
                </p>
              ) : null}
              {open && answering?.id !== cluster.id ? (
                <form method="post" action={`/staff/engage/sessions/${session.id}/answering`} class="inline-form">
                  <CsrfField token={page.csrfToken} />
                  <input type="hidden" name="cluster" value={cluster.id} />
                  <button type="submit" class="button">
                    {t('engage.console.answerNow')}
                  </button>
                </form>
              ) : null}
              {answering?.id !== cluster.id ? (
                <details open={form?.name === 'answer' && form.target === cluster.id}>
                  <summary>{t('engage.console.writeAnswer')}</summary>
                  <AnswerForm page={page} sessionId={session.id} cluster={cluster} form={form} />
                </details>
              ) : null}
              {cluster.case_references?.length ? null : (
                <UrgentForm page={page} sessionId={session.id} cluster={cluster} form={form} />
              )}
            </li>
          ))}
        </ol>
      </section>

      {c.answers.length > 0 ? (
        <section aria-labelledby="given-title">
          <h2 id="given-title">{t('engage.session.answers', { n: c.answers.length })}</h2>
          <ol class="answers">
            {c.answers.map((a) => (
              <li class="answer">
                {a.question ? <p class="question-quote">{a.question}</p> : null}
                <p class="meta">{formatDateTime(locale, a.at)}</p>
                <p class="answer-body">{a.body}</p>
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      <CommitmentsSection
        page={page}
        id="made-title"
        title={t('engage.session.commitments')}
        items={c.commitments}
        href="/staff/engage/commitments"
        linkText={t('engage.console.allCommitments')}
      />
    </Layout>
  );
}
