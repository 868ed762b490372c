import { fileURLToPath } from 'node:url';
import type { TableRule } from '../../../platform/db/privileges.ts';
import type { NavItem } from '../../../platform/module.ts';
import type { StaffRule } from '../../../platform/auth/require-staff.ts';
import { keepsABook } from '../../ob/index.ts';
import { p3ApiRoutes } from './api.ts';
import { p3Roles } from './permissions.ts';
import { p3PageRoutes } from './routes.ts';

/** What the documents module registers for P3 forms' Part II: its texts, routes, navigation and tables. */
export const p3Locales = fileURLToPath(new URL('./locales/', import.meta.url));

export const p3Routes = [p3PageRoutes, p3ApiRoutes] as const;

export const p3Nav: NavItem = { label: 'documents.p3.nav', href: '/staff/p3', roles: p3Roles };

/** Sending and findings are evidence: written once (the migration's triggers refuse changes too). */
export const p3Tables: Record<string, TableRule> = { p3_forms: 'append-only', p3_findings: 'append-only' };

export const p3Permissions: Record<string, StaffRule> = {
  "send their station's P3 forms to a health facility": keepsABook,
  'complete Part II of the P3 forms sent to their facility': ['medical_officer'],
};
