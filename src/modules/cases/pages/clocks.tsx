import { formatDateTime } from '../../../platform/i18n/index.ts';
import type { PageContext } from '../../../platform/web/page.ts';
import { clockNames, spanOf, type ClockName } from '../clocks/clocks.ts';
import type { CaseRow } from '../store.ts';

/** Where one clock stands: given (first response), due at a time, or not running. */
function clockState(c: CaseRow, name: ClockName): { met?: Date; due?: Date } {
  if (name === 'first_response')
    return c.first_responded_at ? { met: c.first_responded_at } : { due: c.first_response_due_at };
  const due = name === 'update' ? c.update_due_at : c.resolution_due_at;
  return due && c.status !== 'closed' ? { due } : {};
}

/** A case's clocks as its unit reads them: each one's length and calendar, and whether it is met, due, out or held. */
export function CaseClocksTable({ page, c }: { page: PageContext; c: CaseRow }) {
  const { t, locale } = page;
  const shown = clockNames.filter((name) => spanOf(c.clocks, name));
  if (shown.length === 0) return null;
  return (
    <section aria-labelledby="clocks-heading">
      <h2 id="clocks-heading">{t('cases.clocks.title')}</h2>
      {c.status === 'waiting_for_reporter' ? <p class="notice">{t('cases.clock.paused')}</p> : null}
      <table class="clocks">
        <tbody>
          {shown.map((name) => {
            const span = spanOf(c.clocks, name)!;
            const state = clockState(c, name);
            const running = c.next_clock === name;
            return (
              <tr class={running && c.overdue ? 'overdue' : running && c.due_soon ? 'due-soon' : undefined}>
                <th scope="row">{t(`cases.clock.${name}`)}</th>
                <td>{t(`cases.clocks.${span.calendar}`, { hours: span.hours })}</td>
                <td>
                  {running && c.overdue ? <strong class="tag overdue">{t('cases.overdue')}</strong> : null}
                  {running && c.due_soon ? <strong class="tag due-soon">{t('cases.dueSoon')}</strong> : null}{' '}
                  {state.met
                    ? t('cases.clocks.met', { at: formatDateTime(locale, state.met) })
                    : state.due
                      ? t('cases.clocks.dueAt', { at: formatDateTime(locale, state.due) })
                      : t('cases.clocks.notRunning')}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p class="hint">{t('cases.clocks.hint')}</p>
    </section>
  );
}
