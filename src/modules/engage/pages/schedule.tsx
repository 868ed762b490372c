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
import { EARLY_START_MINUTES, MAX_NOTICE, type SessionView } from '../service.ts';
import type { NoticeRow, SeriesRow } from '../store.ts';
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

/** /staff/engage/schedule: the IG's office sets the series, adds one-off sessions, postpones and cancels. */
export function SchedulePage({ page, series, sessions, notices, defaults, now, form, notice }: Props) {
  const { t, locale } = page;
  const prefix = (name: ScheduleForm['name']) => (name === 'oneoff' ? 'oneoff-' : '');
  const fieldId = (f: ScheduleForm, field: string) => {
    if (!f.target) return `${prefix(f.name)}${field}`;
    return field === 'notice' ? `${f.name}-notice-${f.target}` : `${field}-${f.target}`;
  };
  const summary = form ? Object.fromEntries(Object.entries(form.errors).map(([k, v]) => [fieldId(form, k), v])) : {};
  const mine = (name: ScheduleForm['name'], sessionId?: string) =>
    form && form.name === name && form.target === sessionId ? form : undefined;
  const seriesForm = mine('series');
  const seriesValues = seriesForm?.values ?? defaults;
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
          {sessions.map((s) => {
            const postpone = mine('postpone', s.id);
            const cancel = mine('cancel', s.id);
            const canGoLive =
              s.state === 'upcoming' && s.starts_at.getTime() - now.getTime() <= EARLY_START_MINUTES * 60_000;
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
                <Notices page={page} notices={notices.get(s.id) ?? []} />
                {canGoLive || s.state === 'live' ? (
                  <form method="post" action={`/staff/engage/sessions/${s.id}/live`} class="inline-form">
                    <CsrfField token={page.csrfToken} />
                    <input type="hidden" name="live" value={s.state === 'live' ? 'end' : 'go'} />
                    <button type="submit" class={s.state === 'live' ? 'button warning' : 'button'}>
                      {s.state === 'live' ? t('engage.console.endNow') : t('engage.console.goLive')}
                    </button>
                  </form>
                ) : null}
                {s.state === 'upcoming' ? (
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
                      <TextArea
                        t={t}
                        id={`postpone-notice-${s.id}`}
                        name="notice"
                        label={t('engage.schedule.notice')}
                        hint={t('engage.schedule.noticeHint')}
                        errors={postpone?.errors ?? {}}
                        value={postpone?.values.notice}
                        maxLength={MAX_NOTICE}
                        rows={3}
                      />
                      <button type="submit" class="button secondary">
                        {t('engage.schedule.postponeSubmit')}
                      </button>
                    </form>
                  </details>
                ) : null}
                {s.state === 'upcoming' || s.state === 'live' ? (
                  <details open={Boolean(cancel)}>
                    <summary>{t('engage.schedule.cancel')}</summary>
                    <form method="post" action={`/staff/engage/sessions/${s.id}/cancel`} novalidate>
                      <CsrfField token={page.csrfToken} />
                      <TextArea
                        t={t}
                        id={`cancel-notice-${s.id}`}
                        name="notice"
                        label={t('engage.schedule.notice')}
                        hint={t('engage.schedule.noticeHint')}
                        errors={cancel?.errors ?? {}}
                        value={cancel?.values.notice}
                        maxLength={MAX_NOTICE}
                        rows={3}
                      />
                      <button type="submit" class="button secondary">
                        {t('engage.schedule.cancelSubmit')}
                      </button>
                    </form>
                  </details>
                ) : null}
              </li>
            );
          })}
        </ol>
      </section>

      <section aria-labelledby="series-title">
        <h2 id="series-title">{t('engage.schedule.series')}</h2>
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
        <h3>{t('engage.schedule.newSeries')}</h3>
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
          <button type="submit" class="button">
            {t('engage.schedule.createSeries')}
          </button>
        </form>
      </section>

      <section aria-labelledby="oneoff-title">
        <h2 id="oneoff-title">{t('engage.schedule.oneOff')}</h2>
        <form method="post" action="/staff/engage/sessions" novalidate>
          <CsrfField token={page.csrfToken} />
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
      </section>
    </Layout>
  );
}
