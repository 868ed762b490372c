/** The X API v2 recent search as Sauti reads it: posts, paging, failures and the waits X asks for. */

export interface XPost {
  id: string;
  text: string;
  authorId: string;
  createdAt: Date | null;
  /** The author's handle, when X sent the author along (expansions=author_id). */
  username: string | null;
}

export interface XPage {
  /** Newest first, as X sends them. */
  posts: XPost[];
  newestId: string | null;
  nextToken: string | null;
}

export type XFailure =
  'timeout' | 'network' | 'rate_limited' | 'server' | 'auth' | 'refused' | 'bad_response' | 'stopped';

export class XApiError extends Error {
  constructor(
    readonly kind: XFailure,
    message: string,
    readonly status?: number,
    /** How long X asked us to wait (429's x-rate-limit-reset or retry-after). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'XApiError';
  }
}

const POST_ID = /^\d{1,19}$/;
/** A handle X would accept: what may be shown as the asker's name and put in a link. */
export const USERNAME = /^[A-Za-z0-9_]{1,15}$/;
const MAX_ID = 9_223_372_036_854_775_807n;

const isPostId = (v: unknown): v is string => typeof v === 'string' && POST_ID.test(v) && BigInt(v) <= MAX_ID;

/** The public link to a post; without a usable handle, X's handle-free form. */
export function postUrl(id: string, username: string | null): string {
  return username && USERNAME.test(username)
    ? `https://x.com/${username}/status/${id}`
    : `https://x.com/i/web/status/${id}`;
}

/** X escapes these three in post text. */
export function unescapeText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Checks a recent-search answer and takes what Sauti needs; anything else is a bad_response. */
export function parseSearchPage(body: unknown): XPage {
  const bad = (why: string) => new XApiError('bad_response', `X answered in an unexpected shape: ${why}`);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw bad('not an object');
  const { data, includes, meta } = body as { data?: unknown; includes?: unknown; meta?: unknown };
  if (typeof meta !== 'object' || meta === null) throw bad('no meta');
  const m = meta as { newest_id?: unknown; next_token?: unknown; result_count?: unknown };
  if (data !== undefined && !Array.isArray(data)) throw bad('data is not a list');
  const users = new Map<string, string>();
  const list = (includes as { users?: unknown } | undefined)?.users;
  if (Array.isArray(list)) {
    for (const u of list as Array<{ id?: unknown; username?: unknown }>) {
      if (typeof u?.id === 'string' && typeof u.username === 'string') users.set(u.id, u.username);
    }
  }
  const posts: XPost[] = [];
  for (const raw of (data ?? []) as Array<Record<string, unknown>>) {
    if (
      typeof raw !== 'object' ||
      raw === null ||
      !isPostId(raw.id) ||
      typeof raw.text !== 'string' ||
      typeof raw.author_id !== 'string'
    ) {
      throw bad('a post without id, text or author_id');
    }
    const created = typeof raw.created_at === 'string' ? new Date(raw.created_at) : null;
    posts.push({
      id: raw.id,
      text: raw.text,
      authorId: raw.author_id,
      createdAt: created && !Number.isNaN(created.getTime()) ? created : null,
      username: users.get(raw.author_id) ?? null,
    });
  }
  if (m.next_token !== undefined && (typeof m.next_token !== 'string' || !m.next_token || m.next_token.length > 512))
    throw bad('next_token');
  if (m.newest_id !== undefined && !isPostId(m.newest_id)) throw bad('newest_id');
  // the newest id is meta's, or the greatest id on the page when meta leaves it out
  const newest =
    (m.newest_id as string | undefined) ??
    posts.reduce<string | null>((a, p) => (a === null || BigInt(p.id) > BigInt(a) ? p.id : a), null);
  return { posts, newestId: newest, nextToken: (m.next_token as string | undefined) ?? null };
}

/** How long X asks us to wait, from x-rate-limit-reset (epoch seconds) or retry-after (seconds or a date). */
export function waitAskedMs(headers: Headers, nowMs = Date.now()): number | undefined {
  const waits: number[] = [];
  const reset = headers.get('x-rate-limit-reset');
  if (reset && /^\d+$/.test(reset.trim())) waits.push(Number(reset) * 1000 - nowMs + 1000);
  const retry = headers.get('retry-after')?.trim();
  if (retry) {
    if (/^\d+$/.test(retry)) waits.push(Number(retry) * 1000);
    else if (!Number.isNaN(Date.parse(retry))) waits.push(Date.parse(retry) - nowMs);
  }
  const longest = Math.max(...waits, 0);
  return waits.length > 0 ? Math.max(0, longest) : undefined;
}
