import {
  engageSchedule,
  jurisdiction,
  misconductCategories,
  misconductCategory,
  units,
} from '../../jurisdiction/kenya/index.ts';
import { actorLabel, type Actor } from '../../platform/auth/actor.ts';
import { requireStaff } from '../../platform/auth/require-staff.ts';
import { audit } from '../../platform/audit/index.ts';
import { hmacHex } from '../../platform/crypto/index.ts';
import { inTransaction, onConnection, type Queryable } from '../../platform/db/database.ts';
import { badField, DomainError, NotFound, Problems, Unauthenticated } from '../../platform/http/errors.ts';
import { isLocale } from '../../platform/i18n/index.ts';
import type { Platform } from '../../platform/module.ts';
import { openCase } from '../cases/index.ts';
import {
  isDate,
  isTime,
  nextStartDate,
  occurrencesDue,
  sessionState,
  zonedToUtc,
  type SessionState,
} from './schedule.ts';
import { sessionFeed, type Viewer } from './live.ts';
import { canModerate, canRunConsole } from './permissions.ts';
import * as store from './store.ts';
import {
  bestCluster,
  cleanText,
  detectTopic,
  maskPersonalDetails,
  tokenSet,
  topicCodes,
  type ClusterCandidate,
} from './text.ts';

export const MAX_QUESTION = 500;
export const MAX_NAME = 60;
export const MAX_ANSWER = 2000;
export const MAX_NOTICE = 1000;
export const MAX_REASON = 500;
export const MAX_COMMITMENT = 500;
export const MAX_NOTE = 1000;
export const MAX_INSTRUCTION = 200;
export const MAX_CASE_DAYS = 90;
/** Votes one participant may cast per minute, and questions per ten minutes. */
export const VOTES_PER_MINUTE = 30;
export const QUESTIONS_PER_TEN_MINUTES = 10;
/** "Go live" is possible from this long before the scheduled start. */
export const EARLY_START_MINUTES = 60;

const TIME_ZONE = jurisdiction.timeZone;
export const channels = ['web', 'sms', 'x'] as const;
export type Channel = (typeof channels)[number];
export { topicCodes };
export const caseCategories = misconductCategories.map((c) => c.code);
export const unitCodes: string[] = units.map((u) => u.code);

/** A refusal that names its reason (the session has ended, the participant is banned...). */
export class EngageRefused extends DomainError {
  constructor(
    status: number,
    code: 'engage_ended' | 'engage_cancelled' | 'engage_banned',
    readonly field: string,
  ) {
    super(status, code, code.replace('engage_', 'engage: '));
  }
}

export class TooManyRequests extends DomainError {
  constructor() {
    super(429, 'too_many_requests', 'too many requests');
  }
}

export interface SessionView extends store.SessionRow {
  state: SessionState;
}

function view(row: store.SessionRow, now: Date): SessionView {
  return { ...row, state: sessionState(row, now) };
}

// Schedule

const lastGenerated = new WeakMap<Platform, number>();
const GENERATE_EVERY_MS = 60_000;

/**
 * Keeps every series' sessions generated ahead (idempotent: each occurrence is inserted once).
 * Runs at most once a minute of the platform's clock per app unless forced (and again whenever the
 * clock was set back).
 */
export async function ensureSessions(platform: Platform, now = platform.clock.now(), force = false): Promise<number> {
  const last = lastGenerated.get(platform);
  const elapsed = last === undefined ? Infinity : now.getTime() - last;
  if (!force && elapsed >= 0 && elapsed < GENERATE_EVERY_MS) return 0;
  lastGenerated.set(platform, now.getTime());
  let added = 0;
  for (const series of await store.listSeries(platform.db.pool)) added += await generateSeries(platform, series, now);
  return added;
}

async function generateSeries(platform: Platform, series: store.SeriesRow, now: Date): Promise<number> {
  const rule = {
    firstDate: series.first_date,
    intervalWeeks: series.interval_weeks,
    startTime: series.start_time,
    durationMinutes: series.duration_minutes,
    timeZone: series.time_zone,
  };
  return store.insertOccurrences(platform.db.pool, series, occurrencesDue(rule, now, engageSchedule.ahead));
}

/**
 * What the schedule form starts with: the next Monday whose 11:00 session has not started (today
 * only until 11:00 in Nairobi), 11:00, an hour, every two weeks.
 */
export function scheduleDefaults(now: Date) {
  return {
    firstDate: nextStartDate(now, engageSchedule.weekday, engageSchedule.startTime, TIME_ZONE),
    intervalWeeks: String(engageSchedule.intervalWeeks),
    startTime: engageSchedule.startTime,
    durationMinutes: String(engageSchedule.durationMinutes),
    hashtag: engageSchedule.hashtag,
    moderation: 'pre',
  };
}

export interface SeriesInput {
  firstDate?: string | undefined;
  intervalWeeks?: string | number | undefined;
  startTime?: string | undefined;
  durationMinutes?: string | number | undefined;
  hashtag?: string | undefined;
  moderation?: string | undefined;
}

function checkHashtag(problems: Problems, raw: string | undefined): string {
  const hashtag = cleanText(raw) || engageSchedule.hashtag;
  const tagged = hashtag.startsWith('#') ? hashtag : `#${hashtag}`;
  if (!/^#[A-Za-z0-9_]{1,60}$/.test(tagged)) problems.add('hashtag', 'engage.error.hashtag');
  return tagged;
}

function checkWhole(
  problems: Problems,
  field: string,
  raw: string | number | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (raw === undefined || raw === '') return fallback;
  const n = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) problems.add(field, 'engage.error.wholeNumber', { min, max });
  return n;
}

function checkModeration(problems: Problems, raw: string | undefined): 'pre' | 'post' {
  const mode = raw || 'pre';
  if (mode !== 'pre' && mode !== 'post') problems.add('moderation', 'engage.error.moderation');
  return mode === 'post' ? 'post' : 'pre';
}

export async function createSeries(
  platform: Platform,
  actor: Actor,
  input: SeriesInput,
  now = platform.clock.now(),
): Promise<store.SeriesRow> {
  const who = requireStaff(actor, canRunConsole);
  const problems = new Problems();
  const firstDate = cleanText(input.firstDate);
  if (!isDate(firstDate)) problems.add('firstDate', 'engage.error.date');
  const intervalWeeks = checkWhole(problems, 'intervalWeeks', input.intervalWeeks, engageSchedule.intervalWeeks, 1, 8);
  const startTime = cleanText(input.startTime) || engageSchedule.startTime;
  if (!isTime(startTime)) problems.add('startTime', 'engage.error.time');
  const durationMinutes = checkWhole(
    problems,
    'durationMinutes',
    input.durationMinutes,
    engageSchedule.durationMinutes,
    15,
    480,
  );
  const hashtag = checkHashtag(problems, input.hashtag);
  const moderation = checkModeration(problems, input.moderation);
  problems.throwIfAny();
  const series = await inTransaction(platform.db.pool, async (client) => {
    const created = await store.insertSeries(client, {
      hashtag,
      firstDate,
      intervalWeeks,
      startTime,
      durationMinutes,
      timeZone: TIME_ZONE,
      moderation,
      createdBy: who.id,
    });
    await audit(client, who, 'engage.series.create', 'engage_series', created.id, {
      firstDate,
      intervalWeeks,
      startTime,
      durationMinutes,
      hashtag,
      moderation,
    });
    return created;
  });
  await generateSeries(platform, series, now);
  return series;
}

export interface OneOffInput {
  date?: string | undefined;
  time?: string | undefined;
  durationMinutes?: string | number | undefined;
  hashtag?: string | undefined;
  moderation?: string | undefined;
}

function checkFutureStart(
  problems: Problems,
  dateField: string,
  timeField: string,
  dateRaw: string | undefined,
  timeRaw: string | undefined,
  now: Date,
): Date | undefined {
  const date = cleanText(dateRaw);
  const time = cleanText(timeRaw);
  if (!isDate(date)) problems.add(dateField, 'engage.error.date');
  if (!isTime(time)) problems.add(timeField, 'engage.error.time');
  if (problems.has(dateField) || problems.has(timeField)) return undefined;
  const startsAt = zonedToUtc(date, time, TIME_ZONE);
  if (startsAt.getTime() <= now.getTime()) {
    problems.add(dateField, 'engage.error.past');
    return undefined;
  }
  return startsAt;
}

export async function createOneOffSession(
  platform: Platform,
  actor: Actor,
  input: OneOffInput,
  now = platform.clock.now(),
): Promise<string> {
  const who = requireStaff(actor, canRunConsole);
  const problems = new Problems();
  const startsAt = checkFutureStart(problems, 'date', 'time', input.date, input.time, now);
  const durationMinutes = checkWhole(
    problems,
    'durationMinutes',
    input.durationMinutes,
    engageSchedule.durationMinutes,
    15,
    480,
  );
  const hashtag = checkHashtag(problems, input.hashtag);
  const moderation = checkModeration(problems, input.moderation);
  problems.throwIfAny();
  return inTransaction(platform.db.pool, async (client) => {
    const id = await store.insertOneOffSession(client, {
      hashtag,
      startsAt: startsAt!,
      endsAt: new Date(startsAt!.getTime() + durationMinutes * 60_000),
      moderation,
    });
    await audit(client, who, 'engage.session.create', 'engage_session', id, {
      startsAt: startsAt!.toISOString(),
      durationMinutes,
      hashtag,
      moderation,
    });
    return id;
  });
}

async function lockedSession(client: Queryable, id: string, now: Date): Promise<SessionView> {
  const found = await store.findSession(client, id);
  if (!found) throw new NotFound();
  await store.lockSession(client, id);
  return view((await store.findSession(client, id))!, now);
}

function checkNotice(raw: string | undefined): string {
  const notice = cleanText(raw);
  if (!notice) badField('notice', 'engage.error.noticeRequired');
  if (notice.length > MAX_NOTICE) badField('notice', 'error.tooLong', { max: MAX_NOTICE });
  return notice;
}

export async function postponeSession(
  platform: Platform,
  actor: Actor,
  sessionId: string,
  input: { date?: string; time?: string; notice?: string },
  now = platform.clock.now(),
): Promise<void> {
  const who = requireStaff(actor, canRunConsole);
  const problems = new Problems();
  const startsAt = checkFutureStart(problems, 'date', 'time', input.date, input.time, now);
  const notice = cleanText(input.notice);
  if (!notice) problems.add('notice', 'engage.error.noticeRequired');
  else if (notice.length > MAX_NOTICE) problems.add('notice', 'error.tooLong', { max: MAX_NOTICE });
  problems.throwIfAny();
  await inTransaction(platform.db.pool, async (client) => {
    const s = await lockedSession(client, sessionId, now);
    if (s.state !== 'upcoming') badField('date', 'engage.error.onlyUpcoming');
    const endsAt = new Date(startsAt!.getTime() + (s.ends_at.getTime() - s.starts_at.getTime()));
    await store.updateSessionTimes(client, s.id, startsAt!, endsAt);
    await store.insertNotice(client, {
      sessionId: s.id,
      kind: 'postponed',
      body: notice,
      fromStartsAt: s.starts_at,
      toStartsAt: startsAt!,
      actorId: who.id,
      actorLabel: actorLabel(who),
    });
    await audit(client, who, 'engage.session.postpone', 'engage_session', s.id, {
      from: s.starts_at.toISOString(),
      to: startsAt!.toISOString(),
    });
  });
  forgetIntakeSession(platform, sessionId);
}

export async function cancelSession(
  platform: Platform,
  actor: Actor,
  sessionId: string,
  input: { notice?: string },
  now = platform.clock.now(),
): Promise<void> {
  const who = requireStaff(actor, canRunConsole);
  const notice = checkNotice(input.notice);
  await inTransaction(platform.db.pool, async (client) => {
    const s = await lockedSession(client, sessionId, now);
    if (s.state !== 'upcoming' && s.state !== 'live') badField('notice', 'engage.error.cannotCancel');
    await store.cancelSession(client, s.id);
    await store.insertNotice(client, {
      sessionId: s.id,
      kind: 'cancelled',
      body: notice,
      fromStartsAt: s.starts_at,
      toStartsAt: null,
      actorId: who.id,
      actorLabel: actorLabel(who),
    });
    await audit(client, who, 'engage.session.cancel', 'engage_session', s.id);
  });
  forgetIntakeSession(platform, sessionId);
}

/** The IG's office opens the session (up to an hour early) or closes it before its time. */
export async function setSessionLive(
  platform: Platform,
  actor: Actor,
  sessionId: string,
  live: boolean,
  now = platform.clock.now(),
): Promise<void> {
  const who = requireStaff(actor, canRunConsole);
  await inTransaction(platform.db.pool, async (client) => {
    const s = await lockedSession(client, sessionId, now);
    if (live) {
      if (s.state !== 'upcoming') badField('session', 'engage.error.notUpcoming');
      if (s.starts_at.getTime() - now.getTime() > EARLY_START_MINUTES * 60_000)
        badField('session', 'engage.error.tooEarly', { count: EARLY_START_MINUTES });
      await store.markLive(client, s.id, now);
    } else {
      if (s.state !== 'live') badField('session', 'engage.error.notLive');
      await store.markEnded(client, s.id, now);
    }
    await audit(client, who, live ? 'engage.session.live' : 'engage.session.end', 'engage_session', s.id);
  });
  forgetIntakeSession(platform, sessionId);
}

// Questions

export interface QuestionInput {
  name?: string | undefined;
  question?: string | undefined;
  language?: string | undefined;
}

export interface AskedQuestion {
  id: string;
  clusterId: string;
  status: 'pending' | 'approved';
  topic: string;
  /** The text as it will be shown, with personal details masked. */
  body: string;
  masked: number;
}

const PARTICIPANT = /^[A-Za-z0-9_-]{16,80}$/;

export function isParticipantId(value: unknown): value is string {
  return typeof value === 'string' && PARTICIPANT.test(value);
}

/** A short tag moderators see to recognise one participant's questions; not the id itself. */
export function participantTag(platform: Platform, participantId: string): string {
  return hmacHex(platform.config.secret, 'engage-participant-tag', participantId).slice(0, 8);
}

interface SessionClusters {
  maxId: string;
  clusters: ClusterCandidate[];
  ids: Set<string>;
  checkedAt: number;
}

/** Per app: each session's clusters' token sets, topped up from the database before each match. */
const clusterCache = new WeakMap<Platform, Map<string, SessionClusters>>();
const CACHED_SESSIONS = 32;
/**
 * Clusters another instance made are looked for at most this often; this instance's own join the
 * cache as they are made. (Two instances may briefly make twin clusters, which a moderator merges.)
 */
const CLUSTER_TOP_UP_MS = 100;

function perPlatform<V>(caches: WeakMap<Platform, Map<string, V>>, platform: Platform): Map<string, V> {
  let cache = caches.get(platform);
  if (!cache) {
    cache = new Map();
    caches.set(platform, cache);
  }
  return cache;
}

async function sessionClusters(platform: Platform, sessionId: string): Promise<SessionClusters> {
  const cache = perPlatform(clusterCache, platform);
  let entry = cache.get(sessionId);
  if (!entry) {
    if (cache.size >= CACHED_SESSIONS) cache.delete(cache.keys().next().value!);
    entry = { maxId: '0', clusters: [], ids: new Set(), checkedAt: 0 };
    cache.set(sessionId, entry);
  }
  if (Date.now() - entry.checkedAt < CLUSTER_TOP_UP_MS) return entry;
  entry.checkedAt = Date.now();
  // clusters made since (by this instance or another) join the cache; merged ones stay, the insert follows the merge
  const fresh = await store.clustersAfter(platform.db.pool, sessionId, entry.maxId);
  for (const c of fresh) {
    rememberCluster(entry, c.id, c.tokens);
    entry.maxId = c.id;
  }
  return entry;
}

function rememberCluster(entry: SessionClusters, id: string, tokens: Iterable<string>): void {
  if (entry.ids.has(id)) return;
  entry.ids.add(id);
  entry.clusters.push({ id, tokens: new Set(tokens) });
}

/**
 * Sessions as question intake sees them, read again at most once a second: a change made here
 * (going live, ending, cancelling) is seen at once, one made by another instance within a second.
 */
const intakeSessions = new WeakMap<Platform, Map<string, { row: store.SessionRow; at: number }>>();
const INTAKE_SESSION_MS = 1000;

async function sessionForIntake(platform: Platform, sessionId: string): Promise<store.SessionRow | undefined> {
  const cache = perPlatform(intakeSessions, platform);
  const cached = cache.get(sessionId);
  if (cached && Date.now() - cached.at < INTAKE_SESSION_MS) return cached.row;
  const row = await store.findSessionForIntake(platform.db.pool, sessionId);
  if (!row) return undefined;
  if (cache.size >= CACHED_SESSIONS) cache.delete(cache.keys().next().value!);
  cache.set(sessionId, { row, at: Date.now() });
  return row;
}

function forgetIntakeSession(platform: Platform, sessionId: string): void {
  intakeSessions.get(platform)?.delete(sessionId);
}

function checkParticipant(participantId: string): void {
  if (!isParticipantId(participantId)) throw new Unauthenticated();
}

const activityWindow = {
  questions: { ms: 10 * 60_000, max: QUESTIONS_PER_TEN_MINUTES },
  votes: { ms: 60_000, max: VOTES_PER_MINUTE },
};

function refuseActivity(outcome: 'banned' | 'too_many'): never {
  if (outcome === 'banned') throw new EngageRefused(403, 'engage_banned', 'participant');
  throw new TooManyRequests();
}

async function checkVoteActivity(platform: Platform, participantId: string, now: Date): Promise<void> {
  const { ms, max } = activityWindow.votes;
  const activity = await store.voteActivity(platform.db.pool, participantId, new Date(now.getTime() - ms));
  if (activity.banned) refuseActivity('banned');
  if (activity.recent >= max) refuseActivity('too_many');
}

function refuseClosed(s: SessionView): void {
  if (s.state === 'cancelled') throw new EngageRefused(409, 'engage_cancelled', 'session');
  if (s.state === 'ended') throw new EngageRefused(409, 'engage_ended', 'session');
}

/** Where a question from another channel came from: its id there (one question per channel and id) and, for X, the post's link. */
export interface QuestionOrigin {
  externalId: string;
  externalUrl?: string | null | undefined;
}

/**
 * A question from the public: checked, masked, given a topic and a cluster, stored. Shown at once
 * when the session is post-moderated, after a moderator's approval when it is pre-moderated.
 * A question from SMS or X carries its origin; the same origin twice is refused by the database
 * (unique on channel and external id), so a retried delivery is never stored twice.
 */
export async function askQuestion(
  platform: Platform,
  participantId: string,
  sessionId: string,
  input: QuestionInput,
  channel: Channel,
  now = platform.clock.now(),
  origin?: QuestionOrigin,
): Promise<AskedQuestion> {
  checkParticipant(participantId);
  const found = await sessionForIntake(platform, sessionId);
  if (!found) throw new NotFound();
  const session = view(found, now);
  refuseClosed(session);
  const problems = new Problems();
  const raw = cleanText(input.question);
  if (!raw) problems.add('question', 'engage.error.questionRequired');
  else if (raw.length > MAX_QUESTION) problems.add('question', 'error.tooLong', { max: MAX_QUESTION });
  const rawName = cleanText(input.name).replace(/\s+/g, ' ');
  if (rawName.length > MAX_NAME) problems.add('name', 'error.tooLong', { max: MAX_NAME });
  problems.throwIfAny();
  const known = await sessionClusters(platform, session.id);

  const body = maskPersonalDetails(raw);
  // an X handle is already public (it is in the post's link): shown as it is
  const name = rawName
    ? channel === 'x' && origin
      ? { text: rawName, count: 0 }
      : maskPersonalDetails(rawName)
    : undefined;
  const tokens = tokenSet(body.text);
  const match = bestCluster(tokens, known.clusters);
  const status = session.moderation === 'post' ? 'approved' : 'pending';
  const topic = detectTopic(body.text);
  // the participant's ban and question count are checked in the same statement that stores it
  const question: store.NewQuestion = {
    sessionId: session.id,
    clusterId: match?.id ?? null,
    tokens,
    participantId,
    channel,
    displayName: name?.text ?? null,
    body: body.text,
    maskedCount: body.count + (name?.count ?? 0),
    language: isLocale(input.language) ? input.language : 'en',
    topic,
    status,
    createdAt: now,
    externalId: origin?.externalId ?? null,
    externalUrl: origin?.externalUrl ?? null,
  };
  const limit = { since: new Date(now.getTime() - activityWindow.questions.ms), max: activityWindow.questions.max };
  const stored = await onConnection(platform.db.pool, (client) => store.insertQuestion(client, question, limit));
  if (stored.outcome !== 'stored') refuseActivity(stored.outcome);
  if (!match) rememberCluster(known, stored.cluster_id, tokens);
  return {
    id: stored.id,
    clusterId: stored.cluster_id,
    status,
    topic,
    body: body.text,
    masked: body.count + (name?.count ?? 0),
  };
}

export interface VoteResult {
  /** True when this call changed the vote (counted it, or took it back); false when it was already so. */
  changed: boolean;
  /** Whether the participant has a vote in the question's cluster now. */
  voted: boolean;
  sessionId: string;
  clusterId: string;
  askers: number;
  upvotes: number;
  weight: number;
}

/** The question to vote on (approved, in a session still open) and the participant's right to vote. */
async function voteTarget(
  platform: Platform,
  participantId: string,
  questionId: string,
  now: Date,
): Promise<store.QuestionRow> {
  checkParticipant(participantId);
  const question = await store.findQuestion(platform.db.pool, questionId);
  if (!question || question.status !== 'approved') throw new NotFound();
  const session = view((await sessionForIntake(platform, question.session_id))!, now);
  refuseClosed(session);
  await checkVoteActivity(platform, participantId, now);
  return question;
}

function voteResult(question: store.QuestionRow, outcome: store.VoteOutcome | undefined, voted: boolean): VoteResult {
  if (!outcome) throw new NotFound();
  const { changed, cluster_id: clusterId, askers, upvotes, weight } = outcome;
  return { changed, voted, sessionId: question.session_id, clusterId, askers, upvotes, weight };
}

/**
 * One upvote per participant per cluster: a vote through any question of a cluster counts once for
 * the whole cluster (`changed` is false when the participant had voted in it already).
 */
export async function upvote(
  platform: Platform,
  participantId: string,
  questionId: string,
  now = platform.clock.now(),
): Promise<VoteResult> {
  const question = await voteTarget(platform, participantId, questionId, now);
  return voteResult(question, await store.insertVote(platform.db.pool, question.id, participantId, now), true);
}

/** Takes back the participant's upvote in the question's cluster (`changed` is false when there was none). */
export async function removeUpvote(
  platform: Platform,
  participantId: string,
  questionId: string,
  now = platform.clock.now(),
): Promise<VoteResult> {
  const question = await voteTarget(platform, participantId, questionId, now);
  return voteResult(question, await store.deleteVote(platform.db.pool, question.id, participantId), false);
}

// What the public sees

export interface Overview {
  live: SessionView[];
  upcoming: SessionView[];
  past: SessionView[];
  notices: Map<string, store.NoticeRow[]>;
  /** Where questions go now: the live session, else the next one. */
  open: SessionView | undefined;
  commitments: { open: number; overdue: number; done: number };
}

function byNotices(notices: store.NoticeRow[]): Map<string, store.NoticeRow[]> {
  const map = new Map<string, store.NoticeRow[]>();
  for (const n of notices) map.set(n.session_id, [...(map.get(n.session_id) ?? []), n]);
  return map;
}

export async function overview(platform: Platform, now = platform.clock.now()): Promise<Overview> {
  await ensureSessions(platform, now);
  const { coming, past } = await store.listSessionsAround(platform.db.pool, now, 50, 20);
  const sessions = [...coming, ...past].map((s) => view(s, now));
  const live = sessions.filter((s) => s.state === 'live');
  const upcoming = sessions
    .filter((s) => s.state === 'upcoming' || (s.state === 'cancelled' && s.starts_at > now))
    .slice(0, 6);
  const ended = sessions.filter((s) => s.state === 'ended' || (s.state === 'cancelled' && s.starts_at <= now));
  const notices = byNotices(
    await store.listNotices(
      platform.db.pool,
      sessions.map((s) => s.id),
    ),
  );
  const all = await store.listCommitments(platform.db.pool, now);
  return {
    live,
    upcoming,
    past: ended,
    notices,
    open: live[0] ?? upcoming.find((s) => s.state === 'upcoming'),
    commitments: {
      open: all.filter((c) => !c.done_at && !c.overdue).length,
      overdue: all.filter((c) => c.overdue).length,
      done: all.filter((c) => c.done_at).length,
    },
  };
}

export interface SessionPage {
  session: SessionView;
  notices: store.NoticeRow[];
  clusters: store.PublicCluster[];
  answers: store.AnswerRow[];
  answering: store.PublicCluster | undefined;
  /** The clusters the participant has upvoted. */
  voted: Set<string>;
  /** Promises made in this session. */
  commitments: store.CommitmentRow[];
  /** Before and during a session: what was done, and what is overdue, from earlier sessions. */
  earlier: store.CommitmentRow[];
}

export const PUBLIC_CLUSTERS = 100;

export async function sessionPage(
  platform: Platform,
  sessionId: string,
  options: { topic?: string | undefined; participantId?: string | undefined } = {},
  now = platform.clock.now(),
): Promise<SessionPage> {
  const found = await store.findSession(platform.db.pool, sessionId);
  if (!found) throw new NotFound();
  const session = view(found, now);
  const topic = options.topic && topicCodes.includes(options.topic) ? options.topic : undefined;
  const db = platform.db.pool;
  const [notices, clusters, answers, voted, commitments] = await Promise.all([
    store.listNotices(db, [session.id]),
    store.listPublicClusters(db, session.id, { topic, limit: PUBLIC_CLUSTERS }),
    store.listAnswers(db, session.id),
    options.participantId && isParticipantId(options.participantId)
      ? store.votedClusters(db, session.id, options.participantId)
      : Promise.resolve([]),
    store.listCommitments(db, now),
  ]);
  const answering = session.answering_cluster_id
    ? (clusters.find((c) => c.id === session.answering_cluster_id) ??
      (await store.findPublicCluster(db, session.id, session.answering_cluster_id)))
    : undefined;
  const open = session.state === 'upcoming' || session.state === 'live';
  return {
    session,
    notices,
    clusters,
    answers,
    answering,
    voted: new Set(voted),
    commitments: commitments.filter((c) => c.session_id === session.id),
    earlier: open
      ? commitments.filter(
          (c) => c.session_id !== session.id && c.session_starts_at < session.starts_at && (c.overdue || c.done_at),
        )
      : [],
  };
}

export async function publicCommitments(
  platform: Platform,
  now = platform.clock.now(),
): Promise<store.CommitmentRow[]> {
  return store.listCommitments(platform.db.pool, now);
}

// Moderation

export type QueueFilter = 'pending' | 'approved' | 'rejected' | 'all';
export const queueFilters: QueueFilter[] = ['pending', 'approved', 'rejected', 'all'];
export const QUEUE_SIZE = 200;

export interface ModerationQueue {
  session: SessionView | undefined;
  sessions: SessionView[];
  questions: Array<store.QuestionRow & { tag: string }>;
  counts: Record<string, number>;
  clusters: store.ClusterHeadline[];
  log: store.ModerationRow[];
  filter: QueueFilter;
}

/** The session staff work on by default: the live one, else the next, else the latest. */
async function staffSessions(
  platform: Platform,
  now: Date,
): Promise<{ sessions: SessionView[]; current: SessionView | undefined }> {
  await ensureSessions(platform, now);
  const { coming, past } = await store.listSessionsAround(platform.db.pool, now, 8, 8);
  const sessions = [...coming, ...past].map((s) => view(s, now));
  const current =
    sessions.find((s) => s.state === 'live') ??
    sessions.find((s) => s.state === 'upcoming') ??
    sessions.find((s) => s.state === 'ended');
  return { sessions: sessions.sort((a, b) => a.starts_at.getTime() - b.starts_at.getTime()), current };
}

export async function moderationQueue(
  platform: Platform,
  actor: Actor,
  options: { sessionId?: string | undefined; filter?: string | undefined },
  now = platform.clock.now(),
): Promise<ModerationQueue> {
  requireStaff(actor, canModerate);
  const { sessions, current } = await staffSessions(platform, now);
  let session = current;
  if (options.sessionId) {
    const found = await store.findSession(platform.db.pool, options.sessionId);
    if (!found) throw new NotFound();
    session = view(found, now);
  }
  const filter = (queueFilters as string[]).includes(options.filter ?? '') ? (options.filter as QueueFilter) : 'all';
  if (!session) return { session, sessions, questions: [], counts: {}, clusters: [], log: [], filter };
  const db = platform.db.pool;
  const [questions, counts, clusters, log] = await Promise.all([
    store.listQuestions(db, session.id, filter, QUEUE_SIZE),
    store.countQuestionsByStatus(db, session.id),
    store.listClusterHeadlines(db, session.id, QUEUE_SIZE),
    store.listModeration(db, session.id, 20),
  ]);
  return {
    session,
    sessions,
    questions: questions.map((q) => ({ ...q, tag: participantTag(platform, q.participant_id) })),
    counts,
    clusters,
    log,
    filter,
  };
}

async function lockedQuestion(client: Queryable, id: string): Promise<store.QuestionRow> {
  const found = await store.findQuestion(client, id);
  if (!found) throw new NotFound();
  await store.lockQuestion(client, id);
  return (await store.findQuestion(client, id))!;
}

/** Approves or rejects a question; a rejection needs a reason, kept for moderators only. Returns the session id. */
export async function moderateQuestion(
  platform: Platform,
  actor: Actor,
  questionId: string,
  input: { decision: string; reason?: string | undefined },
): Promise<string> {
  const who = requireStaff(actor, canModerate);
  const decision = input.decision;
  if (decision !== 'approve' && decision !== 'reject') badField('decision', 'engage.error.decision');
  const reason = cleanText(input.reason);
  if (decision === 'reject' && !reason) badField('reason', 'engage.error.reasonRequired');
  if (reason.length > MAX_REASON) badField('reason', 'error.tooLong', { max: MAX_REASON });
  return inTransaction(platform.db.pool, async (client) => {
    const q = await lockedQuestion(client, questionId);
    const status = decision === 'approve' ? 'approved' : 'rejected';
    if (q.status === status) return q.session_id;
    await store.setQuestionStatus(client, q.id, status);
    await store.recountClusters(client, [q.cluster_id]);
    await store.insertModeration(client, {
      sessionId: q.session_id,
      questionId: q.id,
      clusterId: q.cluster_id,
      action: decision,
      reason: reason || null,
      detail: { from: q.status },
      actorId: who.id,
      actorLabel: actorLabel(who),
    });
    await audit(client, who, `engage.question.${decision}`, 'engage_question', q.id, reason ? { reason } : undefined);
    return q.session_id;
  });
}

export async function changeTopic(
  platform: Platform,
  actor: Actor,
  questionId: string,
  topic: string,
): Promise<string> {
  const who = requireStaff(actor, canModerate);
  if (!topicCodes.includes(topic)) badField('topic', 'engage.error.topic');
  return inTransaction(platform.db.pool, async (client) => {
    const q = await lockedQuestion(client, questionId);
    if (q.topic === topic) return q.session_id;
    await store.setQuestionTopic(client, q.id, topic);
    await store.insertModeration(client, {
      sessionId: q.session_id,
      questionId: q.id,
      action: 'topic',
      detail: { from: q.topic, to: topic },
      actorId: who.id,
      actorLabel: actorLabel(who),
    });
    await audit(client, who, 'engage.question.topic', 'engage_question', q.id, { from: q.topic, to: topic });
    return q.session_id;
  });
}

export async function mergeClusters(
  platform: Platform,
  actor: Actor,
  sessionId: string,
  input: { from?: string | undefined; into?: string | undefined },
): Promise<void> {
  const who = requireStaff(actor, canModerate);
  const problems = new Problems();
  const from = cleanText(input.from);
  const into = cleanText(input.into);
  if (!from) problems.add('from', 'engage.error.clusterRequired');
  if (!into) problems.add('into', 'engage.error.clusterRequired');
  if (from && from === into) problems.add('into', 'engage.error.sameCluster');
  problems.throwIfAny();
  await inTransaction(platform.db.pool, async (client) => {
    const session = await store.findSession(client, sessionId);
    if (!session) throw new NotFound();
    await store.lockSession(client, session.id);
    const a = await store.findCluster(client, from);
    const b = await store.findCluster(client, into);
    if (!a || a.session_id !== session.id || a.merged_into) badField('from', 'engage.error.cluster');
    if (!b || b.session_id !== session.id || b.merged_into) badField('into', 'engage.error.cluster');
    await store.mergeClusters(client, a.id, b.id);
    await store.recountClusters(client, [a.id, b.id]);
    await store.insertModeration(client, {
      sessionId: session.id,
      clusterId: b.id,
      action: 'merge',
      detail: { from: a.id, into: b.id },
      actorId: who.id,
      actorLabel: actorLabel(who),
    });
    await audit(client, who, 'engage.cluster.merge', 'engage_cluster', b.id, { from: a.id });
  });
}

/** Bans the participant who sent the question: their later questions and votes are refused. */
export async function banAsker(
  platform: Platform,
  actor: Actor,
  questionId: string,
  input: { reason?: string | undefined },
): Promise<string> {
  const who = requireStaff(actor, canModerate);
  const reason = cleanText(input.reason);
  if (!reason) badField('reason', 'engage.error.reasonRequired');
  if (reason.length > MAX_REASON) badField('reason', 'error.tooLong', { max: MAX_REASON });
  return inTransaction(platform.db.pool, async (client) => {
    const q = await lockedQuestion(client, questionId);
    const banned = await store.banParticipant(client, q.participant_id, reason, who.id);
    if (!banned) return q.session_id;
    await store.insertModeration(client, {
      sessionId: q.session_id,
      questionId: q.id,
      participantId: q.participant_id,
      action: 'ban',
      reason,
      actorId: who.id,
      actorLabel: actorLabel(who),
    });
    await audit(
      client,
      who,
      'engage.participant.ban',
      'engage_participant',
      participantTag(platform, q.participant_id),
      { question: q.id, reason },
    );
    return q.session_id;
  });
}

export async function setModerationMode(
  platform: Platform,
  actor: Actor,
  sessionId: string,
  mode: string,
): Promise<void> {
  const who = requireStaff(actor, canModerate);
  if (mode !== 'pre' && mode !== 'post') badField('moderation', 'engage.error.moderation');
  await inTransaction(platform.db.pool, async (client) => {
    const s = await store.findSession(client, sessionId);
    if (!s) throw new NotFound();
    await store.lockSession(client, s.id);
    if (s.moderation === mode) return;
    await store.setModeration(client, s.id, mode);
    await store.insertModeration(client, {
      sessionId: s.id,
      action: 'mode',
      detail: { from: s.moderation, to: mode },
      actorId: who.id,
      actorLabel: actorLabel(who),
    });
    await audit(client, who, 'engage.session.moderation', 'engage_session', s.id, { from: s.moderation, to: mode });
  });
  forgetIntakeSession(platform, sessionId);
}

// The IG's console

export interface Console {
  session: SessionView;
  sessions: SessionView[];
  clusters: store.PublicCluster[];
  answers: store.AnswerRow[];
  answering: store.PublicCluster | undefined;
  commitments: store.CommitmentRow[];
  pending: number;
}

/** The console of a session, or of the current one; undefined when there is no session at all yet. */
export async function consoleView(
  platform: Platform,
  actor: Actor,
  sessionId: string | undefined,
  now = platform.clock.now(),
): Promise<Console | undefined> {
  requireStaff(actor, canRunConsole);
  const { sessions, current } = await staffSessions(platform, now);
  let session = current;
  if (sessionId) {
    const found = await store.findSession(platform.db.pool, sessionId);
    if (!found) throw new NotFound();
    session = view(found, now);
  }
  if (!session) return undefined;
  const db = platform.db.pool;
  const [clusters, answers, commitments, counts] = await Promise.all([
    store.listPublicClusters(db, session.id, { limit: 500 }),
    store.listAnswers(db, session.id),
    store.listCommitments(db, now, session.id),
    store.countQuestionsByStatus(db, session.id),
  ]);
  const answering = session.answering_cluster_id
    ? clusters.find((c) => c.id === session.answering_cluster_id)
    : undefined;
  return { session, sessions, clusters, answers, answering, commitments, pending: counts.pending ?? 0 };
}

async function publicClusterOf(
  db: Queryable,
  sessionId: string,
  clusterId: string,
  field: string,
): Promise<store.PublicCluster> {
  const cluster = /^\d{1,18}$/.test(clusterId) ? await store.findPublicCluster(db, sessionId, clusterId) : undefined;
  if (!cluster) badField(field, 'engage.error.cluster');
  return cluster;
}

/** Marks the cluster the IG is answering now (or none), shown highlighted on the live page. */
export async function setAnswering(
  platform: Platform,
  actor: Actor,
  sessionId: string,
  clusterId: string | undefined,
  now = platform.clock.now(),
): Promise<void> {
  const who = requireStaff(actor, canRunConsole);
  await inTransaction(platform.db.pool, async (client) => {
    const s = await lockedSession(client, sessionId, now);
    refuseClosed(s);
    const cluster = clusterId ? await publicClusterOf(client, s.id, clusterId, 'cluster') : undefined;
    await store.setAnswering(client, s.id, cluster?.id ?? null);
    await audit(client, who, 'engage.session.answering', 'engage_session', s.id, { cluster: cluster?.id ?? null });
  });
}

export interface AnswerInput {
  cluster?: string | undefined;
  answer?: string | undefined;
  /** A promise made in the answer: what, which unit, due on which (Nairobi) date. */
  commitment?: string | undefined;
  unit?: string | undefined;
  dueDate?: string | undefined;
}

/** Publishes the IG's answer to a cluster, with the commitment it makes if any. */
export async function postAnswer(
  platform: Platform,
  actor: Actor,
  sessionId: string,
  input: AnswerInput,
  now = platform.clock.now(),
): Promise<{ answerId: string; commitmentId?: string }> {
  const who = requireStaff(actor, canRunConsole);
  const problems = new Problems();
  const body = cleanText(input.answer);
  if (!body) problems.add('answer', 'engage.error.answerRequired');
  else if (body.length > MAX_ANSWER) problems.add('answer', 'error.tooLong', { max: MAX_ANSWER });
  const promise = cleanText(input.commitment);
  let dueAt: Date | undefined;
  if (promise) {
    if (promise.length > MAX_COMMITMENT) problems.add('commitment', 'error.tooLong', { max: MAX_COMMITMENT });
    if (!unitCodes.includes(input.unit ?? '')) problems.add('unit', 'engage.error.unit');
    const due = cleanText(input.dueDate);
    if (!isDate(due)) problems.add('dueDate', 'engage.error.date');
    else {
      dueAt = zonedToUtc(due, '23:59', TIME_ZONE);
      if (dueAt.getTime() <= now.getTime()) problems.add('dueDate', 'engage.error.past');
    }
  } else if (input.unit || cleanText(input.dueDate)) {
    problems.add('commitment', 'engage.error.commitmentRequired');
  }
  problems.throwIfAny();
  return inTransaction(platform.db.pool, async (client) => {
    const s = await lockedSession(client, sessionId, now);
    if (s.state === 'cancelled') throw new EngageRefused(409, 'engage_cancelled', 'session');
    const cluster = await publicClusterOf(client, s.id, cleanText(input.cluster), 'cluster');
    const answerId = await store.insertAnswer(client, {
      sessionId: s.id,
      clusterId: cluster.id,
      body,
      actorId: who.id,
      actorLabel: actorLabel(who),
      at: now,
    });
    await audit(client, who, 'engage.answer', 'engage_session', s.id, { cluster: cluster.id, answer: answerId });
    if (!promise) return { answerId };
    const commitmentId = await store.insertCommitment(client, {
      sessionId: s.id,
      answerId,
      body: promise,
      unitCode: input.unit!,
      dueAt: dueAt!,
      createdAt: now,
    });
    await audit(client, who, 'engage.commitment.create', 'engage_commitment', commitmentId, {
      unit: input.unit,
      dueAt: dueAt!.toISOString(),
    });
    return { answerId, commitmentId };
  });
}

export interface UrgentInput {
  category?: string | undefined;
  unit?: string | undefined;
  days?: string | number | undefined;
  instruction?: string | undefined;
}

/**
 * "Needs urgent attention": opens a case for the question, routed to the chosen unit with the
 * first response due in the chosen number of days; the question and its case commit together.
 */
export async function flagUrgent(
  platform: Platform,
  actor: Actor,
  questionId: string,
  input: UrgentInput,
  now = platform.clock.now(),
): Promise<{ reference: string; sessionId: string }> {
  const who = requireStaff(actor, canRunConsole);
  const problems = new Problems();
  const category = misconductCategory(input.category ?? '');
  if (!category) problems.add('category', 'engage.error.category');
  const unit = input.unit ?? '';
  if (!unitCodes.includes(unit)) problems.add('unit', 'engage.error.unit');
  const days = checkWhole(problems, 'days', input.days === '' ? undefined : input.days, 7, 1, MAX_CASE_DAYS);
  const instruction = cleanText(input.instruction);
  if (!instruction) problems.add('instruction', 'engage.error.instructionRequired');
  else if (instruction.length > MAX_INSTRUCTION) problems.add('instruction', 'error.tooLong', { max: MAX_INSTRUCTION });
  problems.throwIfAny();
  return inTransaction(platform.db.pool, async (client) => {
    const q = await lockedQuestion(client, questionId);
    if (q.status !== 'approved') throw new NotFound();
    if (q.case_reference) badField('question', 'engage.error.caseExists', { reference: q.case_reference });
    const opened = await openCase(client, {
      source: 'engage',
      category: category!.code,
      unitCode: unit,
      informedUnits: category!.informed.filter((u) => u !== unit),
      oversight: category!.oversight,
      title: instruction,
      summary: `${instruction}\n${q.body}`,
      firstResponseHours: days * 24,
      openedAt: now,
      openedBy: who,
    });
    await store.linkCase(client, q.id, opened.id, opened.reference);
    await audit(client, who, 'engage.question.urgent', 'engage_question', q.id, { case: opened.reference, unit, days });
    return { reference: opened.reference, sessionId: q.session_id };
  });
}

export async function staffCommitments(
  platform: Platform,
  actor: Actor,
  now = platform.clock.now(),
): Promise<store.CommitmentRow[]> {
  requireStaff(actor, canRunConsole);
  return store.listCommitments(platform.db.pool, now);
}

export async function markCommitmentDone(
  platform: Platform,
  actor: Actor,
  commitmentId: string,
  input: { note?: string | undefined },
  now = platform.clock.now(),
): Promise<void> {
  const who = requireStaff(actor, canRunConsole);
  const note = cleanText(input.note);
  if (!note) badField('note', 'engage.error.noteRequired');
  if (note.length > MAX_NOTE) badField('note', 'error.tooLong', { max: MAX_NOTE });
  await inTransaction(platform.db.pool, async (client) => {
    const c = await store.findCommitment(client, commitmentId, now);
    if (!c) throw new NotFound();
    if (!(await store.markCommitmentDone(client, c.id, note, who.id, now)))
      badField('note', 'engage.error.alreadyDone');
    await audit(client, who, 'engage.commitment.done', 'engage_commitment', c.id);
  });
}

export async function scheduleView(platform: Platform, actor: Actor, now = platform.clock.now()) {
  requireStaff(actor, canRunConsole);
  const { sessions } = await staffSessions(platform, now);
  const notices = byNotices(
    await store.listNotices(
      platform.db.pool,
      sessions.map((s) => s.id),
    ),
  );
  return { series: await store.listSeries(platform.db.pool), sessions, notices };
}

// The case page

/** The question behind an engage case, for the case page (uses only the platform it is given). */
export async function questionOfCase(platform: Platform, caseId: string, now = platform.clock.now()) {
  const found = await store.findQuestionByCase(platform.db.pool, caseId);
  return found ? { ...found, session: view(found.session, now) } : undefined;
}

/** Most live viewers one process serves; beyond it new ones are turned away (503) rather than starve the rest. */
export const MAX_VIEWERS = 20_000;

export class TooManyViewers extends DomainError {
  constructor() {
    super(503, 'too_many_viewers', 'too many live viewers');
  }
}

/** Follows a session live: its public changes are written to the viewer as Server-Sent Events. */
export async function followSession(
  platform: Platform,
  sessionId: string,
  viewer: Viewer,
  lastEventId?: string,
): Promise<() => void> {
  return follow(platform, sessionId, { write: (chunk) => viewer.write(chunk) }, lastEventId);
}

/** Moderators and the IG's office follow a session with its moderation queue's counts as well. */
export async function followSessionAsStaff(
  platform: Platform,
  actor: Actor,
  sessionId: string,
  viewer: Viewer,
  lastEventId?: string,
): Promise<() => void> {
  requireStaff(actor, canModerate);
  return follow(platform, sessionId, { write: (chunk) => viewer.write(chunk), staff: true }, lastEventId);
}

async function follow(
  platform: Platform,
  sessionId: string,
  viewer: Viewer,
  lastEventId?: string,
): Promise<() => void> {
  const feed = sessionFeed(platform);
  if (feed.viewerCount >= MAX_VIEWERS) throw new TooManyViewers();
  const found = await store.findSessionForIntake(platform.db.pool, sessionId);
  if (!found) throw new NotFound();
  return feed.subscribe(found.id, viewer, lastEventId);
}
