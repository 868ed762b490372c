-- A signed receipt for each notice paid in full, issued once: its QR text (`NPS1:…`) verifies offline with
-- the documents' published keys alone. Written once and never changed.
create table fine_receipts (
  id bigserial primary key,
  notice_id bigint not null unique references fine_notices(id),
  number text not null unique check (number ~ '^FR-[0-9]{10}$'),
  amount_cents bigint not null check (amount_cents > 0),
  paid_at timestamptz not null,
  issued_at timestamptz not null,
  -- the signing key's id, as the seal names it
  kid text not null check (kid ~ '^[0-9a-f]{16}$'),
  seal text not null check (seal like 'NPS1:%' and length(seal) <= 1000)
);
