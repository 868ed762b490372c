import { formatDateTime, type Locale, type Translate } from '../../../platform/i18n/index.ts';
import { CsrfField, type FieldErrors } from '../../../platform/web/forms.tsx';
import type { DayNumbers, OpenArrestRow } from '../read-store.ts';
import { obLabel, spanText } from './labels.ts';

/** The book's own styles (print rules included), bundled with its script by the asset build. */
export function ObStyles() {
  return <link rel="stylesheet" href="/assets/ob.css" />;
}

/** Art. 49: a person arrested is brought before a court within 24 hours. */
export const CUSTODY_LIMIT_MS = 24 * 3600_000;

/** Every open arrest at the station with its running time in custody; past 24 hours, marked. */
export function CustodyPanel(props: {
  t: Translate;
  locale: Locale;
  arrests: OpenArrestRow[];
  now: Date;
  /** Where the desk records a release (absent for readers who do not keep the book). */
  releaseHref?: ((ob: string) => string) | undefined;
  /** The custody module's full list (releases and escalations too). */
  listHref: string;
}) {
  const { t, locale, arrests, now, releaseHref } = props;
  return (
    <section class="ob-custody" aria-labelledby="custody-title">
      <h2 id="custody-title">{t('ob.clock.title')}</h2>
      {arrests.length === 0 ? <p>{t('ob.clock.none')}</p> : <p class="hint">{t('ob.clock.lead')}</p>}
      <ul class="ob-custody-list">
        {arrests.map((a) => {
          const held = now.getTime() - new Date(a.arrested_at).getTime();
          const over = held > CUSTODY_LIMIT_MS;
          const ob = obLabel(a);
          return (
            <li class={over ? 'overdue' : undefined}>
              <strong>{a.names.join(', ') || t('ob.book.unnamed')}</strong> — {ob}
              <br />
              <span class="ob-clock">{t('ob.clock.running', { span: spanText(t, held) })}</span>{' '}
              <span class="meta">{t('ob.clock.since', { when: formatDateTime(locale, a.arrested_at) })}</span>
              {over ? (
                <>
                  <br />
                  <span class="tag overdue">{t('ob.clock.over')}</span>
                </>
              ) : null}
              {releaseHref ? (
                <>
                  <br />
                  <a href={releaseHref(ob)}>{t('ob.clock.release')}</a>
                </>
              ) : null}
            </li>
          );
        })}
      </ul>
      <p>
        <a href={props.listHref}>{t('ob.clock.list')}</a>
      </p>
    </section>
  );
}

export interface CloseState {
  /** The day has ended (only an ended day can be closed). */
  over: boolean;
  numbers: DayNumbers;
  /** The viewer commands the station. */
  mayClose: boolean;
  action: string;
  csrfToken: string;
  errors: FieldErrors;
}

/** The day's numbers run from 1 to the counter's last without a gap. */
export const runsWithoutGap = (n: DayNumbers) =>
  n.count === (n.counted ?? 0) && (n.last ?? 0) === (n.counted ?? 0) && (n.count === 0 || n.first === 1);

/** The commander's day close: the close entry once closed, else the form (or why it cannot be closed). */
export function DayClosePanel({ t, state }: { t: Translate; state: CloseState }) {
  const { numbers, errors } = state;
  if (!state.over) return null;
  const gap = !runsWithoutGap(numbers);
  return (
    <section class="ob-close" aria-labelledby="close-title" id="day">
      <h2 id="close-title">{t('ob.close.title')}</h2>
      {numbers.closedBy ? (
        <p class="notice success">{t('ob.close.closed', { ob: obLabel(numbers.closedBy) })}</p>
      ) : (
        <>
          {errors.day ? (
            <div class="notice warning" role="alert">
              <p>
                <strong>{t('ob.close.refused')}</strong> {errors.day}
              </p>
            </div>
          ) : null}
          {gap ? (
            <p class="notice warning">{t('ob.close.gap', { count: numbers.count, last: numbers.counted ?? 0 })}</p>
          ) : (
            <p>{t('ob.close.summary', { count: numbers.count })}</p>
          )}
          {state.mayClose ? (
            <form method="post" action={state.action}>
              <CsrfField token={state.csrfToken} />
              <button type="submit" class="button">
                {t('ob.close.submit')}
              </button>
            </form>
          ) : (
            <p class="meta">{t('ob.close.notYet')}</p>
          )}
        </>
      )}
    </section>
  );
}
