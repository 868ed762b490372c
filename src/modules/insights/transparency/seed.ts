import type { Queryable } from '../../../platform/db/database.ts';
import type { MonthFacts } from './tables.ts';

// For the tests: rollup rows written as the refresh would write them, so that a month's figures are known
// exactly (the refresh itself is tested in insights/refresh/).

export async function seedMonth(db: Queryable, month: string, facts: MonthFacts): Promise<void> {
  const day = `${month}-01`;
  for (const c of facts.complaints)
    await db.query(
      `insert into insights_case_counties (month, county_code, unit_code, category, outcome, cases, responded,
         responded_in_time, resolved, resolved_in_time, overdue_now) values ($1, $2, 'IAU', $3, $4, $5, $6, $7, 0, 0, 0)`,
      [day, c.county, c.category, c.outcome, c.cases, c.responded, c.respondedInTime],
    );
  // officers' letters are cases too, never counted on the portal
  await db.query(
    `insert into insights_case_counties (month, county_code, unit_code, category, outcome, cases, responded,
       responded_in_time, resolved, resolved_in_time, overdue_now) values ($1, '001', 'IAU', 'officer_grievance', 'open', 3, 0, 0, 0, 0, 0)`,
    [day],
  );
  for (const f of facts.fines)
    await db.query(
      `insert into insights_fines (month, county_code, station_id, kind, status, notices, overdue, amount_cents, paid_cents)
       values ($1, $2, 'seeded', 'fine', $3, $4, 0, $5, $6)`,
      [day, f.county, f.status, f.notices, f.amountCents, f.paidCents],
    );
  for (const d of facts.documents)
    await db.query(
      `insert into insights_documents (month, county_code, station_id, kind, requested, issued, issued_in_time, refused,
         waiting, escalated, issue_hours) values ($1, $2, 'seeded', $3, $4, $5, $6, $7, $8, 0, $9)`,
      [day, d.county, d.kind, d.requested, d.issued, d.issuedInTime, d.refused, d.waiting, d.issueHours],
    );
  for (const o of facts.ob)
    await db.query(
      `insert into insights_ob (month, county_code, station_id, entries, logged_entries, days_with_entries, days_closed,
         arrests, custody_deadlines, custody_breaches) values ($1, $2, 'seeded', $3, $3, 0, 0, 0, $4, $5)`,
      [day, o.county, o.loggedEntries, o.custodyDeadlines, o.custodyBreaches],
    );
}

export async function seedRefresh(db: Queryable, at: Date, snapshot: string, checkpoint?: [number, string]) {
  await db.query(
    `insert into insights_refreshes (rollup, started_at, finished_at, snapshot, checkpoint_size, checkpoint_root)
     values ('all', $1, $1, $2, $3, $4)`,
    [at, snapshot, checkpoint?.[0] ?? null, checkpoint?.[1] ?? null],
  );
}

/** The portal's release table, as the insights migration is asked to create it (a no-op once it does). */
