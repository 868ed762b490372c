import type { Queryable } from '../../../platform/db/database.ts';
import type { UssdState } from './engine.ts';

// The USSD module's SQL: sessions by Africa's Talking's id, and each number's language by its keyed hash.

export interface SessionRow {
  id: string;
  number_hash: string;
  language: 'en' | 'sw';
  text_seen: string;
  screen: string;
  state: UssdState | null;
  ended: boolean;
  updated_at: Date;
}

const columns = 'id, number_hash, language, text_seen, screen, state, ended, updated_at';

export async function sessionById(db: Queryable, id: string, now: Date): Promise<SessionRow | undefined> {
  const { rows } = await db.query<SessionRow>(
    `select ${columns} from ussd_sessions where id = $1 and expires_at > $2`,
    [id, now],
  );
  return rows[0];
}

export interface DialState {
  known: SessionRow | undefined;
  language: 'en' | 'sw' | undefined;
  cut: SessionRow | undefined;
  /** Sessions the number started since `since`. */
  recent: number;
}

/**
 * What a dial needs in one round trip: the session if this callback was answered before (a retry), the number's
 * language, and its latest session cut off mid-way since `since`.
 */
export async function dialState(
  db: Queryable,
  id: string,
  numberHash: string,
  now: Date,
  since: Date,
): Promise<DialState> {
  const { rows } = await db.query<{
    known: SessionRow | null;
    language: 'en' | 'sw' | null;
    cut: SessionRow | null;
    recent: number;
  }>(
    `select
       (select to_jsonb(s) from (select ${columns} from ussd_sessions where id = $1 and expires_at > $3) s) as known,
       (select language from ussd_numbers where number_hash = $2) as language,
       (select to_jsonb(s) from (select ${columns} from ussd_sessions
          where number_hash = $2 and updated_at >= $4 and id <> $1 and not ended and state is not null
          order by updated_at desc limit 1) s) as cut,
       (select count(*)::int from ussd_sessions where number_hash = $2 and started_at >= $4) as recent`,
    [id, numberHash, now, since],
  );
  const row = rows[0]!;
  return {
    known: row.known ?? undefined,
    language: row.language ?? undefined,
    cut: row.cut ?? undefined,
    recent: row.recent,
  };
}

export interface SessionWrite {
  id: string;
  numberHash: string;
  language: 'en' | 'sw';
  textSeen: string;
  screen: string;
  state: UssdState | null;
  ended: boolean;
  at: Date;
  expiresAt: Date;
}

/**
 * Keeps where the session stands after a step, unless another instance answered the same step first (then false:
 * the caller answers with the screen that instance kept). Committed without waiting for the disk
 * (synchronous_commit off for this statement's transaction): a crash may lose the last step of a session, which
 * the phone then sees as ended; what a step files (a report, a question) commits on its own, durably.
 */
export async function saveSession(db: Queryable, s: SessionWrite, previousText: string | undefined): Promise<boolean> {
  const { rowCount } = await db.query(
    `insert into ussd_sessions (id, number_hash, language, text_seen, screen, state, ended, started_at, updated_at, expires_at)
     select $1, $2, $3, $4, $5, $6, $7, $8, $8, $9 from (select set_config('synchronous_commit', 'off', true)) async
     on conflict (id) do update set language = excluded.language, text_seen = excluded.text_seen,
       screen = excluded.screen, state = excluded.state, ended = excluded.ended, updated_at = excluded.updated_at,
       expires_at = excluded.expires_at
     where ussd_sessions.text_seen = $10`,
    [s.id, s.numberHash, s.language, s.textSeen, s.screen, s.state, s.ended, s.at, s.expiresAt, previousText ?? null],
  );
  return rowCount === 1;
}

/** A session resumed in a new one: the old one ends, keeping no state. */
export async function endSession(db: Queryable, id: string, at: Date): Promise<void> {
  await db.query(`update ussd_sessions set ended = true, state = null, updated_at = $2 where id = $1`, [id, at]);
}

export async function removeExpired(db: Queryable, now: Date): Promise<number> {
  const { rowCount } = await db.query(`delete from ussd_sessions where expires_at <= $1`, [now]);
  return rowCount ?? 0;
}

export async function rememberLanguage(db: Queryable, numberHash: string, language: 'en' | 'sw', at: Date) {
  await db.query(
    `insert into ussd_numbers (number_hash, language, updated_at) values ($1, $2, $3)
     on conflict (number_hash) do update set language = excluded.language, updated_at = excluded.updated_at`,
    [numberHash, language, at],
  );
}
