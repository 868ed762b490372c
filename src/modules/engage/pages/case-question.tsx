import { formatDateTime } from '../../../platform/i18n/index.ts';
import type { PageContext } from '../../../platform/web/page.ts';
import type { SessionView } from '../shared.ts';
import type { AnswerRow } from '../console/store.ts';
import type { QuestionRow } from '../questions/store.ts';
import { sessionTitle } from './parts.tsx';

/** The #EngageTheIG question behind a case, as investigators see it on the case page. */
export function CaseQuestion({
  page,
  question,
  session,
  answers,
}: {
  page: PageContext;
  question: QuestionRow;
  session: SessionView;
  answers: AnswerRow[];
}) {
  const { t, locale } = page;
  return (
    <section aria-labelledby="question-title" class="report">
      <h2 id="question-title">{t('engage.case.title')}</h2>
      <p class="question-body">{question.body}</p>
      <dl class="summary-list">
        <dt>{t('engage.case.session')}</dt>
        <dd>
          <a href={`/engage/sessions/${session.id}`}>{sessionTitle(page, session)}</a>
        </dd>
        <dt>{t('engage.case.asked')}</dt>
        <dd>
          {formatDateTime(locale, question.created_at)} · {t(`engage.channel.${question.channel}`)} ·{' '}
          {question.display_name ?? t('engage.anonymous')}
        </dd>
        <dt>{t('engage.case.topic')}</dt>
        <dd>{t(`engage.topic.${question.topic}`)}</dd>
      </dl>
      {answers.map((a) => (
        <div class="answer">
          <p class="meta">{t('engage.session.igAnswered', { at: formatDateTime(locale, a.at) })}</p>
          <p class="answer-body">{a.body}</p>
        </div>
      ))}
    </section>
  );
}
