-- Each issued document's PDF, drawn once for each way it can print and then kept as a file: before its OB
-- entry is in a signed checkpoint (pending), with the log's proof of the entry (logged), and stamped revoked.
-- Drawing is most of a download's cost; a kept PDF is read back in a few milliseconds.
create table document_pdfs (
  document_id bigint not null references documents(id),
  state text not null check (state in ('pending', 'logged', 'revoked')),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  size integer not null check (size > 0),
  drawn_at timestamptz not null,
  primary key (document_id, state)
);

-- what the drawing job looks at: the day's documents, and the day's revocations
create index documents_issued_at on documents (issued_at);
create index documents_revoked_at on documents (revoked_at) where revoked_at is not null;
