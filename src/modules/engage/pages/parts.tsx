import type { ComponentChildren } from 'preact';
import { formatDate, formatDateTime, formatTime, type Translate } from '../../../platform/i18n/index.ts';
import { CsrfField, TextArea, TextInput, type FieldErrors } from '../../../platform/web/forms.tsx';
import type { PageContext } from '../../../platform/web/page.ts';
import { timeUntil } from '../schedule.ts';
import { MAX_NAME, MAX_QUESTION, type SessionView } from '../shared.ts';
import type { CommitmentRow, PublicCluster } from '../console/store.ts';
import type { NoticeRow } from '../schedule/store.ts';

/** "3 days 4 hours", "2 hours 5 minutes", "12 minutes": the two largest units that are not zero. */
export function durationText(t: Translate, from: Date, to: Date): string {
  const { days, hours, minutes } = timeUntil(from, to);
  const unit = (name: 'day' | 'hour' | 'minute', count: number) => t(`engage.time.${name}`, { count });
  const parts: string[] = [];
  if (days > 0) parts.push(unit('day', days), ...(hours > 0 ? [unit('hour', hours)] : []));
  else if (hours > 0) parts.push(unit('hour', hours), ...(minutes > 0 ? [unit('minute', minutes)] : []));
  else parts.push(unit('minute', Math.max(1, minutes)));
  return parts.length === 2 ? t('engage.time.and', { a: parts[0]!, b: parts[1]! }) : parts[0]!;
}

export function sessionTitle(page: PageContext, s: SessionView): string {
  return page.t('engage.session.title', { hashtag: s.hashtag, date: formatDateTime(page.locale, s.starts_at) });
}

export function StateTag({ t, state }: { t: Translate; state: SessionView['state'] }) {
  return <span class={`tag engage-${state}`}>{t(`engage.state.${state}`)}</span>;
}

/** When the session is, relative to now, in words computed on the server. */
export function When({ page, session, now }: { page: PageContext; session: SessionView; now: Date }) {
  const { t, locale } = page;
  switch (session.state) {
    case 'upcoming':
      return (
        <p class="countdown">
          <strong>{t('engage.when.startsIn', { time: durationText(t, now, session.starts_at) })}</strong>{' '}
          <span class="meta">
            (
            {t('engage.when.at', {
              start: formatDateTime(locale, session.starts_at),
              end: formatTime(locale, session.ends_at),
            })}
            )
          </span>
        </p>
      );
    case 'live':
      return (
        <p class="countdown live">
          <strong>
            {t('engage.when.endsIn', {
              time: durationText(t, now, session.ends_at),
              end: formatTime(locale, session.ends_at),
            })}
          </strong>
        </p>
      );
    case 'ended':
      return <p class="countdown">{t('engage.when.ended', { date: formatDate(locale, session.starts_at) })}</p>;
    case 'cancelled':
      return <p class="countdown">{t('engage.when.cancelled', { date: formatDate(locale, session.starts_at) })}</p>;
  }
}

export function Notices({ page, notices }: { page: PageContext; notices: NoticeRow[] }) {
  const { t, locale } = page;
  if (notices.length === 0) return null;
  return (
    <>
      {notices.map((n) => (
        <div class={`notice ${n.kind === 'cancelled' ? 'warning' : ''}`} role="note">
          <p>
            <strong>
              {n.kind === 'cancelled'
                ? t('engage.notice.cancelled')
                : t('engage.notice.postponed', {
                    from: formatDateTime(locale, n.from_starts_at),
                    to: formatDateTime(locale, n.to_starts_at),
                  })}
            </strong>
          </p>
          <p class="notice-body">{n.body}</p>
          <p class="meta">{t('engage.notice.published', { at: formatDateTime(locale, n.at) })}</p>
        </div>
      ))}
    </>
  );
}

export function QuestionForm({
  page,
  session,
  values,
  errors,
  from,
}: {
  page: PageContext;
  session: SessionView;
  values: Record<string, string>;
  errors: FieldErrors;
  from: 'engage' | 'ask';
}) {
  const { t } = page;
  return (
    <form method="post" action={`/engage/sessions/${session.id}/questions`} novalidate class="ask-form">
      <CsrfField token={page.csrfToken} />
      <input type="hidden" name="from" value={from} />
      <TextArea
        t={t}
        name="question"
        label={t('engage.ask.question')}
        hint={t('engage.ask.questionHint', { max: MAX_QUESTION })}
        errors={errors}
        value={values.question}
        maxLength={MAX_QUESTION}
        rows={4}
      />
      <TextInput
        t={t}
        name="name"
        label={t('engage.ask.name')}
        hint={t('engage.ask.nameHint')}
        errors={errors}
        value={values.name}
        maxLength={MAX_NAME}
        autocomplete="off"
      />
      <p class="hint">{session.moderation === 'pre' ? t('engage.ask.preModerated') : t('engage.ask.postModerated')}</p>
      <button type="submit" class="button">
        {t('engage.ask.submit')}
      </button>
    </form>
  );
}

/** Who asked and when, the post on X it came from, and whether it was answered. */
function ClusterMeta({
  page,
  cluster,
  postUrl,
}: {
  page: PageContext;
  cluster: PublicCluster;
  postUrl?: string | undefined;
}) {
  const { t, locale } = page;
  return (
    <p class="meta">
      <span class="tag topic">{t(`engage.topic.${cluster.topic}`)}</span>{' '}
      <span class="asker">{cluster.display_name ?? t('engage.anonymous')}</span> ·{' '}
      <span class="asked-at">{formatDateTime(locale, cluster.created_at)}</span>
      {/* always there (hidden without a post) so the live script can fill it in */}
      <span class="x-post" hidden={!postUrl}>
        {' '}
        ·{' '}
        <a href={postUrl ?? '#'} rel="noopener noreferrer nofollow">
          {t('engage.channels.x.post')}
        </a>
      </span>
      <span class="answered-mark" hidden={!cluster.answered}>
        {' '}
        · <span class="tag answered">{t('engage.answered')}</span>
      </span>
    </p>
  );
}

/** The upvote and unvote forms: both always there, one hidden, so the page's script can switch between them in place. */
function VoteBox({ page, cluster, voted }: { page: PageContext; cluster: PublicCluster; voted: boolean }) {
  const t = page.t;
  return (
    <div class="vote-box">
      <form method="post" action={`/engage/questions/${cluster.question_id}/vote`} class="vote upvote" hidden={voted}>
        <CsrfField token={page.csrfToken} />
        <button type="submit" class="button secondary">
          {t('engage.vote.submit')}
          <span class="visually-hidden"> {t('engage.vote.for', { text: cluster.body.slice(0, 60) })}</span>
        </button>
      </form>
      <form
        method="post"
        action={`/engage/questions/${cluster.question_id}/unvote`}
        class="vote unvote"
        hidden={!voted}
      >
        <CsrfField token={page.csrfToken} />
        <span class="voted">{t('engage.vote.done')}</span>{' '}
        <button type="submit" class="button secondary">
          {t('engage.vote.remove')}
          <span class="visually-hidden"> {t('engage.vote.for', { text: cluster.body.slice(0, 60) })}</span>
        </button>
      </form>
      {/* filled by the page's script when an upvote could not be sent */}
      <span class="vote-error error-message" role="alert" hidden></span>
    </div>
  );
}

/** One cluster of questions as the public sees it, with its upvote button. */
export function ClusterItem({
  page,
  cluster,
  voted,
  canVote,
  answering,
}: {
  page: PageContext;
  cluster: PublicCluster;
  voted: boolean;
  canVote: boolean;
  answering?: boolean;
}) {
  const t = page.t;
  const others = cluster.askers - 1;
  const postUrl =
    cluster.channel === 'x' && cluster.external_url?.startsWith('https://') ? cluster.external_url : undefined;
  return (
    <li
      class={answering ? 'cluster answering' : 'cluster'}
      id={`q-${cluster.question_id}`}
      data-cluster={cluster.id}
      data-weight={cluster.weight}
    >
      <ClusterMeta page={page} cluster={cluster} postUrl={postUrl} />
      <p class="question-body">{cluster.body}</p>
      <p class="case-opened" hidden={!cluster.case_references?.length}>
        <span class="tag case">{t('engage.caseOpened')}</span>{' '}
        <span class="case-refs">{cluster.case_references?.join(', ')}</span>
      </p>
      <div class="cluster-foot">
        <p class="meta cluster-counts">
          {others > 0 ? <strong>{t('engage.asked', { n: cluster.askers })}</strong> : null}
          {others > 0 ? ' · ' : null}
          {t('engage.upvotes', { count: cluster.upvotes })}
        </p>
        {canVote ? <VoteBox page={page} cluster={cluster} voted={voted} /> : null}
      </div>
    </li>
  );
}

export function CommitmentItem({
  page,
  c,
  children,
}: {
  page: PageContext;
  c: CommitmentRow;
  children?: ComponentChildren;
}) {
  const { t, locale } = page;
  return (
    <li class={c.overdue ? 'commitment overdue' : c.done_at ? 'commitment done' : 'commitment'}>
      <p class="commitment-body">
        {c.overdue ? <strong class="tag overdue">{t('engage.commitment.overdue')}</strong> : null}
        {c.done_at ? <strong class="tag done">{t('engage.commitment.done')}</strong> : null} {c.body}
      </p>
      <p class="meta">
        {t('engage.commitment.meta', { unit: t(`unit.${c.unit_code}`), due: formatDate(locale, c.due_at) })} ·{' '}
        <a href={`/engage/sessions/${c.session_id}`}>
          {t('engage.commitment.from', { date: formatDate(locale, c.session_starts_at) })}
        </a>
      </p>
      {c.question ? <p class="commitment-question">{t('engage.commitment.question', { text: c.question })}</p> : null}
      {c.done_at ? (
        <p class="commitment-note">
          {t('engage.commitment.what', { at: formatDate(locale, c.done_at), note: c.done_note ?? '' })}
        </p>
      ) : null}
      {children}
    </li>
  );
}

/** A titled list of commitments with a link to all of them (session page and console). */
export function CommitmentsSection({
  page,
  id,
  title,
  items,
  href,
  linkText,
}: {
  page: PageContext;
  id: string;
  title: string;
  items: CommitmentRow[];
  href: string;
  linkText: string;
}) {
  if (items.length === 0) return null;
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <ul class="commitments">
        {items.map((c) => (
          <CommitmentItem page={page} c={c} />
        ))}
      </ul>
      <p>
        <a href={href}>{linkText}</a>
      </p>
    </section>
  );
}

/**
 * For moderators and the IG's office: follows the session's staff stream and says, without moving
 * the page under their hands, when questions are waiting or new ones were approved (with a link to
 * show them). Without JavaScript nothing changes; the page is reloaded by hand as before.
 */
export function StaffLive({ page, sessionId, href }: { page: PageContext; sessionId: string; href: string }) {
  const { t } = page;
  const strings = {
    counts: t('engage.queue.counts', { pending: '{pending}', approved: '{approved}', rejected: '{rejected}' }),
    pending: t('engage.console.pending', { n: '{n}' }),
    waiting: t('engage.live.waiting', { n: '{n}' }),
    newApproved: t('engage.live.newApproved'),
  };
  return (
    <div
      id="staff-live"
      data-live={`/staff/engage/sessions/${sessionId}/events`}
      data-strings={JSON.stringify(strings)}
    >
      <p class="notice" id="live-notice" role="status" hidden>
        <span class="live-text"></span> <a href={href}>{t('engage.live.show')}</a>
      </p>
    </div>
  );
}
