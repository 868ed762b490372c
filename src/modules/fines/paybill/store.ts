import type { Queryable } from '../../../platform/db/database.ts';
import type { NoticeRow } from '../store.ts';

// The paybill's SQL: the one indexed look-up a payment to the paybill (or a bank line) needs.

export interface PayableNotice {
  id: string;
  status: NoticeRow['status'];
  /** what is still owed, in cents */
  balance_cents: string;
}

/** A notice by its number, with what is still owed (one look-up on the unique number). */
export async function noticeForPayment(db: Queryable, number: string): Promise<PayableNotice | undefined> {
  const { rows } = await db.query<PayableNotice>(
    'select id, status, amount_cents - paid_cents as balance_cents from fine_notices where number = $1',
    [number],
  );
  return rows[0];
}
