-- The read model reports publish for insights: how and where each report came, and the free document
-- it is about (a demand for money), never what it says or who made it.
create view report_facts as
  select r.case_id, r.created_at, r.channel, r.county_code, r.station_id, r.anonymous,
    case when r.about_document ~ '^PA/' then 'abstract' when r.about_document ~ '^P3/' then 'p3'
         when r.about_document like 'abstract%' then 'abstract' else r.about_document end as about_document
  from reports r;
