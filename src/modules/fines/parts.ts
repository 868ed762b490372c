import type { NavItem, Platform } from '../../platform/module.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import type { TableRule } from '../../platform/db/privileges.ts';
import type { AnyJobDefinition } from '../../platform/jobs/index.ts';
import type { StaffRule } from '../../platform/auth/require-staff.ts';

/** One part of the fines module (paybill, receipts, withdrawal, reconciliation): what it adds to the manifest. */
export interface FinesPart {
  routes?: readonly RoutePlugin[];
  tables?: Record<string, TableRule>;
  locales?: readonly string[];
  nav?: readonly NavItem[];
  permissions?: Record<string, StaffRule>;
  jobs?(platform: Platform): AnyJobDefinition[];
}

export type WithPlatform = <T>(run: (platform: Platform) => Promise<T>) => Promise<T>;

/** A `sauti fines <name>` command. */
export interface FinesCommand {
  /** One line for `sauti help`: arguments and what it does. */
  usage: string;
  run(args: string[], withPlatform: WithPlatform): Promise<number>;
}
