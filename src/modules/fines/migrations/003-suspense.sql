-- What each payment paid off, and what is left in suspense for the finance officers: a payment for an
-- account that is no notice, for a notice no longer payable (paid, withdrawn, contested), or beyond a
-- notice's balance. Nothing is ever credited twice, and nothing received is lost.
alter table fine_payments
  -- what the payer typed as the account (paybill BillRefNumber, bank narrative); the notice number for STK
  add column account text check (length(account) between 1 and 64),
  add column credited_cents bigint not null default 0 check (credited_cents >= 0),
  add column suspense_cents bigint generated always as (amount_cents - credited_cents) stored,
  add column suspense_reason text check (suspense_reason in ('unknown-account', 'not-payable', 'overpaid')),
  add check (credited_cents <= amount_cents),
  add check ((suspense_reason is null) = (credited_cents = amount_cents)),
  add check (notice_id is not null or suspense_reason = 'unknown-account');

create index fine_payments_suspense on fine_payments (recorded_at) where suspense_reason is not null;
