-- The number a requester gave for the SMS that their document is ready (or refused): sealed, and erased when the
-- request is settled.
alter table document_requests add column phone_sealed bytea;
