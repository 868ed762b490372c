import type { OneStatement, Relation } from '../../platform/db/statement.ts';
import { femaleNames, maleNames, surnames } from '../../platform/scale/census.ts';
import type { Draws } from '../../platform/scale/draw-store.ts';
import type { StationColumn } from '../../platform/scale/staff-store.ts';
import {
  arrestReasons,
  bookingPurposes,
  INJURY_MIX,
  injuries,
  lostItems,
  narratives,
  personRole,
  places,
  RELEASE_MODE_MIX,
  releaseModes,
} from './scale-texts.ts';

/*
 * Generated entries as the desk writes them: each with its content, the one person it names and its leaf, the
 * canonical bytes leaf.ts makes (content and person committed to under their own salts with SHA-256), so that the
 * national log could take them in. They are not queued for the log: see scale-store.ts.
 */

const iso = (t: string) => `to_char(${t} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const json = (text: string) => `to_json((${text})::text)::text`;
const obNumber = (number: string, day: string) => `${number} || '/' || to_char(${day}, 'DD/MM/YYYY')`;

/** The kind's own details, as canonical JSON (keys in order, no spaces); a release's are written with its arrest. */
function detailsSql(d: Draws, k: string): string {
  return `case f.kind
    when 'arrest' then '{"arrestedAt":' || ${json(iso('f.arrested_at'))} || ',"arrestedBy":' || ${json(`'Cpl. ' || ${d.anyOf(surnames, k, 20)}`)}
      || ',"reason":' || ${json(d.anyOf(arrestReasons, k, 21))} || '}'
    when 'booking_out' then '{"officers":' || ${json(`'PC ' || ${d.anyOf(surnames, k, 22)}`)} || ',"purpose":' || ${json(d.anyOf(bookingPurposes, k, 23))} || '}'
    when 'booking_in' then '{"officers":' || ${json(`'PC ' || ${d.anyOf(surnames, k, 22)}`)} || ',"purpose":' || ${json(d.anyOf(bookingPurposes, k, 23))} || '}'
    when 'firearm_issued' then '{"firearmSerial":' || ${json(`'NPS-' || ${d.digits(k, 'firearm', 6)}`)} || ',"officers":' || ${json(`'PC ' || ${d.anyOf(surnames, k, 22)}`)} || ',"rounds":30}'
    when 'firearm_returned' then '{"firearmSerial":' || ${json(`'NPS-' || ${d.digits(k, 'firearm', 6)}`)} || ',"officers":' || ${json(`'PC ' || ${d.anyOf(surnames, k, 22)}`)} || ',"rounds":30}'
    when 'accident' then '{"injuries":' || ${json(d.pick(injuries, INJURY_MIX, k, 24))} || '}'
    when 'day_close' then '{"count":' || f.prev_count || ',"day":' || ${json(`to_char(f.closed_day, 'YYYY-MM-DD')`)}
      || ',"first":' || ${json(obNumber('1', 'f.closed_day'))} || ',"last":' || ${json(obNumber('f.prev_count', 'f.closed_day'))} || '}'
    else '{}' end`;
}

function narrativeSql(d: Draws, k: string): string {
  const arms = Object.entries(narratives).map(([kind, texts]) => `when '${kind}' then ${d.anyOf(texts, k, 25)}`);
  return `case f.kind when 'day_close' then 'Day ' || to_char(f.closed_day, 'YYYY-MM-DD') || ' closed: ' || f.prev_count
    || ' entries, OB ' || ${obNumber('1', 'f.closed_day')} || ' to OB ' || ${obNumber('f.prev_count', 'f.closed_day')} || '.'
    ${arms.join(' ')} end`;
}

function occurredSql(d: Draws, k: string): string {
  return `date_trunc('milliseconds', case f.kind
    when 'report' then f.t - (1 + 47 * ${d.u(k, 26)}) * interval '1 hour'
    when 'lost_property' then f.t - (2 + 70 * ${d.u(k, 26)}) * interval '1 hour'
    when 'accident' then f.t - (0.5 + 5.5 * ${d.u(k, 26)}) * interval '1 hour'
    when 'arrest' then f.arrested_at when 'day_close' then f.t
    else f.t - (1 + 14 * ${d.u(k, 26)}) * interval '1 minute' end)`;
}

/** The person an entry names (its role by kind), as the desk wrote them down. */
function personSql(d: Draws, k: string): string {
  const roles = Object.entries(personRole).map(([kind, role]) => `when '${kind}' then '${role}'`);
  const female = d.chance(k, 27, 0.45);
  return [
    `case f.kind ${roles.join(' ')} end as role`,
    `case when ${female} then 'female' else 'male' end as sex`,
    `case when ${female} then ${d.anyOf(femaleNames, k, 28)} else ${d.anyOf(maleNames, k, 28)} end || ' ' || ${d.anyOf(surnames, k, 29)} as name`,
    `${d.digits(k, 'id-number', 8)} as id_number`,
    `case when f.kind in ('report', 'lost_property', 'found_property', 'accident') then '07' || ${d.digits(k, 'phone', 8)} end as phone`,
    `(18 + ${d.below(k, 30, 52)})::smallint as age`,
    `${d.bytes(k, 'ob-person')} as person_salt`,
  ].join(',\n         ');
}

/** Every column of the month's entries but a release's details and leaf. */
export function entryFields(
  statement: OneStatement,
  d: Draws,
  stations: Relation<StationColumn>,
  numbered: Relation<string>,
) {
  const k = 'f.key';
  return statement.with<string>(
    'ob_fields',
    `select f.*, ${detailsSql(d, k)} as details, ${narrativeSql(d, k)} as narrative, ${occurredSql(d, k)} as occurred_at,
       case when f.kind = 'day_close' then '' else ${d.anyOf(places, k, 31)} end as place,
       case when f.kind in ('lost_property', 'found_property')
            then '[{"description":' || ${json(d.anyOf(lostItems, k, 32))} || '}]' else '[]' end as property,
       ${d.bytes(k, 'ob-entry')} as salt, ${d.pick(releaseModes, RELEASE_MODE_MIX, k, 33)} as release_mode,
       st.id as station_id, st.name as station_name, st.county_code,
       case when f.kind = 'day_close' then st.commander else st.desk end as recorded_by,
       case when f.kind = 'day_close' then st.commander_service_number else st.desk_service_number end as service_number,
       ${personSql(d, k)}
     from ${numbered} f join ${stations} st on st.si = f.si offset 0`,
  );
}

/** An entry's leaf (leaf.ts): what anyone may see in plain, its content and its person as salted SHA-256 commitments. */
export function leafSql(details: string): string {
  const content = `'{"amendReason":null,"details":' || ${details} || ',"links":[],"narrative":' || ${json('f.narrative')}
    || ',"place":' || ${json('f.place')} || ',"property":' || f.property || ',"recordedBy":' || ${json('f.recorded_by')}
    || ',"recordedByServiceNumber":' || coalesce(${json('f.service_number')}, 'null') || '}'`;
  const person = `'{"age":' || f.age || ',"idNumber":' || ${json('f.id_number')} || ',"name":' || ${json('f.name')}
    || ',"phone":' || coalesce(${json('f.phone')}, 'null') || ',"role":' || ${json('f.role')} || ',"sex":' || ${json('f.sex')} || '}'`;
  return `convert_to('sauti-ob-entry/v1' || chr(10) || 'station ' || f.station_id || chr(10) || 'ob ' || ${obNumber('f.number', 'f.day')}
    || chr(10) || 'kind ' || f.kind || chr(10) || 'occurred ' || ${iso('f.occurred_at')} || chr(10) || 'recorded ' || ${iso('f.t')}
    || chr(10) || 'content ' || encode(sha256(f.salt || convert_to(${content}, 'UTF8')), 'base64') || chr(10)
    || case when f.role is null then '' else 'person ' || f.role || ' '
         || encode(sha256(f.person_salt || convert_to(${person}, 'UTF8')), 'base64') || chr(10) end, 'UTF8')`;
}

const entryColumns = `station_id, day, number, kind, occurred_at, recorded_at, recorded_by, recorded_by_service_number,
  place, narrative, details, property, salt, leaf`;

/** The month's entries but its releases, numbered as planned; answers what was stored. */
export function insertEntries(statement: OneStatement, fields: Relation<string>) {
  return statement.with<string>(
    'ob_inserted',
    `insert into ob_entries (${entryColumns})
     select f.station_id, f.day, f.number, f.kind, f.occurred_at, f.t, f.recorded_by, f.service_number, f.place,
       f.narrative, f.details::jsonb, f.property::jsonb, f.salt, ${leafSql('f.details')}
     from ${fields} f where f.kind <> 'release' order by f.station_id, f.day, f.number
     returning id, station_id, day, number, kind, occurred_at`,
  );
}

/** The month's releases, each naming its arrest's entry: stored in this statement, or in an earlier month's. */
export function insertReleases(statement: OneStatement, fields: Relation<string>, inserted: Relation<string>) {
  const arrest = statement.with<string>(
    'ob_release_of',
    `select f.*, coalesce(i.id, (select e.id from ob_entries e where e.kind = 'arrest' and e.station_id = f.station_id
                                   and e.occurred_at = f.arrested_at and e.amends is null limit 1)) as arrest_id
     from ${fields} f left join ${inserted} i
       on i.station_id = f.station_id and i.kind = 'arrest' and i.occurred_at = f.arrested_at
     where f.kind = 'release'`,
  );
  const details = `'{"mode":' || ${json('f.release_mode')} || ',"releaseOf":' || ${json('f.arrest_id')} || '}'`;
  return statement.with<string>(
    'ob_released',
    `insert into ob_entries (${entryColumns})
     select f.station_id, f.day, f.number, f.kind, f.occurred_at, f.t, f.recorded_by, f.service_number, f.place,
       f.narrative, (${details})::jsonb, f.property::jsonb, f.salt, ${leafSql(details)}
     from ${arrest} f where f.arrest_id is not null
     returning id`,
  );
}

/** The people entries name, and each station-day's counter at its last number. */
export function insertPersonsAndCounters(
  statement: OneStatement,
  fields: Relation<string>,
  inserted: Relation<string>,
) {
  statement.with(
    'ob_persons',
    `insert into ob_entry_persons (entry_id, ord, role, name, id_number, phone, age, sex, salt)
     select i.id, 0, f.role, f.name, f.id_number, f.phone, f.age, f.sex, f.person_salt
     from ${inserted} i join ${fields} f on f.station_id = i.station_id and f.day = i.day and f.number = i.number
     where f.role is not null`,
  );
  statement.with(
    'ob_counters',
    `insert into ob_day_counters (station_id, day, last_number)
     select station_id, day, max(number) from ${fields} group by station_id, day
     on conflict (station_id, day) do update set last_number = excluded.last_number`,
  );
}
