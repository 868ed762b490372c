-- The dashboard's national and county views add up thousands of rollup rows per page at national scale. These
-- tables hold the same figures already added up over every combination of the dashboard's filters: '*' in a
-- column means "all" (a null county stays an unknown county). Category and outcome are never split together.
create table insights_case_slices (like insights_case_counties);
create index insights_case_slices_place on insights_case_slices (county_code, unit_code, month);
create index insights_case_slices_split on insights_case_slices (category, outcome, month);

create table insights_duration_slices (like insights_case_durations);
create index insights_duration_slices_place on insights_duration_slices (county_code, unit_code, month);

-- Free documents per county (no station): the national view's histograms, added up once per rebuild.
create table insights_document_counties (like insights_documents);
alter table insights_document_counties drop column station_id;
create index insights_document_counties_month on insights_document_counties (month);

create table insights_fine_counties (like insights_fines);
alter table insights_fine_counties drop column station_id;
create index insights_fine_counties_month on insights_fine_counties (month);

create table insights_ob_counties (like insights_ob);
alter table insights_ob_counties drop column station_id;
create index insights_ob_counties_month on insights_ob_counties (month);

-- Cases per station, category and the document a demand was about, without outcomes: the bribery ranking.
create table insights_station_categories (
  month date not null,
  county_code text,
  station_id text not null,
  unit_code text not null,
  category text not null,
  about_document text,
  cases int not null
);
create index insights_station_categories_category on insights_station_categories (category, month);
create index insights_station_categories_county on insights_station_categories (county_code, month);
