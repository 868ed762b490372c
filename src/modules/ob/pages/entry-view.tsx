import { formatDateTime, type Locale, type Translate } from '../../../platform/i18n/index.ts';
import type { ObNumber } from '../ob-number.ts';
import type { EntryRow, PersonRow } from '../read-store.ts';
import { obLabel, slipHref } from './labels.ts';

// One entry of the book, as the paper book has it: number, kind, times, who recorded it, the
// narrative, the people and property, and the amendments either way.

export interface EntryViewProps {
  t: Translate;
  locale: Locale;
  entry: EntryRow;
  /** OB numbers of the entries it names by id (links, the arrest a release ends). */
  numbers: Map<string, ObNumber>;
  /** The desk's links (slip, correction): not in the print view. */
  actions?: { station: string } | undefined;
}

type Props = Omit<EntryViewProps, 'actions'>;
const str = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

function Detail({ label, value }: { label: string; value: string }) {
  if (value === '') return null;
  return (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
}

/** Footage: its camera, the span it covers, and the hash the log holds. */
function FootageDetails({ t, locale, entry }: Props) {
  const d = entry.details;
  const span = `${formatDateTime(locale, str(d.from) || null)} – ${formatDateTime(locale, str(d.to) || null)}`;
  return (
    <>
      <Detail label={t('ob.field.camera')} value={str(d.cameraId)} />
      <Detail label={t('ob.field.footageSpan')} value={span} />
      <Detail label={t('ob.field.sha256')} value={str(d.sha256)} />
    </>
  );
}

/** What the kind adds, labelled. */
function KindDetails({ t, locale, entry, numbers }: Props) {
  const d = entry.details;
  const ob = (id: unknown) => {
    const found = numbers.get(str(id));
    return found ? obLabel(found) : '';
  };
  switch (entry.kind) {
    case 'arrest':
      return (
        <>
          <Detail label={t('ob.field.arrestedAt')} value={formatDateTime(locale, str(d.arrestedAt) || null)} />
          <Detail label={t('ob.field.arrestedBy')} value={str(d.arrestedBy)} />
          <Detail label={t('ob.field.reason')} value={str(d.reason)} />
        </>
      );
    case 'release':
      return (
        <>
          <Detail label={t('ob.field.releaseOf')} value={ob(d.releaseOf)} />
          <Detail label={t('ob.field.releaseMode')} value={d.mode ? t(`ob.releaseMode.${str(d.mode)}`) : ''} />
          <Detail label={t('ob.book.note')} value={str(d.note)} />
        </>
      );
    case 'booking_out':
    case 'booking_in':
      return (
        <>
          <Detail label={t('ob.field.officers')} value={str(d.officers)} />
          <Detail label={t('ob.field.purpose')} value={d.purpose ? t(`ob.purpose.${str(d.purpose)}`) : ''} />
        </>
      );
    case 'firearm_issued':
    case 'firearm_returned':
      return (
        <>
          <Detail label={t('ob.field.firearmSerial')} value={str(d.firearmSerial)} />
          <Detail label={t('ob.field.firearmOfficer')} value={str(d.officers)} />
          <Detail label={t('ob.field.rounds')} value={str(d.rounds)} />
        </>
      );
    case 'footage':
      return <FootageDetails t={t} locale={locale} entry={entry} numbers={numbers} />;
    case 'accident':
      return (
        <>
          <Detail label={t('ob.book.vehicles')} value={str(d.vehicles)} />
          <Detail label={t('ob.field.injuries')} value={d.injuries ? t(`ob.injuries.${str(d.injuries)}`) : ''} />
        </>
      );
    default:
      return null;
  }
}

function personText(t: Translate, p: PersonRow): string {
  if (p.erased_at) return t('ob.book.erased');
  const parts = [p.name ?? t('ob.book.unnamed')];
  if (p.id_number) parts.push(t('ob.book.idShort', { id: p.id_number }));
  if (p.phone) parts.push(p.phone);
  if (p.age !== null) parts.push(t('ob.book.age', { age: p.age }));
  if (p.sex) parts.push(t(`ob.sex.${p.sex}`));
  return parts.join(', ');
}

function People({ t, entry }: { t: Translate; entry: EntryRow }) {
  if (entry.persons.length === 0) return null;
  return (
    <ul class="ob-people-list">
      {entry.persons.map((p) => (
        <li>
          <strong>{t(`ob.role.${p.role}`)}:</strong> {personText(t, p)}
        </li>
      ))}
    </ul>
  );
}

function Property({ t, entry }: { t: Translate; entry: EntryRow }) {
  if (entry.property.length === 0) return null;
  return (
    <>
      <h4 class="ob-sub">{t('ob.desk.property')}</h4>
      <ul>
        {entry.property.map((item) => (
          <li>
            {item.quantity && item.quantity > 1 ? `${item.quantity} × ` : ''}
            {item.description}
            {item.serial ? ` (${t('ob.field.serial')}: ${item.serial})` : ''}
          </li>
        ))}
      </ul>
    </>
  );
}

function Amendments({ t, entry }: { t: Translate; entry: EntryRow }) {
  return (
    <>
      {entry.amends_day && entry.amends_number ? (
        <p class="ob-amends">
          {t('ob.book.amends', {
            ob: obLabel({ day: entry.amends_day, number: entry.amends_number }),
            reason: entry.amend_reason ?? '',
          })}
        </p>
      ) : null}
      {entry.amended_by.length > 0 ? (
        <p class="ob-amended">
          <strong>{t('ob.book.amendedBy', { obs: entry.amended_by.map(obLabel).join(', ') })}</strong>
        </p>
      ) : null}
    </>
  );
}

function Actions({ t, entry, station }: { t: Translate; entry: EntryRow; station: string }) {
  const ob = { day: entry.day, number: entry.number };
  const amend = `/staff/ob/${encodeURIComponent(station)}/new?amends=${encodeURIComponent(obLabel(ob))}`;
  return (
    <p class="ob-actions">
      <a href={slipHref(station, ob)}>{t('ob.book.slip')}</a>
      {entry.kind !== 'day_close' && entry.kind !== 'footage' ? (
        <>
          {' · '}
          <a href={amend}>{t('ob.book.amend')}</a>
        </>
      ) : null}
    </p>
  );
}

export function EntryView({ t, locale, entry, numbers, actions }: EntryViewProps) {
  const ob = obLabel(entry);
  const linked = entry.links.map((id) => numbers.get(id)).filter((n): n is ObNumber => n !== undefined);
  return (
    <article class={entry.amended_by.length > 0 ? 'ob-entry amended' : 'ob-entry'} id={`ob-${entry.number}`}>
      <h3>
        {ob} <span class="tag">{t(`ob.kind.${entry.kind}`)}</span>
      </h3>
      <Amendments t={t} entry={entry} />
      <dl class="ob-details">
        <Detail label={t('ob.field.occurredAt')} value={formatDateTime(locale, entry.occurred_at)} />
        <Detail label={t('ob.book.recordedAt')} value={formatDateTime(locale, entry.recorded_at)} />
        <Detail
          label={t('ob.book.recordedBy')}
          value={[entry.recorded_by_name, entry.recorded_by_service_number].filter(Boolean).join(', ')}
        />
        <Detail label={t('ob.field.place')} value={entry.place} />
        <KindDetails t={t} locale={locale} entry={entry} numbers={numbers} />
        <Detail label={t('ob.book.links')} value={linked.map(obLabel).join(', ')} />
      </dl>
      <p class="ob-narrative">{entry.narrative}</p>
      <People t={t} entry={entry} />
      <Property t={t} entry={entry} />
      {actions ? <Actions t={t} entry={entry} station={actions.station} /> : null}
    </article>
  );
}

/** The ids an entry names, whose OB numbers the view shows. */
export const namedIds = (entries: EntryRow[]) =>
  entries.flatMap((e) => [...e.links, ...(e.kind === 'release' ? [str(e.details.releaseOf)] : [])]);
