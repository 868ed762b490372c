-- A notice unpaid past its due date and the grace period after it is flagged for court: status 'overdue'.
-- It is no longer payable by M-Pesa or bank (money sent for it waits in suspense as 'not-payable'); the
-- court that hears it takes the fine.
alter table fine_notices drop constraint fine_notices_status_check;
alter table fine_notices add constraint fine_notices_status_check
  check (status in ('unpaid', 'paid', 'contested', 'withdrawn', 'court', 'warning', 'overdue'));

-- A withdrawal names the commander who made it, as well as the reason.
alter table fine_notices add constraint fine_notices_withdrawn_by_check
  check (status <> 'withdrawn' or withdrawn_by is not null);

-- Each of these steps happens to a notice once at most, however many instances of the job run at once.
create unique index fine_notice_events_once on fine_notice_events (notice_id, kind)
  where kind in ('reminded', 'flagged-for-court', 'withdrawn');

-- The station's list of notices, newest first; the counts of what each officer issued.
create index fine_notices_issuer on fine_notices (issued_by, issued_at);
