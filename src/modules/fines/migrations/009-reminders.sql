-- When the motorist was sent a reminder that their fine falls due (once per notice).
alter table fine_notices add column reminded_at timestamptz;
