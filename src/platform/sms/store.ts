import type { Queryable } from '../db/database.ts';
import type { OneStatement } from '../db/statement.ts';

// The SMS outbox's SQL: messages queued with their event, claimed for the gateway, and settled by its answers and
// delivery reports.

export interface QueuedSms {
  key: string;
  purpose: string;
  toHash: string;
  toSealed: Buffer;
  body: string;
  language: 'en' | 'sw';
  at: Date;
}

/** Queues a message unless one was queued under its key already; true when this call queued it. */
export async function insertMessage(db: Queryable, m: QueuedSms): Promise<boolean> {
  const { rowCount } = await db.query(
    `insert into sms_outbox (key, purpose, to_hash, to_sealed, body, language, next_attempt_at, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, $7) on conflict (key) do nothing`,
    [m.key, m.purpose, m.toHash, m.toSealed, m.body, m.language, m.at],
  );
  return rowCount === 1;
}

/** Many messages in one statement; how many were queued (those under a key queued before stay as they are). */
export async function insertMessages(db: Queryable, messages: QueuedSms[]): Promise<number> {
  const records = messages.map((m) => ({ ...m, toSealed: m.toSealed.toString('base64') }));
  const { rowCount } = await db.query(
    `insert into sms_outbox (key, purpose, to_hash, to_sealed, body, language, next_attempt_at, created_at)
     select m.key, m.purpose, m."toHash", decode(m."toSealed", 'base64'), m.body, m.language, m.at, m.at
     from jsonb_to_recordset($1::jsonb)
       as m(key text, purpose text, "toHash" text, "toSealed" text, body text, language text, at timestamptz)
     on conflict (key) do nothing`,
    [JSON.stringify(records)],
  );
  return rowCount ?? 0;
}

/** The same, as a step of a caller's statement (see `OneStatement`): messages already queued under their key stay as they are. */
export function insertMessagesIn(statement: OneStatement, messages: QueuedSms[]): void {
  const records = messages.map((m) => ({ ...m, toSealed: m.toSealed.toString('base64') }));
  statement.with(
    'sms_queued',
    `insert into sms_outbox (key, purpose, to_hash, to_sealed, body, language, next_attempt_at, created_at)
     select m.key, m.purpose, m."toHash", decode(m."toSealed", 'base64'), m.body, m.language, m.at, m.at
     from jsonb_to_recordset(${statement.param(JSON.stringify(records))}::jsonb)
       as m(key text, purpose text, "toHash" text, "toSealed" text, body text, language text, at timestamptz)
     on conflict (key) do nothing
     returning id`,
  );
}

export interface ClaimedSms {
  id: string;
  to_hash: string;
  to_sealed: Buffer;
  body: string;
  attempts: number;
}

/** Marks up to `limit` due messages as being sent (no other instance can take them) and returns them, oldest first. */
export async function claimDue(db: Queryable, now: Date, limit: number): Promise<ClaimedSms[]> {
  const { rows } = await db.query<ClaimedSms>(
    `update sms_outbox o set status = 'sending', attempts = o.attempts + 1, claimed_at = $1
     from (select id from sms_outbox where status = 'queued' and next_attempt_at <= $1
           order by next_attempt_at, id limit $2 for update skip locked) due
     where o.id = due.id
     returning o.id, o.to_hash, o.to_sealed, o.body, o.attempts`,
    [now, limit],
  );
  return rows.sort((a, b) => Number(a.id) - Number(b.id));
}

/** How many messages each of these numbers was handed to the gateway since `since`. */
export async function sentSince(db: Queryable, hashes: string[], since: Date): Promise<Map<string, number>> {
  const { rows } = await db.query<{ to_hash: string; n: string }>(
    `select to_hash, count(*) as n from sms_outbox where to_hash = any($1) and sent_at >= $2 group by to_hash`,
    [hashes, since],
  );
  return new Map(rows.map((r) => [r.to_hash, Number(r.n)]));
}

/** The gateway took the message. */
export async function markSent(
  db: Queryable,
  id: string,
  r: { gatewayMessageId: string; gatewayStatus: string; at: Date },
): Promise<void> {
  await db.query(
    `update sms_outbox set status = 'sent', gateway_message_id = $2, gateway_status = $3, sent_at = $4
     where id = $1 and status = 'sending'`,
    [id, r.gatewayMessageId, r.gatewayStatus, r.at],
  );
}

/** Back in the queue for a later try (the gateway could not take it now, or the number has had enough this hour). */
export async function requeue(
  db: Queryable,
  id: string,
  r: { at: Date; reason: string; countsAsAttempt: boolean },
): Promise<void> {
  await db.query(
    `update sms_outbox set status = 'queued', next_attempt_at = $2, failure_reason = $3,
       attempts = attempts - case when $4 then 0 else 1 end
     where id = $1 and status = 'sending'`,
    [id, r.at, r.reason, r.countsAsAttempt],
  );
}

/** Final without delivery (refused, given up) or with an unknown outcome: the number is erased, nothing is retried. */
export async function markEnded(
  db: Queryable,
  id: string,
  r: { status: 'failed' | 'unknown'; reason: string; gatewayStatus?: string; at: Date },
): Promise<void> {
  await db.query(
    `update sms_outbox set status = $2, failure_reason = $3, gateway_status = coalesce($4, gateway_status),
       final_at = $5, to_sealed = null
     where id = $1 and status in ('sending', 'queued')`,
    [id, r.status, r.reason, r.gatewayStatus ?? null, r.at],
  );
}

/** Messages left "sending" since before `before` (an instance stopped mid-call): their outcome is unknown. */
export async function abandonStaleSending(db: Queryable, before: Date, at: Date): Promise<number> {
  const { rowCount } = await db.query(
    `update sms_outbox set status = 'unknown', failure_reason = 'interrupted while being handed to the gateway',
       final_at = $2, to_sealed = null
     where status = 'sending' and claimed_at < $1`,
    [before, at],
  );
  return rowCount ?? 0;
}

/** When the next queued message falls due, if any. */
export async function nextDue(db: Queryable): Promise<Date | undefined> {
  const { rows } = await db.query<{ at: Date | null }>(
    `select min(next_attempt_at) as at from sms_outbox where status = 'queued'`,
  );
  return rows[0]?.at ?? undefined;
}

export interface DeliveryReport {
  gatewayMessageId: string;
  status: string;
  failureReason: string | undefined;
  networkCode: string | undefined;
  retryCount: number;
  at: Date;
}

const FINAL_STATUS: Record<string, 'delivered' | 'failed' | undefined> = {
  Success: 'delivered',
  Failed: 'failed',
  Rejected: 'failed',
};

/**
 * Keeps a delivery report (once, however often it is sent) and moves its message on: Success delivers it, Failed
 * and Rejected end it, Sent/Submitted/Buffered leave it sent. A final message never moves again. Returns the
 * message's id, or undefined when no message of Sauti's has that gateway id.
 */
export async function recordDeliveryReport(db: Queryable, r: DeliveryReport): Promise<string | undefined> {
  const final = FINAL_STATUS[r.status];
  const { rows } = await db.query<{ id: string }>(
    `with message as (
       select id from sms_outbox where gateway_message_id = $1
     ), kept as (
       insert into sms_delivery_reports
         (message_id, gateway_message_id, status, failure_reason, network_code, retry_count, received_at)
       select (select id from message), $1, $2, $3, $4, $5, $6
       on conflict (gateway_message_id, status, retry_count) do nothing
     ), moved as (
       update sms_outbox set gateway_status = $2, failure_reason = coalesce($3, failure_reason),
         status = coalesce($7, status), final_at = case when $7 is null then null else $6 end,
         to_sealed = case when $7 is null then to_sealed end
       where id = (select id from message) and status in ('sending', 'sent')
     )
     select id from message`,
    [r.gatewayMessageId, r.status, r.failureReason ?? null, r.networkCode ?? null, r.retryCount, r.at, final ?? null],
  );
  return rows[0]?.id;
}

export interface OutboxMessage {
  id: string;
  key: string;
  purpose: string;
  body: string;
  language: string;
  status: string;
  attempts: number;
  gateway_message_id: string | null;
  gateway_status: string | null;
  failure_reason: string | null;
  number_kept: boolean;
  created_at: Date;
  sent_at: Date | null;
  final_at: Date | null;
  reports: Array<{ status: string; failure_reason: string | null; received_at: string }>;
}

/** Messages by key prefix (e.g. every message about one report), with their delivery reports, oldest first. */
export async function messagesByKey(db: Queryable, keyPrefix: string): Promise<OutboxMessage[]> {
  const { rows } = await db.query<OutboxMessage>(
    `select o.id, o.key, o.purpose, o.body, o.language, o.status, o.attempts, o.gateway_message_id, o.gateway_status,
       o.failure_reason, o.to_sealed is not null as number_kept, o.created_at, o.sent_at, o.final_at,
       coalesce((select json_agg(json_build_object('status', d.status, 'failure_reason', d.failure_reason,
         'received_at', d.received_at) order by d.id) from sms_delivery_reports d where d.message_id = o.id), '[]') as reports
     from sms_outbox o where starts_with(o.key, $1) order by o.id`,
    [keyPrefix],
  );
  return rows;
}

/** Counts by status: the backlog an operator watches. */
export async function outboxCounts(db: Queryable): Promise<Record<string, number>> {
  const { rows } = await db.query<{ status: string; n: string }>(
    `select status, count(*) as n from sms_outbox group by status`,
  );
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
