/**
 * National Police Service numbers. They are written as the year of enlistment, a hyphen and six
 * digits (`2015-088120`), but people type them in many ways: `2015 088120`, `2015088120`,
 * `2015/088120`, `NPS 2015-088120`. Every wall that keeps a named officer out compares this
 * canonical form, never what was typed; what was typed is kept for display.
 *
 * The database holds the same rule as `canonical_service_number(text)` (migration
 * `cases/004-service-numbers.sql`); `service-numbers.test.ts` checks the two agree. Change both
 * together, in a new migration.
 */

/** What may separate the parts of a typed number: spaces (including tab, line break and no-break space), `/`, `.`, `-` and the en dash. */
const SEPARATORS = /[ \t\r\n\u00a0\u2013/.-]/g;
const PREFIX = /^nps/i;
const CANONICAL = /^((?:19|20)[0-9]{2})([0-9]{6})$/;

/** An example for error messages and hints. */
export const serviceNumberExample = '2015-088120';

/**
 * The canonical form (`2015-088120`) of a typed service number, or null when what was typed is not
 * a whole service number (letters, too few or too many digits, a year that is not 19xx or 20xx).
 * An `NPS` prefix and separators are ignored.
 */
export function canonicalServiceNumber(typed: string | null | undefined): string | null {
  if (!typed) return null;
  const compact = typed.replace(SEPARATORS, '').replace(PREFIX, '');
  const match = CANONICAL.exec(compact);
  return match ? `${match[1]}-${match[2]}` : null;
}

/**
 * The key a wall compares for an officer's own number (an account's, a roster entry's): the
 * canonical form, or the number exactly as held when it has none (a legacy roster number), so a
 * wall never matches less than it did before numbers had a canonical form.
 */
export function serviceNumberKey(held: string | null | undefined): string | null {
  if (!held) return null;
  return canonicalServiceNumber(held) ?? held;
}
