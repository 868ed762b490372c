-- A report made from a free document's "report a demand for money" link names that document (its number,
-- or its kind while it has none): insights count such reports per station and kind of document.
alter table reports add column about_document text
  check (about_document ~ '^((PA|P3)/[A-Z0-9-]{1,64}/[0-9]{4}/[0-9]{1,9}|abstract_general|abstract_traffic|p3)$');
create index reports_about_document on reports (station_id, about_document) where about_document is not null;
