import { jurisdiction } from '../../../jurisdiction/kenya/index.ts';
import { formatDateTime } from '../../../platform/i18n/index.ts';
import { ErrorSummary, type FieldErrors } from '../../../platform/web/forms.tsx';
import { Layout, SuccessNotice } from '../../../platform/web/layout.tsx';
import type { PageContext } from '../../../platform/web/page.ts';
import type { SessionPage } from '../questions/session-page.ts';
import type { SessionView } from '../shared.ts';
import { topicCodes } from '../text.ts';
import type { AnswerRow, PublicCluster } from '../console/store.ts';
import {
  ClusterItem,
  CommitmentItem,
  CommitmentsSection,
  Notices,
  QuestionForm,
  sessionTitle,
  StateTag,
  When,
} from './parts.tsx';

export const LIVE_REFRESH_SECONDS = 30;

interface Props {
  page: PageContext;
  data: SessionPage;
  now: Date;
  topic?: string | undefined;
  notice?: string | undefined;
}

/** The texts the live script needs to show new things in the page's language. */
function liveStrings(page: PageContext) {
  const { t } = page;
  return {
    asked: t('engage.asked', { n: '{n}' }),
    upvotesOne: t('engage.upvotes.one', { count: '{n}' }),
    upvotesOther: t('engage.upvotes.other', { count: '{n}' }),
    answers: t('engage.session.answers', { n: '{n}' }),
    igAnswered: t('engage.session.igAnswered', { at: '{at}' }),
    anonymous: t('engage.anonymous'),
    voteFor: t('engage.vote.for', { text: '{text}' }),
    topics: Object.fromEntries(topicCodes.map((code) => [code, t(`engage.topic.${code}`)])),
    connected: t('engage.live.connected'),
    reconnecting: t('engage.live.reconnecting'),
    voteFailed: t('engage.live.voteFailed'),
  };
}

/** An empty cluster, for the template the live script fills in (the same markup as the server's). */
const blankCluster: PublicCluster = {
  id: '',
  askers: 1,
  upvotes: 0,
  weight: 1,
  question_id: '',
  body: '',
  display_name: null,
  topic: 'other',
  channel: 'web',
  created_at: new Date(0),
  question_upvotes: 0,
  question_count: 1,
  case_references: null,
  answered: false,
  external_url: null,
};

function AnswerItem({ page, answer, quote }: { page: PageContext; answer?: AnswerRow; quote: boolean }) {
  const { t, locale } = page;
  return (
    <li class="answer">
      {quote ? <p class="question-quote">{answer?.question ?? ''}</p> : null}
      <p class="meta">{t('engage.session.igAnswered', { at: answer ? formatDateTime(locale, answer.at) : '' })}</p>
      <p class="answer-body">{answer?.body ?? ''}</p>
    </li>
  );
}

/** The cluster the IG is answering now, with what was said so far (hidden when none). */
function AnsweringNowSection({ page, data }: { page: PageContext; data: SessionPage }) {
  const { t, locale } = page;
  const { answers, answering } = data;
  const answeringAnswers = answering ? answers.filter((a) => a.cluster_id === answering.id) : [];
  return (
    <section
      class="answering-now"
      id="answering-now"
      aria-labelledby="answering-title"
      hidden={!answering}
      data-cluster={answering?.id ?? ''}
    >
      <h2 id="answering-title">{t('engage.session.answeringNow')}</h2>
      <p class="question-body">{answering?.body}</p>
      <p class="meta answering-askers" hidden={!answering || answering.askers < 2}>
        {answering ? t('engage.asked', { n: answering.askers }) : null}
      </p>
      <div class="answering-answers">
        {answeringAnswers.map((a) => (
          <div class="answer">
            <p class="meta">{t('engage.session.igAnswered', { at: formatDateTime(locale, a.at) })}</p>
            <p class="answer-body">{a.body}</p>
          </div>
        ))}
      </div>
    </section>
  );
}

/** The answers given (newest first once the session is over). */
function AnswersSection({ page, answers, live }: { page: PageContext; answers: AnswerRow[]; live: boolean }) {
  const t = page.t;
  return (
    <section aria-labelledby="answers-title" id="answers-section" hidden={answers.length === 0}>
      <h2 id="answers-title">{t('engage.session.answers', { n: answers.length })}</h2>
      <ol class="answers" id="answers">
        {(live ? answers : [...answers].reverse()).map((a) => (
          <AnswerItem page={page} answer={a} quote={true} />
        ))}
      </ol>
    </section>
  );
}

/** Links filtering the questions by topic. */
function TopicFilter({ page, sessionId, topic }: { page: PageContext; sessionId: string; topic?: string | undefined }) {
  const t = page.t;
  return (
    <nav class="topics" aria-label={t('engage.session.topics')}>
      <ul>
        <li>
          {topic ? (
            <a href={`/engage/sessions/${sessionId}`}>{t('engage.session.allTopics')}</a>
          ) : (
            <strong>{t('engage.session.allTopics')}</strong>
          )}
        </li>
        {topicCodes.map((code) => (
          <li>
            {topic === code ? (
              <strong>{t(`engage.topic.${code}`)}</strong>
            ) : (
              <a href={`/engage/sessions/${sessionId}?topic=${code}`}>{t(`engage.topic.${code}`)}</a>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The questions asked, clustered, with their votes. */
function QuestionsSection({ page, data, topic }: { page: PageContext; data: SessionPage; topic?: string | undefined }) {
  const t = page.t;
  const { session, clusters, answering } = data;
  const open = session.state === 'upcoming' || session.state === 'live';
  const live = session.state === 'live';
  return (
    <section aria-labelledby="questions-title">
      <h2 id="questions-title">{open ? t('engage.session.questionsOpen') : t('engage.session.questions')}</h2>
      <TopicFilter page={page} sessionId={session.id} topic={topic} />
      <p id="no-questions" hidden={clusters.length > 0}>
        {t(open ? 'engage.session.noQuestionsYet' : 'engage.session.noQuestions')}
      </p>
      <ol class="clusters" id="clusters">
        {clusters.map((c) => (
          <ClusterItem
            page={page}
            cluster={c}
            voted={data.voted.has(c.id)}
            canVote={open}
            answering={live && answering?.id === c.id}
          />
        ))}
      </ol>
    </section>
  );
}

/** The commitments made in the session, then the templates the live script fills in. */
function SessionEnd({ page, data, following }: { page: PageContext; data: SessionPage; following: boolean }) {
  const t = page.t;
  const open = data.session.state === 'upcoming' || data.session.state === 'live';
  return (
    <>
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
      {following ? (
        <>
          <template id="cluster-template">
            <ClusterItem page={page} cluster={blankCluster} voted={false} canVote={open} />
          </template>
          <template id="answer-template">
            <AnswerItem page={page} quote={true} />
          </template>
        </>
      ) : null}
    </>
  );
}

/** What the live script needs: where the event stream is, and the page's language and texts. */
function liveAttributes(page: PageContext, data: SessionPage, topic: string | undefined) {
  return {
    'data-live': `/engage/sessions/${data.session.id}/events`,
    'data-state': data.session.state,
    'data-locale': page.locale,
    'data-zone': jurisdiction.timeZone,
    'data-topic': topic ?? '',
    'data-strings': JSON.stringify(liveStrings(page)),
  };
}

/**
 * A session as the public sees it. While it is live or upcoming, a small script follows the
 * session's event stream and updates the page in place; without JavaScript a live page refreshes
 * itself every 30 seconds instead.
 */
export function SessionPublicPage({ page, data, now, topic, notice }: Props) {
  const t = page.t;
  const { session, answers } = data;
  const open = session.state === 'upcoming' || session.state === 'live';
  const live = session.state === 'live';
  const following = open;
  return (
    <Layout
      page={page}
      title={sessionTitle(page, session)}
      {...(live ? { refreshSeconds: LIVE_REFRESH_SECONDS } : {})}
      scripts={following ? ['/assets/engage-live.js'] : []}
    >
      <SuccessNotice text={notice} />
      <p class="breadcrumb">
        <a href="/engage">{t('engage.title')}</a>
      </p>
      <h1>
        {sessionTitle(page, session)} <StateTag t={t} state={session.state} />
      </h1>
      <When page={page} session={session} now={now} />
      <Notices page={page} notices={data.notices} />
      <div id="live" {...(following ? liveAttributes(page, data, topic) : {})}>
        {live ? (
          <p class="hint" id="live-status" aria-live="polite">
            {t('engage.session.refreshes', { count: LIVE_REFRESH_SECONDS })}
          </p>
        ) : null}
        {open ? (
          <p>
            <a class="button" href={`/engage/sessions/${session.id}/ask`}>
              {t('engage.session.ask')}
            </a>
          </p>
        ) : null}

        {live ? <AnsweringNowSection page={page} data={data} /> : null}

        <CommitmentsSection
          page={page}
          id="earlier-title"
          title={t('engage.session.earlier')}
          items={data.earlier}
          href="/engage/commitments"
          linkText={t('engage.overview.commitmentsLink')}
        />

        {answers.length > 0 || following ? <AnswersSection page={page} answers={answers} live={live} /> : null}

        <QuestionsSection page={page} data={data} topic={topic} />

        <SessionEnd page={page} data={data} following={following} />
      </div>
    </Layout>
  );
}

/** The question form of one session on a page of its own (the live page refreshes, this one does not). */
export function AskPage({
  page,
  session,
  now,
  values,
  errors,
}: {
  page: PageContext;
  session: SessionView;
  now: Date;
  values: Record<string, string>;
  errors: FieldErrors;
}) {
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
