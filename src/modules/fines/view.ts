import type { NoticeRow } from './store.ts';
import { shownEventDetail } from './withdrawal/events.ts';

/** A notice as its motorist's page and the API show it. */
export function noticeJson(row: NoticeRow) {
  return {
    number: row.number,
    kind: row.kind,
    status: row.status,
    amountCents: Number(row.amount_cents),
    paidCents: Number(row.paid_cents),
    balanceCents: Math.max(0, Number(row.amount_cents) - Number(row.paid_cents)),
    scheduleVersion: row.schedule_version,
    offences: row.offences.map((o) => ({
      code: o.code,
      quantity: o.quantity,
      unitCents: o.unit_cents === null ? null : Number(o.unit_cents),
      amountCents: Number(o.amount_cents),
    })),
    courtOffence: row.court_offence,
    registration: row.vehicle_registration,
    driverName: row.driver_name,
    licenceNumber: row.licence_number,
    place: row.place,
    county: { code: row.county_code, name: row.county_name },
    station: { id: row.station_id, name: row.station_name },
    officer: { name: row.issued_by_name, serviceNumber: row.issued_by_service_number },
    offenceAt: row.offence_at.toISOString(),
    issuedAt: row.issued_at.toISOString(),
    dueAt: row.due_at.toISOString(),
    events: row.events.map((e) => ({ kind: e.kind, at: new Date(e.at).toISOString(), ...shownEventDetail(e) })),
  };
}
