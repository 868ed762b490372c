import { formatDate } from '../../../platform/i18n/index.ts';
import { ErrorSummary, type FieldErrors } from '../../../platform/web/forms.tsx';
import { Layout } from '../../../platform/web/layout.tsx';
import type { PageContext } from '../../../platform/web/page.ts';
import type { Overview } from '../schedule/overview.ts';
import { Notices, QuestionForm, sessionTitle, StateTag, When } from './parts.tsx';

interface Props {
  page: PageContext;
  overview: Overview;
  now: Date;
  values?: Record<string, string>;
  errors?: FieldErrors;
}

type OverviewSession = Overview['upcoming'][number];

/** A session live now, with the way to follow it. */
function LivePanel({ page, s, now }: { page: PageContext; s: Overview['live'][number]; now: Date }) {
  const t = page.t;
  return (
    <section class="live-panel" aria-labelledby={`live-${s.id}`}>
      <h2 id={`live-${s.id}`}>
        <StateTag t={t} state={s.state} /> <a href={`/engage/sessions/${s.id}`}>{sessionTitle(page, s)}</a>
      </h2>
      <When page={page} session={s} now={now} />
      <p>
        <a class="button" href={`/engage/sessions/${s.id}`}>
          {t('engage.overview.follow')}
        </a>
      </p>
    </section>
  );
}

/** The question form of the session open for questions, or a word that none is scheduled. */
function AskSection(props: {
  page: PageContext;
  open: Overview['open'];
  now: Date;
  values: Record<string, string>;
  errors: FieldErrors;
}) {
  const { page, open, now, values, errors } = props;
  const t = page.t;
  if (!open) return <p class="notice">{t('engage.overview.noneScheduled')}</p>;
  return (
    <section aria-labelledby="ask-title">
      <h2 id="ask-title">{open.state === 'live' ? t('engage.ask.titleLive') : t('engage.ask.titleAhead')}</h2>
      <p>
        <a href={`/engage/sessions/${open.id}`}>{sessionTitle(page, open)}</a>
      </p>
      {open.state === 'upcoming' ? <When page={page} session={open} now={now} /> : null}
      <QuestionForm page={page} session={open} values={values} errors={errors} from="engage" />
    </section>
  );
}

/** The next three sessions in full, the later ones as dates. */
function UpcomingSection({ page, overview, now }: { page: PageContext; overview: Overview; now: Date }) {
  const t = page.t;
  const { upcoming, notices } = overview;
  return (
    <section aria-labelledby="upcoming-title">
      <h2 id="upcoming-title">{t('engage.overview.upcoming')}</h2>
      {upcoming.length === 0 ? <p>{t('engage.overview.noUpcoming')}</p> : null}
      <ul class="sessions">
        {upcoming.slice(0, 3).map((s) => (
          <li class={`session ${s.state}`}>
            <h3>
              <a href={`/engage/sessions/${s.id}`}>{sessionTitle(page, s)}</a> <StateTag t={t} state={s.state} />
            </h3>
            <When page={page} session={s} now={now} />
            {s.question_count > 0 ? (
              <p class="meta">{t('engage.overview.sentAhead', { n: s.question_count })}</p>
            ) : null}
            <Notices page={page} notices={notices.get(s.id) ?? []} />
          </li>
        ))}
      </ul>
      {upcoming.length > 3 ? <LaterSessions page={page} later={upcoming.slice(3)} /> : null}
    </section>
  );
}

function LaterSessions({ page, later }: { page: PageContext; later: OverviewSession[] }) {
  const t = page.t;
  return (
    <p class="later">
      {t('engage.overview.later')}{' '}
      {later.map((s, i) => (
        <>
          {i > 0 ? ', ' : ''}
          <a href={`/engage/sessions/${s.id}`}>{formatDate(page.locale, s.starts_at)}</a>
          {s.state === 'cancelled' ? ` (${t('engage.state.cancelled')})` : ''}
        </>
      ))}
    </p>
  );
}

/** How many commitments are open, overdue and done. */
function CommitmentsSummary({ page, commitments }: { page: PageContext; commitments: Overview['commitments'] }) {
  const t = page.t;
  return (
    <section aria-labelledby="commitments-title" class="commitments-summary">
      <h2 id="commitments-title">{t('engage.overview.commitments')}</h2>
      <p>
        {t('engage.overview.commitmentsCount', {
          open: commitments.open,
          overdue: commitments.overdue,
          done: commitments.done,
        })}
      </p>
      <p>
        <a href="/engage/commitments">{t('engage.overview.commitmentsLink')}</a>
      </p>
    </section>
  );
}

/** Past sessions. */
function Archive({ page, past }: { page: PageContext; past: Overview['past'] }) {
  const t = page.t;
  return (
    <section aria-labelledby="archive-title">
      <h2 id="archive-title">{t('engage.overview.archive')}</h2>
      {past.length === 0 ? <p>{t('engage.overview.noArchive')}</p> : null}
      <ul class="sessions archive">
        {past.map((s) => (
          <li>
            <a href={`/engage/sessions/${s.id}`}>{sessionTitle(page, s)}</a> <StateTag t={t} state={s.state} />{' '}
            <span class="meta">
              {s.state === 'ended'
                ? t('engage.overview.archiveCounts', { questions: s.question_count, answers: s.answer_count })
                : ''}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** /engage: the live session, the next ones with a countdown, the question form, the archive. */
export function EngagePage({ page, overview, now, values = {}, errors = {} }: Props) {
  const { t } = page;
  return (
    <Layout page={page} title={t('engage.title')}>
      <ErrorSummary t={t} errors={errors} />
      <h1>{t('engage.title')}</h1>
      <p class="lead">{t('engage.lead')}</p>

      {overview.live.map((s) => (
        <LivePanel page={page} s={s} now={now} />
      ))}

      <AskSection page={page} open={overview.open} now={now} values={values} errors={errors} />

      <UpcomingSection page={page} overview={overview} now={now} />

      <CommitmentsSummary page={page} commitments={overview.commitments} />

      <Archive page={page} past={overview.past} />
    </Layout>
  );
}
