-- The read model fines publish for insights: each notice's kind, status, money, place and issuing officer
-- (by account; never the driver).
create view fine_notice_facts as
  select n.id, n.kind, n.status, n.amount_cents, n.paid_cents, n.county_code, n.station_id, n.issued_by, n.issued_at,
    n.due_at, n.settled_at
  from fine_notices n;
