import { NotFound } from '../../../platform/http/errors.ts';
import type { AnyJobDefinition } from '../../../platform/jobs/index.ts';
import type { Platform } from '../../../platform/module.ts';
import { newHolder, sealDocument } from '../../../platform/signed-docs/index.ts';
import { documentsKey } from '../../documents/index.ts';
import { noticeByLink, noticeLink } from '../service.ts';
import type { NoticeRow } from '../store.ts';
import * as store from './store.ts';

// A notice paid in full gets one receipt, signed with the documents' key like a police abstract, so
// that its QR code verifies offline against the same published keys. Payments never wait on it: a
// job issues the receipts of notices paid since it last ran, and the receipt's page issues its own
// if the job has not come yet. Whoever comes first keeps the receipt; the other's is dropped unseen.

export const FINES_RECEIPTS_QUEUE = 'fines.receipts';

/** The receipt's number: one receipt per notice, so it is the notice's number, marked as a receipt. */
export const receiptNumber = (noticeNumber: string) => `FR-${noticeNumber}`;

/** The motorist's link to a paid notice's receipt (and `.pdf` for its PDF). */
export const receiptHref = (number: string, token: string) => `${noticeLink(number, token)}/receipt`;

/** Signs and keeps a paid notice's receipt; false when it already had one. */
export async function issueReceipt(platform: Platform, paid: store.PaidNotice): Promise<boolean> {
  const key = await documentsKey(platform);
  const now = platform.clock.now();
  const number = receiptNumber(paid.number);
  const amountCents = Number(paid.paid_cents);
  const seal = sealDocument(
    {
      documentNumber: number,
      kind: 'fine-receipt',
      obNumber: paid.number,
      leafIndex: null,
      stationId: paid.station_id,
      issuedAt: Math.floor(now.getTime() / 1000),
      eventAt: Math.floor(paid.paid_at.getTime() / 1000),
      ...newHolder(paid.driver_name),
      issuerKid: key.kid,
      amountCents,
    },
    key.signer,
  );
  return store.insertReceipt(platform.db.pool, {
    noticeId: paid.id,
    number,
    amountCents,
    paidAt: paid.paid_at,
    issuedAt: now,
    kid: key.kid,
    seal,
  });
}

/**
 * Issues the receipt of every notice paid in full that has none; answers how many it issued. One that
 * cannot be signed is logged and left for the next run, never holding up the others.
 */
export async function issueDueReceipts(platform: Platform): Promise<number> {
  const BATCH = 100;
  let issued = 0;
  let after = '0';
  for (;;) {
    const due = await store.paidWithoutReceipt(platform.db.pool, after, BATCH);
    for (const paid of due) {
      after = paid.id;
      try {
        if (await issueReceipt(platform, paid)) issued++;
      } catch (error) {
        platform.log.error({ err: error, notice: paid.number }, 'a paid notice’s receipt could not be issued');
      }
    }
    if (due.length < BATCH) return issued;
  }
}

export function receiptJobs(platform: Platform): AnyJobDefinition[] {
  return [
    {
      queue: FINES_RECEIPTS_QUEUE,
      every: '* * * * *',
      policy: 'singleton',
      run: async () => {
        const issued = await issueDueReceipts(platform);
        if (issued > 0) platform.log.info({ issued }, 'receipts issued for notices paid');
      },
    },
  ];
}

export interface NoticeReceipt {
  notice: NoticeRow;
  receipt: store.ReceiptRow;
}

/**
 * A paid notice's receipt, by the motorist's link: issued now if the job has not yet come to it. An
 * unknown number, a wrong token and a notice not paid in full answer alike (404).
 */
export async function receiptByLink(platform: Platform, number: string, token: string): Promise<NoticeReceipt> {
  const notice = await noticeByLink(platform, number, token);
  let receipt = await store.receiptOfNotice(platform.db.pool, notice.id);
  if (!receipt) {
    const paid = await store.paidNotice(platform.db.pool, notice.id);
    if (!paid) throw new NotFound();
    await issueReceipt(platform, paid);
    receipt = await store.receiptOfNotice(platform.db.pool, notice.id);
  }
  if (!receipt) throw new NotFound();
  return { notice, receipt };
}
