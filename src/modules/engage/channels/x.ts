/**
 * #EngageTheIG questions from X: a poller of the X API v2 recent search for the hashtag of the
 * session taking questions. Each post becomes a question (channel "x") under its author's handle,
 * with a link to the post. Where the search stands (since_id, and a pass's next_token) is kept in
 * the database, so a restart or a second Sauti process never takes a post in twice; the unique
 * (channel, external id) key makes sure of it even when two passes overlap. One pass at a time runs
 * as a job (see x-job.ts), which sends the next pass after the wait `pass` computes: failures
 * (timeouts, 429, 5xx, malformed answers) are retried with exponential back-off.
 */
import type { Platform } from '../../../platform/module.ts';
import type { SessionView } from '../shared.ts';
import { cleanText } from '../text.ts';
import { askFromChannel, channelParticipant, guessLanguage, sessionTakingQuestions, withoutHashtag } from './intake.ts';
import * as store from './store.ts';
import {
  parseSearchPage,
  postUrl,
  unescapeText,
  USERNAME,
  waitAskedMs,
  XApiError,
  type XPage,
  type XPost,
} from './x-api.ts';

export {
  parseSearchPage,
  postUrl,
  unescapeText,
  waitAskedMs,
  XApiError,
  type XFailure,
  type XPage,
  type XPost,
} from './x-api.ts';

export interface Log {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface XPollerOptions {
  bearerToken: string;
  /** e.g. https://api.x.com (tests: a local server). */
  apiUrl: string;
  /** Between polls while a session takes questions. */
  pollMs: number;
  /** Between looks for a session when none takes questions (no call to X then). Default pollMs. */
  idleMs?: number;
  /** Each request to X. Default 10 s. */
  timeoutMs?: number;
  /** First retry after a failure; doubles each time up to backoffMaxMs. Defaults 5 s and 15 min. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Longest wait honoured when X asks for one (429). Default 1 hour. */
  maxWaitMs?: number;
  /** Pages taken per poll (the rest follow soon after). Default 10. */
  maxPages?: number;
  /** Posts per page, 10 to 100. Default 100. */
  pageSize?: number;
  log?: Log;
  /** For tests: jitter source (0..1). */
  random?: () => number;
}

export interface PollReport {
  /** idle: no session takes questions; more: pages remain; closed: the session stopped taking questions. */
  state: 'idle' | 'done' | 'more' | 'closed';
  sessionId?: string;
  pages: number;
  stored: number;
  duplicates: number;
  skipped: number;
}

const silent: Log = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** The search query for a session: its hashtag, without reposts. */
export const searchQuery = (hashtag: string) => `${hashtag} -is:retweet`;

/** What one pass came to, and when the next should run. */
export interface XStep {
  delayMs: number;
  why: 'poll' | 'idle' | 'more' | 'backoff';
  /** Failures in a row (0 after a good poll): the next pass carries it on. */
  failures: number;
  error?: XApiError;
}

export class XPoller {
  private readonly o: Required<XPollerOptions>;
  private readonly abort = new AbortController();

  constructor(
    private readonly platform: Platform,
    options: XPollerOptions,
  ) {
    this.o = {
      idleMs: options.pollMs,
      timeoutMs: 10_000,
      backoffBaseMs: 5_000,
      backoffMaxMs: 15 * 60_000,
      maxWaitMs: 60 * 60_000,
      maxPages: 10,
      pageSize: 100,
      log: silent,
      random: Math.random,
      ...options,
      apiUrl: options.apiUrl.replace(/\/$/, ''),
    };
  }

  /** Whether stop() was called: no pass should follow on this instance. */
  get stopped(): boolean {
    return this.abort.signal.aborted;
  }

  /** Abandons the request under way at once (its pass fails with 'stopped'); no further request is made. */
  stop(): void {
    this.abort.abort();
  }

  /** One pass after `failures` failures in a row, and the wait before the next: never throws. */
  async pass(failures = 0): Promise<XStep> {
    try {
      const report = await this.pollOnce();
      const why = report.state === 'idle' ? 'idle' : report.state === 'more' ? 'more' : 'poll';
      const delayMs = why === 'idle' ? this.o.idleMs : why === 'more' ? Math.min(this.o.pollMs, 1_000) : this.o.pollMs;
      if (report.stored > 0 || report.skipped > 0)
        this.o.log.info(
          { session: report.sessionId, stored: report.stored, skipped: report.skipped, pages: report.pages },
          'engage: posts from X taken in',
        );
      return { delayMs, why, failures: 0 };
    } catch (error) {
      const failure =
        error instanceof XApiError
          ? error
          : new XApiError('network', error instanceof Error ? error.message : String(error));
      const delayMs = this.backoffMs(failure, failures + 1);
      if (!this.stopped)
        this.o.log.warn(
          { kind: failure.kind, status: failure.status, failures: failures + 1, retryInMs: delayMs },
          `engage: polling X failed (${failure.message}); retrying later`,
        );
      return { delayMs, why: 'backoff', failures: failures + 1, error: failure };
    }
  }

  /**
   * The wait before the next try after `failures` failures in a row: base x 2^(failures-1), capped,
   * with jitter (half to all of it) so several processes do not retry in step; at least what X
   * asked for; the longest back-off for a refused token, which waits on a person to fix it.
   */
  backoffMs(error: XApiError, failures: number): number {
    if (error.kind === 'auth') return this.o.backoffMaxMs;
    const exp = Math.min(this.o.backoffMaxMs, this.o.backoffBaseMs * 2 ** Math.max(0, failures - 1));
    const jittered = Math.round(exp / 2 + (this.o.random() * exp) / 2);
    return error.retryAfterMs !== undefined
      ? Math.max(jittered, Math.min(error.retryAfterMs, this.o.maxWaitMs))
      : jittered;
  }

  /** One poll: the session taking questions, then pages of posts newer than the cursor, each taken in before the cursor moves. */
  async pollOnce(now = this.platform.clock.now()): Promise<PollReport> {
    const report: PollReport = { state: 'done', pages: 0, stored: 0, duplicates: 0, skipped: 0 };
    const session = await sessionTakingQuestions(this.platform, now);
    if (!session) return { ...report, state: 'idle' };
    report.sessionId = session.id;
    const db = this.platform.db.pool;
    const query = searchQuery(session.hashtag);
    const cursor = await store.openXCursor(db, query);
    // a search starting afresh takes posts from the end of the last session on, not the week before it
    const notBefore = cursor.since_id === null ? await store.lastSessionEnd(db, now) : null;
    let nextToken = cursor.next_token;
    for (;;) {
      const page = await this.fetchCursorPage(query, cursor.since_id, nextToken);
      const taken = await this.takeIn(session, page.posts, notBefore);
      report.stored += taken.stored;
      report.duplicates += taken.duplicates;
      report.skipped += taken.skipped;
      if (taken.closed) return { ...report, state: 'closed' };
      report.pages += 1;
      await store.advanceXCursor(db, query, page);
      if (!page.nextToken) return report;
      nextToken = page.nextToken;
      if (report.pages >= this.o.maxPages) return { ...report, state: 'more' };
    }
  }

  /** A page from where the cursor stands; when X no longer takes the cursor (e.g. a since_id older than its seven days), the pass starts again. */
  private async fetchCursorPage(query: string, sinceId: string | null, nextToken: string | null): Promise<XPage> {
    try {
      return await this.fetchPage(query, sinceId, nextToken);
    } catch (error) {
      if (error instanceof XApiError && error.kind === 'refused' && error.status === 400 && (nextToken || sinceId))
        await store.restartXPass(this.platform.db.pool, query, !nextToken);
      throw error;
    }
  }

  /** Posts become questions, oldest first; those already stored are passed over. */
  private async takeIn(
    session: SessionView,
    posts: XPost[],
    notBefore: Date | null,
  ): Promise<{ stored: number; duplicates: number; skipped: number; closed: boolean }> {
    const out = { stored: 0, duplicates: 0, skipped: 0, closed: false };
    const known = await store.storedExternalIds(
      this.platform.db.pool,
      'x',
      posts.map((p) => p.id),
    );
    for (const post of [...posts].reverse()) {
      if (known.has(post.id)) {
        out.duplicates += 1;
        continue;
      }
      if (notBefore && post.createdAt && post.createdAt < notBefore) {
        out.skipped += 1;
        continue;
      }
      const question = withoutHashtag(cleanText(unescapeText(post.text)), session.hashtag);
      const intake = await askFromChannel(this.platform, {
        channel: 'x',
        participantId: channelParticipant(this.platform, 'x', post.authorId),
        sessionId: session.id,
        question,
        name: post.username && USERNAME.test(post.username) ? `@${post.username}` : undefined,
        language: guessLanguage(question),
        origin: { externalId: post.id, externalUrl: postUrl(post.id, post.username) },
      });
      if (intake.outcome === 'stored') out.stored += 1;
      else if (intake.outcome === 'duplicate') out.duplicates += 1;
      else if (intake.outcome === 'closed') {
        // the session ended meanwhile: the cursor stays, the posts go to the next session
        out.closed = true;
        return out;
      } else out.skipped += 1; // empty, too long, banned author, too many: passed over for good
    }
    return out;
  }

  /** One page of the recent search. */
  async fetchPage(query: string, sinceId: string | null, nextToken: string | null): Promise<XPage> {
    const params = new URLSearchParams({
      query,
      max_results: String(Math.min(100, Math.max(10, this.o.pageSize))),
      'tweet.fields': 'created_at,author_id',
      expansions: 'author_id',
      'user.fields': 'username',
    });
    if (sinceId) params.set('since_id', sinceId);
    if (nextToken) params.set('next_token', nextToken);
    const signal = AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.o.timeoutMs)]);
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${this.o.apiUrl}/2/tweets/search/recent?${params}`, {
        headers: { authorization: `Bearer ${this.o.bearerToken}`, accept: 'application/json', 'user-agent': 'Sauti' },
        signal,
      });
      text = await response.text();
    } catch (error) {
      if (this.abort.signal.aborted) throw new XApiError('stopped', 'stopped');
      if ((error as Error).name === 'TimeoutError' || signal.reason?.name === 'TimeoutError')
        throw new XApiError('timeout', `no answer within ${this.o.timeoutMs} ms`);
      throw new XApiError('network', `cannot reach X: ${(error as Error).message}`);
    }
    const status = response.status;
    if (status === 429)
      throw new XApiError('rate_limited', 'rate limited (429)', status, waitAskedMs(response.headers));
    if (status >= 500) throw new XApiError('server', `X answered ${status}`, status, waitAskedMs(response.headers));
    if (status === 401 || status === 403)
      throw new XApiError('auth', `X refused the bearer token (${status}); check X_BEARER_TOKEN`, status);
    if (status < 200 || status >= 300)
      throw new XApiError('refused', `X answered ${status}: ${text.slice(0, 200)}`, status);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new XApiError('bad_response', 'X answered with malformed JSON', status);
    }
    return parseSearchPage(body);
  }
}
