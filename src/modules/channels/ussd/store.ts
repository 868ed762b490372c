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

/** The number's latest session cut off mid-way (not ended) since `since`, other than `except`. */
export async function unfinishedSince(
  db: Queryable,
  numberHash: string,
  since: Date,
  except: string,
): Promise<SessionRow | undefined> {
  const { rows } = await db.query<SessionRow>(
    `select ${columns} from ussd_sessions
     where number_hash = $1 and updated_at >= $2 and id <> $3 and not ended and state is not null
     order by updated_at desc limit 1`,
    [numberHash, since, except],
  );
  return rows[0];
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
 * the caller answers with the screen that instance kept).
 */
export async function saveSession(db: Queryable, s: SessionWrite, previousText: string | undefined): Promise<boolean> {
  const { rowCount } = await db.query(
    `insert into ussd_sessions (id, number_hash, language, text_seen, screen, state, ended, started_at, updated_at, expires_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9)
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

export async function languageOf(db: Queryable, numberHash: string): Promise<'en' | 'sw' | undefined> {
  const { rows } = await db.query<{ language: 'en' | 'sw' }>(
    `select language from ussd_numbers where number_hash = $1`,
    [numberHash],
  );
  return rows[0]?.language;
}

export async function rememberLanguage(db: Queryable, numberHash: string, language: 'en' | 'sw', at: Date) {
  await db.query(
    `insert into ussd_numbers (number_hash, language, updated_at) values ($1, $2, $3)
     on conflict (number_hash) do update set language = excluded.language, updated_at = excluded.updated_at`,
    [numberHash, language, at],
  );
}
