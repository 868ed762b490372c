import { formatDate } from '../../../platform/i18n/index.ts';
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
import type { Translate } from '../../../platform/i18n/index.ts';
import { EARLY_START_MINUTES, MAX_NOTICE, type SessionView } from '../shared.ts';
import type { NoticeRow, SeriesRow } from '../schedule/store.ts';
import { Notices, sessionTitle, StateTag, When } from './parts.tsx';

export type ScheduleForm = ReturnedForm<'series' | 'oneoff' | 'postpone' | 'cancel'>;

interface Props {
  page: PageContext;
  series: SeriesRow[];
  sessions: SessionView[];
  notices: Map<string, NoticeRow[]>;
  defaults: Record<string, string>;
  now: Date;
  form?: ScheduleForm | undefined;
  notice?: string | undefined;
}

function moderationOptions(t: Translate) {
  return [
    { value: 'pre', label: t('engage.mode.pre') },
    { value: 'post', label: t('engage.mode.post') },
  ];
}

type Mine = (name: ScheduleForm['name'], sessionId?: string) => ScheduleForm | undefined;

/** Going live, or ending a live session. */
function LiveForm({ page, s, now }: { page: PageContext; s: SessionView; now: Date }) {
  const t = page.t;
  const canGoLive = s.state === 'upcoming' && s.starts_at.getTime() - now.getTime() <= EARLY_START_MINUTES * 60_000;
  if (!(canGoLive || s.state === 'live')) return null;
  return (
    <form method="post" action={`/staff/engage/sessions/${s.id}/live`} class="inline-form">
      <CsrfField token={page.csrfToken} />
      <input type="hidden" name="live" value={s.state === 'live' ? 'end' : 'go'} />
      <button type="submit" class={s.state === 'live' ? 'button warning' : 'button'}>
        {s.state === 'live' ? t('engage.console.endNow') : t('engage.console.goLive')}
      </button>
    </form>
  );
}

/** A folded form moving an upcoming session to another date, with a notice to the public. */
function PostponeForm({
  page,
  s,
  postpone,
}: {
  page: PageContext;
  s: SessionView;
  postpone?: ScheduleForm | undefined;
}) {
  const t = page.t;
  return (
    <details open={Boolean(postpone)}>
      <summary>{t('engage.schedule.postpone')}</summary>
      <form method="post" action={`/staff/engage/sessions/${s.id}/postpone`} novalidate>
        <CsrfField token={page.csrfToken} />
        <div class="field-row">
          <TextInput
            t={t}
            id={`date-${s.id}`}
            name="date"
            type="date"
            label={t('engage.schedule.newDate')}
            errors={postpone?.errors ?? {}}
            value={postpone?.values.date}
          />
          <TextInput
            t={t}
            id={`time-${s.id}`}
            name="time"
            type="time"
            label={t('engage.schedule.newTime')}
            errors={postpone?.errors ?? {}}
            value={postpone?.values.time}
          />
        </div>
        <NoticeField page={page} id={`postpone-notice-${s.id}`} form={postpone} />
        <button type="submit" class="button secondary">
          {t('engage.schedule.postponeSubmit')}
        </button>
      </form>
    </details>
  );
}

/** The notice to the public that goes with a postponement or a cancellation. */
function NoticeField({ page, id, form }: { page: PageContext; id: string; form?: ScheduleForm | undefined }) {
  const t = page.t;
  return (
    <TextArea
      t={t}
      id={id}
      name="notice"
      label={t('engage.schedule.notice')}
      hint={t('engage.schedule.noticeHint')}
      errors={form?.errors ?? {}}
      value={form?.values.notice}
      maxLength={MAX_NOTICE}
      rows={3}
    />
  );
}

/** A folded form cancelling a session, with a notice to the public. */
function CancelForm({ page, s, cancel }: { page: PageContext; s: SessionView; cancel?: ScheduleForm | undefined }) {
  const t = page.t;
  return (
    <details open={Boolean(cancel)}>
      <summary>{t('engage.schedule.cancel')}</summary>
      <form method="post" action={`/staff/engage/sessions/${s.id}/cancel`} novalidate>
        <CsrfField token={page.csrfToken} />
        <NoticeField page={page} id={`cancel-notice-${s.id}`} form={cancel} />
        <button type="submit" class="button secondary">
          {t('engage.schedule.cancelSubmit')}
        </button>
      </form>
    </details>
  );
}

/** One session in the schedule, with what can be done to it. */
function ScheduledSession(props: { page: PageContext; s: SessionView; notices: NoticeRow[]; now: Date; mine: Mine }) {
  const { page, s, now, mine } = props;
  const t = page.t;
  return (
    <li class={`session ${s.state}`}>
      <h3>
        <a href={`/engage/sessions/${s.id}`}>{sessionTitle(page, s)}</a> <StateTag t={t} state={s.state} />
      </h3>
      <When page={page} session={s} now={now} />
      <p class="meta">
        {t(`engage.mode.${s.moderation}`)} ·{' '}
        {t('engage.overview.archiveCounts', { questions: s.question_count, answers: s.answer_count })} ·{' '}
        <a href={`/staff/engage?session=${s.id}`}>{t('engage.queue.title')}</a> ·{' '}
        <a href={`/staff/engage/sessions/${s.id}/console`}>{t('engage.queue.console')}</a>
      </p>
      <Notices page={page} notices={props.notices} />
      <LiveForm page={page} s={s} now={now} />
      {s.state === 'upcoming' ? <PostponeForm page={page} s={s} postpone={mine('postpone', s.id)} /> : null}
      {s.state === 'upcoming' || s.state === 'live' ? (
        <CancelForm page={page} s={s} cancel={mine('cancel', s.id)} />
      ) : null}
    </li>
  );
}

/** The series set so far, one line each. */
function SeriesList({ page, series }: { page: PageContext; series: SeriesRow[] }) {
  const { t, locale } = page;
  return (
    <>
      {series.length === 0 ? <p>{t('engage.schedule.noSeries')}</p> : null}
      <ul>
        {series.map((s) => (
          <li>
            {t('engage.schedule.seriesLine', {
              hashtag: s.hashtag,
              every: t('engage.schedule.everyWeeks', { count: s.interval_weeks }),
              time: s.start_time,
              duration: t('engage.time.minute', { count: s.duration_minutes }),
              first: formatDate(locale, `${s.first_date}T12:00:00Z`),
            })}{' '}
            ({t(`engage.mode.${s.moderation}`)})
          </li>
        ))}
      </ul>
    </>
  );
}

/** A new series of sessions. */
function SeriesForm(props: { page: PageContext; form?: ScheduleForm | undefined; values: Record<string, string> }) {
  const { page, form: seriesForm, values: seriesValues } = props;
  const t = page.t;
  return (
    <form method="post" action="/staff/engage/series" novalidate>
      <CsrfField token={page.csrfToken} />
      <div class="field-row">
        <TextInput
          t={t}
          name="firstDate"
          type="date"
          label={t('engage.schedule.firstDate')}
          errors={seriesForm?.errors ?? {}}
          value={seriesValues.firstDate}
        />
        <Select
          t={t}
          name="intervalWeeks"
          label={t('engage.schedule.interval')}
          errors={seriesForm?.errors ?? {}}
          value={seriesValues.intervalWeeks}
          options={[
            { value: '2', label: t('engage.schedule.everyOther') },
            { value: '1', label: t('engage.schedule.weekly') },
          ]}
        />
      </div>
      <SessionFields page={page} form={seriesForm} values={seriesValues} />
      <button type="submit" class="button">
        {t('engage.schedule.createSeries')}
      </button>
    </form>
  );
}

/** Start time, duration, hashtag and moderation, as the series form lays them out. */
function SessionFields(props: { page: PageContext; form?: ScheduleForm | undefined; values: Record<string, string> }) {
  const { page, form: seriesForm, values: seriesValues } = props;
  const t = page.t;
  return (
    <>
      <div class="field-row">
        <TextInput
          t={t}
          name="startTime"
          type="time"
          label={t('engage.schedule.startTime')}
          errors={seriesForm?.errors ?? {}}
          value={seriesValues.startTime}
        />
        <TextInput
          t={t}
          name="durationMinutes"
          type="number"
          inputmode="numeric"
          label={t('engage.schedule.duration')}
          errors={seriesForm?.errors ?? {}}
          value={seriesValues.durationMinutes}
        />
      </div>
      <div class="field-row">
        <TextInput
          t={t}
          name="hashtag"
          label={t('engage.schedule.hashtag')}
          errors={seriesForm?.errors ?? {}}
          value={seriesValues.hashtag}
          maxLength={61}
        />
        <Select
          t={t}
          name="moderation"
          label={t('engage.queue.mode')}
          errors={seriesForm?.errors ?? {}}
          value={seriesValues.moderation}
          options={moderationOptions(t)}
        />
      </div>
    </>
  );
}

/** The day and time of a one-off session. */
function OneOffDateTime(props: { page: PageContext; form?: ScheduleForm | undefined; values: Record<string, string> }) {
  const { page, form: oneOff, values: oneOffValues } = props;
  const t = page.t;
  return (
    <div class="field-row">
      <TextInput
        t={t}
        id="oneoff-date"
        name="date"
        type="date"
        label={t('engage.schedule.date')}
        errors={oneOff?.errors ?? {}}
        value={oneOffValues.date}
      />
      <TextInput
        t={t}
        id="oneoff-time"
        name="time"
        type="time"
        label={t('engage.schedule.startTime')}
        errors={oneOff?.errors ?? {}}
        value={oneOffValues.time}
      />
    </div>
  );
}

/** A single session outside any series. */
function OneOffForm(props: { page: PageContext; form?: ScheduleForm | undefined; values: Record<string, string> }) {
  const { page, form: oneOff, values: oneOffValues } = props;
  const t = page.t;
  return (
    <form method="post" action="/staff/engage/sessions" novalidate>
      <CsrfField token={page.csrfToken} />
      <OneOffDateTime page={page} form={oneOff} values={oneOffValues} />
      <div class="field-row">
        <TextInput
          t={t}
          id="oneoff-durationMinutes"
          name="durationMinutes"
          type="number"
          inputmode="numeric"
          label={t('engage.schedule.duration')}
          errors={oneOff?.errors ?? {}}
          value={oneOffValues.durationMinutes}
        />
        <TextInput
          t={t}
          id="oneoff-hashtag"
          name="hashtag"
          label={t('engage.schedule.hashtag')}
          errors={oneOff?.errors ?? {}}
          value={oneOffValues.hashtag}
          maxLength={61}
        />
      </div>
      <Select
        t={t}
        id="oneoff-moderation"
        name="moderation"
        label={t('engage.queue.mode')}
        errors={oneOff?.errors ?? {}}
        value={oneOffValues.moderation}
        options={moderationOptions(t)}
      />
      <button type="submit" class="button">
        {t('engage.schedule.createOneOff')}
      </button>
    </form>
  );
}

/** /staff/engage/schedule: the IG's office sets the series, adds one-off sessions, postpones and cancels. */
export function SchedulePage({ page, series, sessions, notices, defaults, now, form, notice }: Props) {
  const t = page.t;
  const prefix = (name: ScheduleForm['name']) => (name === 'oneoff' ? 'oneoff-' : '');
  const fieldId = (f: ScheduleForm, field: string) => {
    if (!f.target) return `${prefix(f.name)}${field}`;
    return field === 'notice' ? `${f.name}-notice-${f.target}` : `${field}-${f.target}`;
  };
  const summary = form ? Object.fromEntries(Object.entries(form.errors).map(([k, v]) => [fieldId(form, k), v])) : {};
  const mine: Mine = (name, sessionId) => (form && form.name === name && form.target === sessionId ? form : undefined);
  const seriesForm = mine('series');
  const oneOff = mine('oneoff');
  const oneOffValues = oneOff?.values ?? {
    time: defaults.startTime ?? '',
    durationMinutes: defaults.durationMinutes ?? '',
    hashtag: defaults.hashtag ?? '',
    moderation: 'pre',
  };
  return (
    <Layout page={page} title={t('engage.schedule.title')}>
      <ErrorSummary t={t} errors={summary} />
      <SuccessNotice text={notice} />
      <h1>{t('engage.schedule.title')}</h1>

      <section aria-labelledby="sessions-title">
        <h2 id="sessions-title">{t('engage.schedule.sessions')}</h2>
        {sessions.length === 0 ? <p>{t('engage.schedule.noSessions')}</p> : null}
        <ol class="sessions">
          {sessions.map((s) => (
            <ScheduledSession page={page} s={s} notices={notices.get(s.id) ?? []} now={now} mine={mine} />
          ))}
        </ol>
      </section>

      <section aria-labelledby="series-title">
        <h2 id="series-title">{t('engage.schedule.series')}</h2>
        <SeriesList page={page} series={series} />
        <h3>{t('engage.schedule.newSeries')}</h3>
        <SeriesForm page={page} form={seriesForm} values={seriesForm?.values ?? defaults} />
      </section>

      <section aria-labelledby="oneoff-title">
        <h2 id="oneoff-title">{t('engage.schedule.oneOff')}</h2>
        <OneOffForm page={page} form={oneOff} values={oneOffValues} />
      </section>
    </Layout>
  );
}
