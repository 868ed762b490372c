import { workingCalendar } from '../../../jurisdiction/kenya/calendar.ts';
import { addWorkingTime, subtractWorkingTime, workingTimeBetween } from '../../../platform/time/business-calendar.ts';

/**
 * How long a clock runs: hours of working time (the public service's working week, outside public
 * holidays) or hours round the clock (a death in custody does not wait for Monday).
 */
export interface ClockSpan {
  hours: number;
  calendar: 'working' | 'continuous';
}

/**
 * A case's clocks: the first response to the reporter; then an update at least every `update`; the
 * resolution, counted from the opening. Cases that are not the public's (a custody alarm) keep only the first.
 */
export interface CaseClocks {
  firstResponse: ClockSpan;
  update?: ClockSpan;
  resolution?: ClockSpan;
}

export type ClockName = 'first_response' | 'update' | 'resolution';
export const clockNames: readonly ClockName[] = ['first_response', 'update', 'resolution'];

export const roundTheClock = (hours: number): ClockSpan => ({ hours, calendar: 'continuous' });
export const workingHours = (hours: number): ClockSpan => ({ hours, calendar: 'working' });

/** What is left of a clock when a fifth of its time remains: the queue warns from then. */
const WARN_SHARE = 0.2;
const HOUR = 3600_000;

function later(span: ClockSpan, from: Date, ms: number): Date {
  return span.calendar === 'working'
    ? addWorkingTime(workingCalendar, from, ms)
    : new Date(from.getTime() + Math.max(0, ms));
}

/** When a clock of this span started at `from` runs out. */
export const dueAfter = (span: ClockSpan, from: Date): Date => later(span, from, span.hours * HOUR);

function timeBetween(span: ClockSpan, from: Date, to: Date): number {
  return span.calendar === 'working'
    ? workingTimeBetween(workingCalendar, from, to)
    : Math.max(0, to.getTime() - from.getTime());
}

function warnAt(span: ClockSpan, due: Date): Date {
  const ms = span.hours * HOUR * WARN_SHARE;
  return span.calendar === 'working' ? subtractWorkingTime(workingCalendar, due, ms) : new Date(due.getTime() - ms);
}

/** A case's clock times as its row keeps them. */
export interface ClockTimes {
  status: string;
  first_response_due_at: Date;
  first_responded_at: Date | null;
  update_due_at: Date | null;
  resolution_due_at: Date | null;
  /** While waiting for the reporter: since when. */
  paused_at: Date | null;
}

export interface NextDue {
  next_due_at: Date | null;
  next_clock: ClockName | null;
  warn_at: Date | null;
}

/** A clock's span, read from a row's `clocks` (rows from before the clocks hold only a first response). */
export function spanOf(clocks: Partial<CaseClocks>, name: ClockName): ClockSpan | undefined {
  return name === 'first_response' ? clocks.firstResponse : name === 'update' ? clocks.update : clocks.resolution;
}

/** The clocks that run now, each with its due time: none on a closed case or one waiting for the reporter. */
export function runningClocks(t: ClockTimes): Array<{ name: ClockName; due: Date }> {
  if (t.status === 'closed' || t.paused_at) return [];
  const running: Array<{ name: ClockName; due: Date }> = [];
  if (!t.first_responded_at) running.push({ name: 'first_response', due: t.first_response_due_at });
  if (t.update_due_at) running.push({ name: 'update', due: t.update_due_at });
  if (t.resolution_due_at) running.push({ name: 'resolution', due: t.resolution_due_at });
  return running;
}

/** The clock that runs out first, and when to warn of it. */
export function nextDue(clocks: Partial<CaseClocks>, t: ClockTimes): NextDue {
  const [first] = runningClocks(t).sort((a, b) => a.due.getTime() - b.due.getTime());
  if (!first) return { next_due_at: null, next_clock: null, warn_at: null };
  const span = spanOf(clocks, first.name);
  return { next_due_at: first.due, next_clock: first.name, warn_at: span ? warnAt(span, first.due) : first.due };
}

/** A new case's clocks: the first response and the resolution run from its opening. */
export function openingTimes(clocks: CaseClocks, openedAt: Date): ClockTimes & NextDue {
  const times: ClockTimes = {
    status: 'received',
    first_response_due_at: dueAfter(clocks.firstResponse, openedAt),
    first_responded_at: null,
    update_due_at: null,
    resolution_due_at: clocks.resolution ? dueAfter(clocks.resolution, openedAt) : null,
    paused_at: null,
  };
  return { ...times, ...nextDue(clocks, times) };
}

/** The unit told the reporter something (a message, a new status): the first response is given, the update clock starts again. */
export function afterUpdate(clocks: Partial<CaseClocks>, t: ClockTimes, now: Date): ClockTimes {
  return {
    ...t,
    first_responded_at: t.first_responded_at ?? now,
    update_due_at: clocks.update ? dueAfter(clocks.update, now) : null,
  };
}

/**
 * The clocks after a stop (waiting for the reporter since `stoppedAt`, or closed then): each one that was
 * still running resumes with the time it had left; one already out stays out.
 */
export function resumed(clocks: Partial<CaseClocks>, t: ClockTimes, stoppedAt: Date, now: Date): ClockTimes {
  const shift = (name: ClockName, due: Date | null): Date | null => {
    const span = spanOf(clocks, name);
    if (!due || !span || due.getTime() <= stoppedAt.getTime()) return due;
    return later(span, now, timeBetween(span, stoppedAt, due));
  };
  return {
    ...t,
    paused_at: null,
    first_response_due_at: t.first_responded_at
      ? t.first_response_due_at
      : shift('first_response', t.first_response_due_at)!,
    update_due_at: shift('update', t.update_due_at),
    resolution_due_at: shift('resolution', t.resolution_due_at),
  };
}

/** A reporter wrote: the unit owes them an answer within the update clock, never later than it already did. */
export function afterReporterMessage(clocks: Partial<CaseClocks>, t: ClockTimes, now: Date): ClockTimes {
  if (!clocks.update || !t.first_responded_at) return t;
  const answer = dueAfter(clocks.update, now);
  return { ...t, update_due_at: t.update_due_at && t.update_due_at < answer ? t.update_due_at : answer };
}

/** How much of a running clock is left at `now` (negative once it is out), in its own calendar. */
export function timeLeft(span: ClockSpan | undefined, due: Date, now: Date): number {
  if (due.getTime() <= now.getTime()) return due.getTime() - now.getTime();
  return span ? timeBetween(span, now, due) : due.getTime() - now.getTime();
}
