-- #EngageTheIG questions by USSD (the feature-phone menu), and the IG's answer sent by SMS to whoever asked by
-- SMS or USSD.

alter table engage_questions drop constraint engage_questions_channel_check;
alter table engage_questions
  add constraint engage_questions_channel_check check (channel in ('web', 'sms', 'ussd', 'x'));

-- The asker's number, sealed (AES-256-GCM under a key derived from SAUTI_SECRET), kept for one thing only: sending
-- the answer. Erased once the answer's SMS is queued, or when the session is over.
alter table engage_questions
  add column reply_to_sealed bytea check (reply_to_sealed is null or channel in ('sms', 'ussd'));
create index engage_questions_reply_to on engage_questions (session_id) where reply_to_sealed is not null;
