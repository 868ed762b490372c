-- The read model documents publish for insights: each request for a free document, where, when and how it ended.
create view document_request_facts as
  select r.id, r.kind, r.station_id, r.requested_at, r.due_at, r.status, r.settled_at, r.case_id is not null as escalated
  from document_requests r;
