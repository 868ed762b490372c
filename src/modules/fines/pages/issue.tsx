import { formatMoney, type Locale } from '../../../platform/i18n/index.ts';
import {
  CsrfField,
  ErrorSummary,
  Select,
  TextArea,
  TextInput,
  type FieldErrors,
} from '../../../platform/web/forms.tsx';
import { Layout } from '../../../platform/web/layout.tsx';
import type { PageContext } from '../../../platform/web/page.ts';
import type { OffenceSchedule, ScheduledOffence } from '../../../jurisdiction/kenya/index.ts';
import { printedNoticeNumber } from '../notice-number.ts';
import type { IssuedNotice } from '../service.ts';
import { FinesStyles } from './styles.tsx';

export interface IssuePageProps {
  page: PageContext;
  schedule: OffenceSchedule;
  counties: ReadonlyArray<{ code: string; name: string }>;
  values: Record<string, string>;
  errors: FieldErrors;
  issued?: { notice: IssuedNotice; sms: string; publicUrl: string } | undefined;
}

const offenceName = (o: ScheduledOffence, locale: Locale) => (locale === 'sw' ? o.sw : o.en);

interface ChoiceProps {
  page: PageContext;
  offence: ScheduledOffence;
  values: Record<string, string>;
  /** the first box carries the group's id, where the error summary leads */
  id: string;
}

function OffenceChoice({ page, offence, values, id }: ChoiceProps) {
  const { t, locale } = page;
  const amount =
    offence.amountCents === null
      ? t('fines.issue.warning')
      : `${formatMoney(locale, offence.amountCents, 'KES')}${offence.per ? ` ${t('fines.issue.perSeat')}` : ''}`;
  return (
    <li class="fines-offence">
      <input
        id={id}
        name={`offence.${offence.code}`}
        type="checkbox"
        value="yes"
        checked={values[`offence.${offence.code}`] === 'yes'}
        data-code={offence.code}
        data-cents={String(offence.amountCents ?? 0)}
      />
      <label for={id}>
        {offenceName(offence, locale)} <span class="fines-amount">{amount}</span>
      </label>
      {offence.per ? (
        <input
          class="fines-quantity"
          name={`quantity.${offence.code}`}
          type="number"
          min="1"
          max="100"
          inputMode="numeric"
          aria-label={t('fines.issue.seats', { offence: offenceName(offence, locale) })}
          value={values[`quantity.${offence.code}`] ?? ''}
        />
      ) : null}
    </li>
  );
}

/** The schedule's offences to tick, each with its fine; per-seat ones with a count. */
function OffenceChoices(props: Pick<IssuePageProps, 'page' | 'schedule' | 'values' | 'errors'>) {
  const { page, schedule, values, errors } = props;
  const { t } = page;
  const error = errors.offences;
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <fieldset aria-describedby={error ? 'offences-hint offences-error' : 'offences-hint'}>
        <legend>{t('fines.field.offences')}</legend>
        <p class="hint" id="offences-hint">
          {t('fines.field.offencesHint', { schedule: schedule.title })}
        </p>
        {error ? (
          <p class="error-message" id="offences-error">
            <span class="visually-hidden">{t('form.errorPrefix')}</span> {error}
          </p>
        ) : null}
        <ul class="fines-offences">
          {schedule.offences.map((offence, i) => (
            <OffenceChoice
              page={page}
              offence={offence}
              values={values}
              id={i === 0 ? 'offences' : `offence-${offence.code}`}
            />
          ))}
        </ul>
      </fieldset>
    </div>
  );
}

function Issued({ page, issued }: { page: PageContext; issued: NonNullable<IssuePageProps['issued']> }) {
  const { t, locale } = page;
  const { notice } = issued;
  return (
    <section class="notice success" role="status" aria-labelledby="issued-title">
      <h2 id="issued-title">{t('fines.issue.issuedTitle', { number: printedNoticeNumber(notice.number) })}</h2>
      <p>
        {notice.kind === 'fine'
          ? t('fines.issue.issuedFine', { amount: formatMoney(locale, notice.amountCents, 'KES') })
          : t(`fines.issue.issued.${notice.kind}`)}
      </p>
      <p>{t('fines.issue.handOver')}</p>
      <p>
        <a class="button" href={notice.link}>
          {t('fines.issue.open')}
        </a>{' '}
        <a class="button secondary" href={`${notice.link}/notice.pdf`}>
          {t('fines.issue.pdf')}
        </a>
      </p>
      <p class="hint">{t('fines.issue.smsSent')}</p>
      <pre class="fines-sms">{issued.sms}</pre>
      <p>
        <a href="/staff/fines/new">{t('fines.issue.another')}</a>
      </p>
    </section>
  );
}

type FieldsProps = Pick<IssuePageProps, 'page' | 'values' | 'errors'>;

/** The vehicle and its driver. */
function DriverFields({ page, values, errors }: FieldsProps) {
  const { t } = page;
  return (
    <>
      <TextInput
        t={t}
        name="registration"
        label={t('fines.field.registration')}
        hint={t('fines.field.registrationHint')}
        errors={errors}
        value={values.registration}
        autocomplete="off"
        required
      />
      <TextInput
        t={t}
        name="driverName"
        label={t('fines.field.driverName')}
        errors={errors}
        value={values.driverName}
        autocomplete="off"
        required
      />
      <TextInput
        t={t}
        name="licenceNumber"
        label={t('fines.field.licenceNumber')}
        errors={errors}
        value={values.licenceNumber}
        autocomplete="off"
      />
      <TextInput
        t={t}
        name="driverPhone"
        type="tel"
        label={t('fines.field.driverPhone')}
        hint={t('fines.field.driverPhoneHint')}
        errors={errors}
        value={values.driverPhone}
        autocomplete="off"
      />
      <TextInput t={t} name="place" label={t('fines.field.place')} errors={errors} value={values.place} required />
    </>
  );
}

/** Where and when, and the notice's language. */
function WhereAndWhen({ page, counties, values, errors }: FieldsProps & Pick<IssuePageProps, 'counties'>) {
  const { t } = page;
  return (
    <>
      <Select
        t={t}
        name="county"
        label={t('fines.field.county')}
        errors={errors}
        value={values.county}
        options={counties.map((c) => ({ value: c.code, label: c.name }))}
      />
      <TextInput
        t={t}
        name="offenceAt"
        type="datetime-local"
        label={t('fines.field.offenceAt')}
        errors={errors}
        value={values.offenceAt}
        required
      />
      <Select
        t={t}
        name="language"
        label={t('fines.field.language')}
        errors={errors}
        value={values.language ?? page.locale}
        options={[
          { value: 'en', label: 'English' },
          { value: 'sw', label: 'Kiswahili' },
        ]}
      />
    </>
  );
}

/** /staff/fines/new: a traffic officer's notice on a phone; amounts are the schedule's, shown, never typed. */
export function IssuePage({ page, schedule, counties, values, errors, issued }: IssuePageProps) {
  const { t } = page;
  return (
    <Layout page={page} title={t('fines.issue.title')} scripts={['/assets/fines.js']}>
      <FinesStyles />
      <ErrorSummary t={t} errors={errors} />
      <h1>{t('fines.issue.title')}</h1>
      {issued ? (
        <Issued page={page} issued={issued} />
      ) : (
        <form method="post" action="/staff/fines/new" novalidate data-fines-issue>
          <CsrfField token={page.csrfToken} />
          <OffenceChoices page={page} schedule={schedule} values={values} errors={errors} />
          <TextArea
            t={t}
            name="courtOffence"
            label={t('fines.field.courtOffence')}
            hint={t('fines.field.courtOffenceHint')}
            errors={errors}
            value={values.courtOffence}
            rows={2}
            maxLength={1000}
          />
          <DriverFields page={page} values={values} errors={errors} />
          <WhereAndWhen page={page} counties={counties} values={values} errors={errors} />
          <p
            id="fines-total"
            class="fines-total"
            aria-live="polite"
            hidden
            data-template={t('fines.issue.total', { amount: '{amount}' })}
          />
          <button type="submit" class="button">
            {t('fines.issue.submit')}
          </button>
        </form>
      )}
    </Layout>
  );
}
