import type { Actor } from '../auth/actor.ts';
import type { Locale, Translate } from '../i18n/index.ts';
import type { NavItem } from '../module.ts';

/** What every screen needs to draw the frame around its content. */
export interface PageContext {
  t: Translate;
  locale: Locale;
  demo: boolean;
  actor: Actor;
  csrfToken: string;
  /** Path and query of the current request, for the language switch. */
  path: string;
  nav: NavItem[];
}
