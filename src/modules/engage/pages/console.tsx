import { formatDateTime } from '../../../platform/i18n/index.ts';
import { CsrfField, ErrorSummary } from '../../../platform/web/forms.tsx';
import { Layout, SuccessNotice } from '../../../platform/web/layout.tsx';
import type { PageContext } from '../../../platform/web/page.ts';
import type { Console } from '../console/service.ts';
import { EARLY_START_MINUTES } from '../shared.ts';
import type { PublicCluster } from '../console/store.ts';
import { AnswerForm, UrgentForm, type ConsoleForm } from './console-forms.tsx';
import { CommitmentsSection, sessionTitle, StaffLive, StateTag, When } from './parts.tsx';

export type { ConsoleForm } from './console-forms.tsx';

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

type ConsoleSession = Console['session'];

/** Which session, its state and links, and going live or ending. */
function ConsoleHeader({ page, console: c, now }: { page: PageContext; console: Console; now: Date }) {
  const t = page.t;
  const { session } = c;
  return (
    <>
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
      <SessionControls page={page} session={session} now={now} />
    </>
  );
}

/** Going live (shortly before the start) or ending a live session. */
function SessionControls({ page, session, now }: { page: PageContext; session: ConsoleSession; now: Date }) {
  const t = page.t;
  const canGoLive =
    session.state === 'upcoming' && session.starts_at.getTime() - now.getTime() <= EARLY_START_MINUTES * 60_000;
  if (!(canGoLive || session.state === 'live')) return null;
  return (
    <form method="post" action={`/staff/engage/sessions/${session.id}/live`} class="inline-form" id="session-controls">
      <CsrfField token={page.csrfToken} />
      <input type="hidden" name="live" value={session.state === 'upcoming' ? 'go' : 'end'} />
      <button type="submit" class={session.state === 'upcoming' ? 'button' : 'button warning'}>
        {session.state === 'upcoming' ? t('engage.console.goLive') : t('engage.console.endNow')}
      </button>
    </form>
  );
}

/** The cluster being answered now, with its answer form. */
function AnsweringNow(props: { page: PageContext; console: Console; open: boolean; form?: ConsoleForm | undefined }) {
  const { page, console: c, open, form } = props;
  const t = page.t;
  const { session, answering } = c;
  return (
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
  );
}

/** A cluster's weight, topic and whether it was answered. */
function ClusterMeta({ page, cluster }: { page: PageContext; cluster: PublicCluster }) {
  const t = page.t;
  return (
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
  );
}

/** One approved cluster: answer it now, write an answer, or open an urgent case. */
function ClusterItem(props: {
  page: PageContext;
  console: Console;
  cluster: PublicCluster;
  open: boolean;
  form?: ConsoleForm | undefined;
}) {
  const { page, console: c, cluster, open, form } = props;
  const t = page.t;
  const { session, answering } = c;
  return (
    <li class={answering?.id === cluster.id ? 'cluster answering' : 'cluster'} id={`cluster-${cluster.id}`}>
      <ClusterMeta page={page} cluster={cluster} />
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
  );
}

/** The answers given so far in the session. */
function GivenAnswers({ page, answers }: { page: PageContext; answers: Console['answers'] }) {
  const { t, locale } = page;
  if (answers.length === 0) return null;
  return (
    <section aria-labelledby="given-title">
      <h2 id="given-title">{t('engage.session.answers', { n: answers.length })}</h2>
      <ol class="answers">
        {answers.map((a) => (
          <li class="answer">
            {a.question ? <p class="question-quote">{a.question}</p> : null}
            <p class="meta">{formatDateTime(locale, a.at)}</p>
            <p class="answer-body">{a.body}</p>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The IG's console: approved questions by weight, "answering now", answers, urgent cases. */
export function ConsolePage({ page, console: c, now, form, notice }: Props) {
  const t = page.t;
  const { session } = c;
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
      <ConsoleHeader page={page} console={c} now={now} />

      <AnsweringNow page={page} console={c} open={open} form={form} />

      <section aria-labelledby="clusters-title">
        <h2 id="clusters-title">{t('engage.console.clusters', { n: c.clusters.length })}</h2>
        {c.clusters.length === 0 ? <p>{t('engage.console.noClusters')}</p> : null}
        <ol class="clusters console">
          {c.clusters.map((cluster) => (
            <ClusterItem page={page} console={c} cluster={cluster} open={open} form={form} />
          ))}
        </ol>
      </section>

      <GivenAnswers page={page} answers={c.answers} />

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
