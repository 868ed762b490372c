// What of an event's detail a notice's own page shows: the withdrawal's reason and a payment's amount.
// The rest (the SMS text and phone number) stays with the staff.

export interface ShownEventDetail {
  reason?: string;
  amountCents?: number;
}

export function shownEventDetail(e: { kind: string; detail: Record<string, unknown> }): ShownEventDetail {
  const { reason, amountCents } = e.detail;
  if (e.kind === 'withdrawn' && typeof reason === 'string') return { reason };
  if (e.kind === 'payment' && amountCents !== undefined && amountCents !== null)
    return { amountCents: Number(amountCents) };
  return {};
}
