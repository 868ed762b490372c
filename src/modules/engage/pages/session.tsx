import { formatDateTime } from '../../../platform/i18n/index.ts';
import { ErrorSummary, type FieldErrors } from '../../../platform/web/forms.tsx';
import { Layout } from '../../../platform/web/layout.tsx';
import type { PageContext } from '../../../platform/web/page.ts';
import { topicCodes, type SessionPage, type SessionView } from '../service.ts';
import { ClusterItem, CommitmentItem, CommitmentsSection, Notices, QuestionForm, sessionTitle, StateTag, When } from './parts.tsx';

export const LIVE_REFRESH_SECONDS = 30;

interface Props {
  page: PageContext;
  data: SessionPage;
  now: Date;
  topic?: string | undefined;
  notice?: string | undefined;
}

/** A session as the public sees it; while live it refreshes itself every 30 seconds. */
export function SessionPublicPage({ page, data, now, topic, notice }: Props) {
  const { t, locale } = page;
  const { session, clusters, answers, answering } = data;
  const open = session.state === 'upcoming' || session.state === 'live';
  const live = session.state === 'live';
  const answeringAnswers = answering ? answers.filter((a) => a.cluster_id === answering.id) : [];
  return (
    <Layout page={page} title={sessionTitle(page, session)} {...(live ? { refreshSeconds: LIVE_REFRESH_SECONDS } : {})}>
      {notice ? (
        <div class="notice success" role="status">
          {notice}
        </div>
      ) : null}
      <p class="breadcrumb">
        <a href="/engage">{t('engage.title')}</a>
      </p>
      <h1>
        {sessionTitle(page, session)} <StateTag t={t} state={session.state} />
      </h1>
      <When page={page} session={session} now={now} />
      <Notices page={page} notices={data.notices} />
      {live ? <p class="hint">{t('engage.session.refreshes', { n: LIVE_REFRESH_SECONDS })}</p> : null}
      {open ? (
        <p>
          <a class="button" href={`/engage/sessions/${session.id}/ask`}>
            {t('engage.session.ask')}
          </a>
        </p>
      ) : null}

      {live && answering ? (
        <section class="answering-now" aria-labelledby="answering-title">
          <h2 id="answering-title">{t('engage.session.answeringNow')}</h2>
          <p class="question-body">{answering.body}</p>
          {answering.askers > 1 ? <p class="meta">{t('engage.asked', { n: answering.askers })}</p> : null}
          {answeringAnswers.map((a) => (
            <div class="answer">
              <p class="meta">{t('engage.session.igAnswered', { at: formatDateTime(locale, a.at) })}</p>
              <p class="answer-body">{a.body}</p>
            </div>
          ))}
        </section>
      ) : null}

      <CommitmentsSection
        page={page}
        id="earlier-title"
        title={t('engage.session.earlier')}
        items={data.earlier}
        href="/engage/commitments"
        linkText={t('engage.overview.commitmentsLink')}
      />

      {answers.length > 0 ? (
        <section aria-labelledby="answers-title">
          <h2 id="answers-title">{t('engage.session.answers', { n: answers.length })}</h2>
          <ol class="answers">
            {(live ? answers : [...answers].reverse()).map((a) => (
              <li class="answer">
                {a.question ? <p class="question-quote">{a.question}</p> : null}
                <p class="meta">{t('engage.session.igAnswered', { at: formatDateTime(locale, a.at) })}</p>
                <p class="answer-body">{a.body}</p>
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      <section aria-labelledby="questions-title">
        <h2 id="questions-title">{open ? t('engage.session.questionsOpen') : t('engage.session.questions')}</h2>
        <nav class="topics" aria-label={t('engage.session.topics')}>
          <ul>
            <li>{topic ? <a href={`/engage/sessions/${session.id}`}>{t('engage.session.allTopics')}</a> : <strong>{t('engage.session.allTopics')}</strong>}</li>
            {topicCodes.map((code) => (
              <li>{topic === code ? <strong>{t(`engage.topic.${code}`)}</strong> : <a href={`/engage/sessions/${session.id}?topic=${code}`}>{t(`engage.topic.${code}`)}</a>}</li>
            ))}
          </ul>
        </nav>
        {clusters.length === 0 ? <p>{t(open ? 'engage.session.noQuestionsYet' : 'engage.session.noQuestions')}</p> : null}
        <ol class="clusters">
          {clusters.map((c) => (
            <ClusterItem page={page} cluster={c} voted={data.voted.has(c.question_id)} canVote={open} answering={live && answering?.id === c.id} />
          ))}
        </ol>
      </section>

      {data.commitments.length > 0 ? (
        <section aria-labelledby="promises-title">
          <h2 id="promises-title">{t('engage.session.commitments')}</h2>
          <ul class="commitments">
            {data.commitments.map((c) => (
              <CommitmentItem page={page} c={c} />
            ))}
          </ul>
        </section>
      ) : null}
    </Layout>
  );
}

/** The question form of one session on a page of its own (the live page refreshes, this one does not). */
export function AskPage({ page, session, now, values, errors }: { page: PageContext; session: SessionView; now: Date; values: Record<string, string>; errors: FieldErrors }) {
  const { t } = page;
  return (
    <Layout page={page} title={t('engage.ask.pageTitle')}>
      <ErrorSummary t={t} errors={errors} />
      <p class="breadcrumb">
        <a href={`/engage/sessions/${session.id}`}>{sessionTitle(page, session)}</a>
      </p>
      <h1>{t('engage.ask.pageTitle')}</h1>
      <When page={page} session={session} now={now} />
      <QuestionForm page={page} session={session} values={values} errors={errors} from="ask" />
    </Layout>
  );
}
