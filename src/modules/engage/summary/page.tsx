import { formatDateTime } from '../../../platform/i18n/index.ts';
import { BarChart, ShareBar } from '../../../platform/web/charts.tsx';
import { Layout } from '../../../platform/web/layout.tsx';
import type { PageContext } from '../../../platform/web/page.ts';
import {
  askersText,
  asOfText,
  channelRows,
  commitmentMeta,
  headlineFigures,
  noQuestionsText,
  stateText,
  summaryPath,
  summaryTitle,
  topicRows,
} from './format.ts';
import type { SessionSummary } from './service.ts';

interface Props {
  page: PageContext;
  summary: SessionSummary;
}

interface Part {
  page: PageContext;
  s: SessionSummary;
}

/** The headline figures, or a word that no question came. */
function FiguresSection({ page, s }: Part) {
  const { t, locale } = page;
  return (
    <section aria-labelledby="summary-figures-title">
      <h2 id="summary-figures-title">{t('engage.summary.figures.title')}</h2>
      {s.received.total > 0 ? (
        <ul class="summary-figures">
          {headlineFigures(t, locale, s).map((f) => (
            <li class={`summary-figure summary-figure-${f.key}`}>
              <span class="summary-figure-value">{f.value}</span> <span class="summary-figure-label">{f.label}</span>
              {f.share !== undefined ? <ShareBar share={f.share} /> : null}
              {f.detail ? <span class="summary-figure-detail">{f.detail}</span> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>{noQuestionsText(t, s)}</p>
      )}
    </section>
  );
}

/** The questions by topic and by channel, as bar charts. */
function ChartSections({ page, s }: Part) {
  const { t, locale } = page;
  return (
    <>
      <section aria-labelledby="summary-topics-title">
        <h2 id="summary-topics-title">{t('engage.summary.topics.title')}</h2>
        <BarChart
          id="summary-topics-chart"
          title={t('engage.summary.chart', { title: t('engage.summary.topics.title') })}
          caption={t('engage.summary.topics.title')}
          labelHeading={t('engage.summary.topics.topic')}
          valueHeading={t('engage.summary.count')}
          data={topicRows(t, locale, s)}
        />
      </section>
      <section aria-labelledby="summary-channels-title">
        <h2 id="summary-channels-title">{t('engage.summary.channels.title')}</h2>
        <BarChart
          id="summary-channels-chart"
          title={t('engage.summary.chart', { title: t('engage.summary.channels.title') })}
          caption={t('engage.summary.channels.title')}
          labelHeading={t('engage.summary.channels.channel')}
          valueHeading={t('engage.summary.count')}
          data={channelRows(t, locale, s)}
        />
      </section>
    </>
  );
}

/** One of the most asked clusters with the answers it got. */
function TopCluster({ page, c }: { page: PageContext; c: SessionSummary['top'][number] }) {
  const { t, locale } = page;
  return (
    <li class="summary-cluster">
      <p class="meta">
        <span class="tag topic">{t(`engage.topic.${c.topic}`)}</span> {askersText(t, locale, c)}
      </p>
      <p class="question-body">{c.body}</p>
      {c.answers.length === 0 ? (
        <p>
          <span class="tag summary-unanswered">{t('engage.summary.top.notAnswered')}</span>
        </p>
      ) : (
        c.answers.map((a) => (
          <div class="answer">
            <p class="meta">{t('engage.summary.top.answer', { at: formatDateTime(locale, a.at) })}</p>
            <p class="answer-body">{a.body}</p>
          </div>
        ))
      )}
    </li>
  );
}

/** The most asked questions. */
function TopSection({ page, s }: Part) {
  const t = page.t;
  return (
    <section aria-labelledby="summary-top-title">
      <h2 id="summary-top-title">{t('engage.summary.top.title')}</h2>
      {s.top.length === 0 ? (
        <p>{t('engage.summary.top.none')}</p>
      ) : (
        <>
          <p>{t('engage.summary.top.lead', { count: s.top.length })}</p>
          <ol class="summary-top">
            {s.top.map((c) => (
              <TopCluster page={page} c={c} />
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

/** The questions that became urgent cases. */
function UrgentSection({ page, s }: Part) {
  const t = page.t;
  return (
    <section aria-labelledby="summary-urgent-title">
      <h2 id="summary-urgent-title">{t('engage.summary.urgent.title')}</h2>
      <p>
        {s.urgent.count === 0
          ? t('engage.summary.urgent.none')
          : t('engage.summary.urgent.lead', { count: s.urgent.count })}
      </p>
      {s.urgent.listed.length > 0 ? (
        <ul class="summary-urgent">
          {s.urgent.listed.map((u) => (
            <li>
              <p class="question-body">{u.body}</p>
              <p class="case-opened">
                <span class="tag case">{t('engage.caseOpened')}</span> {u.reference}
              </p>
            </li>
          ))}
        </ul>
      ) : null}
      {s.urgent.unlisted > 0 ? (
        <p class="meta">{t('engage.summary.urgent.unlisted', { count: s.urgent.unlisted })}</p>
      ) : null}
    </section>
  );
}

/** What was promised, and where each promise stands. */
function CommitmentsSection({ page, s }: Part) {
  const { t, locale } = page;
  return (
    <section aria-labelledby="summary-commitments-title">
      <h2 id="summary-commitments-title">{t('engage.summary.commitments.title')}</h2>
      {s.commitments.length === 0 ? <p>{t('engage.summary.commitments.none')}</p> : null}
      <ul class="commitments">
        {s.commitments.map((c) => (
          <li class={c.status === 'open' ? 'commitment' : `commitment ${c.status}`}>
            <p class="commitment-body">
              <strong class={`tag summary-status-${c.status} ${c.status}`}>
                {t(`engage.summary.status.${c.status}`)}
              </strong>{' '}
              {c.body}
            </p>
            <p class="meta">{commitmentMeta(t, locale, c)}</p>
          </li>
        ))}
      </ul>
      <p>
        <a href="/engage/commitments">{t('engage.summary.commitments.all')}</a>
      </p>
    </section>
  );
}

/** How the figures were counted. */
function MethodSection({ page }: { page: PageContext }) {
  const t = page.t;
  return (
    <section aria-labelledby="summary-method-title" class="summary-method">
      <h2 id="summary-method-title">{t('engage.summary.method.title')}</h2>
      <p>{t('engage.summary.method.received')}</p>
      <p>{t('engage.summary.method.clusters')}</p>
      <p>{t('engage.summary.method.privacy')}</p>
      <p>{t('engage.summary.method.times')}</p>
    </section>
  );
}

/** A session in figures, for the public: what was asked, answered, escalated and promised. */
export function SummaryPage({ page, summary: s }: Props) {
  const { t, locale } = page;
  const title = summaryTitle(t, locale, s);
  const sessionHref = `/engage/sessions/${s.session.id}`;
  const any = s.received.total > 0;
  return (
    <Layout page={page} title={title}>
      <p class="breadcrumb">
        <a href="/engage">{t('engage.title')}</a> ›{' '}
        <a href={sessionHref}>
          {t('engage.session.title', { hashtag: s.session.hashtag, date: formatDateTime(locale, s.session.startsAt) })}
        </a>
      </p>
      <h1>{title}</h1>
      <p class="lead">{stateText(t, locale, s)}</p>
      <p class="meta">{asOfText(t, locale, s)}</p>
      <p class="summary-links">
        <a href={`${summaryPath(s.session.id)}.pdf?lang=${locale}`}>{t('engage.summary.download')}</a>
        <a href={sessionHref}>{t('engage.summary.sessionPage')}</a>
      </p>

      <FiguresSection page={page} s={s} />

      {any ? (
        <>
          <ChartSections page={page} s={s} />
          <TopSection page={page} s={s} />
          <UrgentSection page={page} s={s} />
          <CommitmentsSection page={page} s={s} />
        </>
      ) : null}

      <MethodSection page={page} />
    </Layout>
  );
}
