import type { Queryable } from '../db/database.ts';

// The mail outbox's SQL: messages queued with their event, claimed for the SMTP server, and settled by its answer.

export interface QueuedMail {
  key: string;
  purpose: string;
  toSealed: Buffer;
  subject: string;
  body: string;
  language: 'en' | 'sw';
  at: Date;
}

/** Queues a message unless one was queued under its key already; true when this call queued it. */
export async function insertMail(db: Queryable, m: QueuedMail): Promise<boolean> {
  const { rowCount } = await db.query(
    `insert into mail_outbox (key, purpose, to_sealed, subject, body, language, next_attempt_at, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, $7) on conflict (key) do nothing`,
    [m.key, m.purpose, m.toSealed, m.subject, m.body, m.language, m.at],
  );
  return rowCount === 1;
}

export interface ClaimedMail {
  id: string;
  to_sealed: Buffer;
  subject: string;
  body: string;
  language: 'en' | 'sw';
  attempts: number;
}

/** Marks up to `limit` due messages as being sent (no other instance can take them) and returns them, oldest first. */
export async function claimDue(db: Queryable, now: Date, limit: number): Promise<ClaimedMail[]> {
  const { rows } = await db.query<ClaimedMail>(
    `update mail_outbox o set status = 'sending', attempts = o.attempts + 1, claimed_at = $1
     from (select id from mail_outbox where status = 'queued' and next_attempt_at <= $1
           order by next_attempt_at, id limit $2 for update skip locked) due
     where o.id = due.id
     returning o.id, o.to_sealed, o.subject, o.body, o.language, o.attempts`,
    [now, limit],
  );
  return rows.sort((a, b) => Number(a.id) - Number(b.id));
}

/** The server took the message: the address is erased. */
export async function markSent(
  db: Queryable,
  id: string,
  r: { messageId: string; serverResponse: string; at: Date },
): Promise<void> {
  await db.query(
    `update mail_outbox set status = 'sent', message_id = $2, server_response = $3, sent_at = $4, final_at = $4,
       to_sealed = null
     where id = $1 and status = 'sending'`,
    [id, r.messageId, r.serverResponse, r.at],
  );
}

/** Back in the queue for a later try. */
export async function requeue(db: Queryable, id: string, r: { at: Date; reason: string }): Promise<void> {
  await db.query(
    `update mail_outbox set status = 'queued', next_attempt_at = $2, failure_reason = $3
     where id = $1 and status = 'sending'`,
    [id, r.at, r.reason],
  );
}

/** Refused for good, or given up: the address is erased, nothing is retried. */
export async function markFailed(db: Queryable, id: string, r: { reason: string; at: Date }): Promise<void> {
  await db.query(
    `update mail_outbox set status = 'failed', failure_reason = $2, final_at = $3, to_sealed = null
     where id = $1 and status = 'sending'`,
    [id, r.reason, r.at],
  );
}

/**
 * Messages left "sending" since before `before` (an instance stopped mid-call) go back in the queue: the server
 * may have taken one already, and a second copy of a notice costs less than none.
 */
export async function requeueStaleSending(db: Queryable, before: Date, at: Date): Promise<number> {
  const { rowCount } = await db.query(
    `update mail_outbox set status = 'queued', next_attempt_at = $2,
       failure_reason = 'interrupted while being handed to the server'
     where status = 'sending' and claimed_at < $1`,
    [before, at],
  );
  return rowCount ?? 0;
}

export interface OutboxMail {
  id: string;
  key: string;
  purpose: string;
  subject: string;
  body: string;
  language: string;
  status: string;
  attempts: number;
  message_id: string | null;
  server_response: string | null;
  failure_reason: string | null;
  address_kept: boolean;
  created_at: Date;
  next_attempt_at: Date;
  sent_at: Date | null;
  final_at: Date | null;
}

/** Messages by key prefix (e.g. every message about one case), oldest first. */
export async function mailByKey(db: Queryable, keyPrefix: string): Promise<OutboxMail[]> {
  const { rows } = await db.query<OutboxMail>(
    `select id, key, purpose, subject, body, language, status, attempts, message_id, server_response,
       failure_reason, to_sealed is not null as address_kept, created_at, next_attempt_at, sent_at, final_at
     from mail_outbox where starts_with(key, $1) order by id`,
    [keyPrefix],
  );
  return rows;
}

/** Counts by status: the backlog an operator watches. */
export async function mailOutboxCounts(db: Queryable): Promise<Record<string, number>> {
  const { rows } = await db.query<{ status: string; n: string }>(
    `select status, count(*) as n from mail_outbox group by status`,
  );
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
