-- Service numbers compared in one canonical form. NPS numbers are written year, hyphen, six digits
-- (2015-088120) but typed in many ways (2015 088120, 2015088120, 2015/088120, NPS 2015-088120); a
-- wall that compared what was typed let a named officer read a case that named them differently.
--
-- The rule is the jurisdiction's (src/jurisdiction/kenya/service-numbers.ts): drop spaces (tab, line
-- break and no-break space too), '/', '.', '-' and the en dash, then an 'NPS' prefix in any case;
-- what is left must be a year (19xx or 20xx) and six digits. Anything else has no canonical form.
-- service-numbers.test.ts checks that this function and the TypeScript agree.
create function canonical_service_number(typed text) returns text
  language sql immutable strict parallel safe
as $$
  select case when compact ~ '^(19|20)[0-9]{8}$' then substr(compact, 1, 4) || '-' || substr(compact, 5) end
  from (select regexp_replace(regexp_replace(typed, '[ \t\r\n\u00a0\u2013/.-]', '', 'g'), '^nps', '', 'i') as compact) typed_number
$$;

-- Officers named in a case: what was typed is shown; the canonical form, beside it, is compared.
alter table case_subjects
  add column service_number_canonical text generated always as (canonical_service_number(service_number)) stored;
create index case_subjects_service_number_canonical on case_subjects (service_number_canonical) where service_number_canonical is not null;

-- The roster and staff accounts hold the canonical form itself (a number that has none is kept as
-- it is): every write is canonicalised, and so are the rows already there.
create function canonicalise_service_number() returns trigger language plpgsql as $$
begin
  new.service_number := coalesce(canonical_service_number(new.service_number), new.service_number);
  return new;
end $$;

alter table users drop constraint users_service_number_fkey;

-- One officer entered twice in the roster, typed two ways: keep the entry already written in the
-- canonical form, otherwise the first; accounts follow to the canonical number below.
delete from officers o using officers k
 where o.service_number <> k.service_number
   and canonical_service_number(o.service_number) = canonical_service_number(k.service_number)
   and o.service_number <> canonical_service_number(o.service_number)
   and (k.service_number = canonical_service_number(k.service_number) or k.service_number < o.service_number);

update officers set service_number = canonical_service_number(service_number)
 where canonical_service_number(service_number) <> service_number;
update users set service_number = canonical_service_number(service_number)
 where canonical_service_number(service_number) <> service_number;

alter table users add constraint users_service_number_fkey foreign key (service_number) references officers(service_number);

create trigger officers_canonical_service_number before insert or update of service_number on officers
  for each row execute function canonicalise_service_number();
create trigger users_canonical_service_number before insert or update of service_number on users
  for each row execute function canonicalise_service_number();
