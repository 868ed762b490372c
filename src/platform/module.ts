import type { Config } from '../config.ts';
import type { Database } from './db/database.ts';
import type { BlobStore } from './blobs/index.ts';
import type { HashColumn } from './blobs/store.ts';
import type { Translations } from './i18n/index.ts';
import type { RegistryKey } from './crypto/index.ts';
import type { AnyJobDefinition, Jobs } from './jobs/index.ts';
import type { Clock } from './clock.ts';
import type { Logger } from 'pino';
import type { TableRule } from './db/privileges.ts';
import type { Extension, Extensions } from './extensions.ts';
import type { RoutePlugin } from './http/routes.ts';
import type { ModuleSettings } from './settings/index.ts';
import type { StaffRule } from './auth/require-staff.ts';
import type { StaffActor } from './auth/actor.ts';
import type { ScalePlan } from './scale/plan.ts';

/** What every module's services receive: the shared infrastructure, nothing module-specific. */
export interface Platform {
  db: Database;
  config: Config;
  blobs: BlobStore;
  i18n: Translations;
  /** The IG's office registry signing key (signed delivery receipts). */
  registry: RegistryKey;
  /** Durable jobs and timers (pg-boss, in the same database). */
  jobs: Jobs;
  /** What time it is for the rules: the real time, or the moment a test set (`clock.set(date)`). */
  clock: Clock;
  /** Where work outside a request (jobs, pollers) writes its log lines: JSON at LOG_LEVEL, as requests' are. */
  log: Logger;
  /** What the modules' manifests plug into each other's extension points. */
  extensions: Extensions;
  /** Stops this instance's job workers, then closes the database. */
  close(): Promise<void>;
}

export interface NavItem {
  /** i18n key of the label */
  label: string;
  href: string;
  /** Shown only to staff whose role is listed. */
  roles: readonly string[];
  /** If given, staff of a unit (investigators, liaisons) see it only when their unit is listed. */
  units?: readonly string[];
  /**
   * What is overdue there for this person (e.g. a commander's station's unanswered requests): shown on the
   * staff home, so that late work is the first thing they see when they sign in.
   */
  overdue?: (platform: Platform, actor: StaffActor) => Promise<number>;
  /** What waits there for this person, counted ("3 new", "2 overdue"): each a link to the view that lists them. */
  counts?: (platform: Platform, actor: StaffActor) => Promise<NavCount[]>;
}

export interface NavCount {
  /** i18n key, given `count` */
  label: string;
  count: number;
  href: string;
}

export interface HomeEntry {
  /** i18n keys */
  title: string;
  body: string;
  href: string;
}

/** One registration per module: its schema, texts, routes, navigation and demo data. */
export interface SautiModule {
  name: string;
  /** Folder of NNN-name.sql migrations. */
  migrations?: string;
  /** What the application role may not do to the module's tables (see `TableRule`); the rest it may. */
  tables?: Record<string, TableRule>;
  /** Folders each holding en.json and sw.json (a module's parts may keep their own texts). */
  locales?: readonly string[];
  nav?: NavItem[];
  /** Entries on the public home page. */
  home?: HomeEntry[];
  /** The module's routes: plugins, each under its prefix and in its area (see `RoutePlugin`). */
  routes?: readonly RoutePlugin[];
  /**
   * What staff may do in the module that depends only on who they are (not on a case or a letter),
   * named in words: `sauti permissions` shows who each lets in.
   */
  permissions?: Record<string, StaffRule>;
  /** The module's own settings (environment variables), read and checked with the platform's at start. */
  settings?: readonly ModuleSettings<unknown>[];
  /** What the module plugs into other modules' extension points (`point.provide(key, value)`). */
  extensions?: readonly Extension[];
  /**
   * The module's columns holding SHA-256 values: `files` name stored files (the blob store never
   * removes a file one of them names), `notFiles` are digests of something else. The orphan file
   * sweep refuses to run while a sha256 column is in neither.
   */
  hashColumns?: { files?: readonly HashColumn[]; notFiles?: readonly HashColumn[] };
  /** The module's durable jobs: queues created at boot, workers run by every serving instance. */
  jobs?(platform: Platform): AnyJobDefinition[];
  /** Loads the module's demo data (runs once, after every module's migrations). */
  demo?(platform: Platform): Promise<void>;
  /**
   * Generates the module's part of a history at the plan's scale (`sauti demo --scale`): set-based inserts of
   * rows that keep every constraint, after the platform's stations and staff and the modules before it.
   */
  scale?(platform: Platform, plan: ScalePlan): Promise<void>;
}
