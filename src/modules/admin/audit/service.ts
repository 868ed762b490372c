import type { Actor, StaffActor } from '../../../platform/auth/actor.ts';
import { requireStaff } from '../../../platform/auth/require-staff.ts';
import { audit, searchAudit, type AuditFilter, type AuditRow } from '../../../platform/audit/index.ts';
import { badField } from '../../../platform/http/errors.ts';
import type { Platform } from '../../../platform/module.ts';
import { addDays, isLocalDate, startOfLocalDay } from '../../../platform/time/index.ts';
import { assertCaseVisible, caseIdOf } from '../../cases/index.ts';
import { auditRoles } from '../permissions.ts';

// The audit trail read back: who read or changed what, and when. The IG's office reads all of it; an oversight
// liaison reads the trail of one case at a time, a case within their mandate. Every read of the trail is itself
// in the trail.

export const AUDIT_PAGE_SIZE = 50;
export const AUDIT_EXPORT_LIMIT = 10_000;

export interface AuditQuery {
  actor?: string | undefined;
  action?: string | undefined;
  subjectType?: string | undefined;
  /** The subject's id: for a case, its reference. */
  subject?: string | undefined;
  /** Local dates (YYYY-MM-DD), both included. */
  from?: string | undefined;
  to?: string | undefined;
  page: number;
}

export interface AuditTrail {
  rows: AuditRow[];
  total: number;
  /** True for a liaison who has not yet named a case. */
  needsCase: boolean;
}

function localDay(platform: Platform, field: 'from' | 'to', value: string | undefined): Date | undefined {
  if (!value) return undefined;
  if (!isLocalDate(value)) badField(field, 'audit.error.date');
  const zone = platform.config.jurisdiction.timeZone;
  return startOfLocalDay(field === 'from' ? value : addDays(value, 1), zone);
}

/** The store's filter for the query, or undefined for a liaison without a case; the case's own read audited. */
async function filterFor(
  platform: Platform,
  who: StaffActor,
  query: AuditQuery,
  action: string,
): Promise<AuditFilter | undefined> {
  const filter: AuditFilter = {
    actor: query.actor?.trim().slice(0, 100) || undefined,
    action: query.action?.trim().slice(0, 100) || undefined,
    subjectType: query.subjectType?.trim().slice(0, 60) || undefined,
    subjectId: query.subject?.trim().slice(0, 100) || undefined,
    from: localDay(platform, 'from', query.from),
    to: localDay(platform, 'to', query.to),
  };
  // what was asked, as the audit row's detail: the filled-in filters only
  const asked = Object.fromEntries(Object.entries(query).filter(([key, value]) => key !== 'page' && value));
  if (who.role === 'ig_office') {
    await audit(platform.db.pool, who, action, 'audit_trail', '*', asked);
    return filter;
  }
  // a liaison: one case at a time, which their walls let them see (else not found, as the case page says)
  if (!filter.subjectId) return undefined;
  const id = await caseIdOf(platform.db.pool, filter.subjectId.toUpperCase());
  if (!id) badField('subject', 'audit.error.case');
  const visible = await assertCaseVisible(platform, who, id, action, asked);
  return { ...filter, subjectType: 'case', subjectId: visible.reference };
}

export async function auditTrail(platform: Platform, actor: Actor, query: AuditQuery): Promise<AuditTrail> {
  const who = requireStaff(actor, auditRoles);
  const filter = await filterFor(platform, who, query, 'audit.read');
  if (!filter) return { rows: [], total: 0, needsCase: true };
  const window = { limit: AUDIT_PAGE_SIZE, offset: (Math.max(1, query.page) - 1) * AUDIT_PAGE_SIZE };
  return { ...(await searchAudit(platform.db.pool, filter, window)), needsCase: false };
}

/** The rows of the trail the query asks for, for a CSV file (up to AUDIT_EXPORT_LIMIT), the export audited. */
export async function auditExport(platform: Platform, actor: Actor, query: AuditQuery): Promise<AuditTrail> {
  const who = requireStaff(actor, auditRoles);
  const filter = await filterFor(platform, who, query, 'audit.export');
  if (!filter) badField('subject', 'audit.error.caseRequired');
  return {
    ...(await searchAudit(platform.db.pool, filter, { limit: AUDIT_EXPORT_LIMIT, offset: 0 })),
    needsCase: false,
  };
}
