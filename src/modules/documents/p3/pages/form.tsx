import type { FacilityRow } from '../../../../platform/db/facilities-store.ts';
import { formatDateTimeWithZone } from '../../../../platform/i18n/index.ts';
import {
  CsrfField,
  ErrorSummary,
  Radios,
  Select,
  TextArea,
  TextInput,
  type FieldErrors,
} from '../../../../platform/web/forms.tsx';
import { Layout, SuccessNotice } from '../../../../platform/web/layout.tsx';
import type { PageContext } from '../../../../platform/web/page.ts';
import { injuryDegrees, LIMITS } from '../findings.ts';
import type { P3Form } from '../service.ts';
import { statusOf } from './list.tsx';

export interface P3PageProps {
  page: PageContext;
  form: P3Form;
  /** the facilities the desk may send it to (when it may) */
  facilities: FacilityRow[];
  values: Record<string, string>;
  errors: FieldErrors;
  notice?: string | undefined;
}

function PartOne({ page, form }: Pick<P3PageProps, 'page' | 'form'>) {
  const { t, locale } = page;
  return (
    <section aria-labelledby="part-one">
      <h2 id="part-one">{t('documents.p3.part1')}</h2>
      <dl class="summary-list">
        <dt>{t('documents.p3.field.number')}</dt>
        <dd>{form.number}</dd>
        <dt>{t('documents.p3.field.ob')}</dt>
        <dd>OB {form.obNumber}</dd>
        <dt>{t('documents.p3.field.station')}</dt>
        <dd>{form.station.name}</dd>
        <dt>{t('documents.p3.field.person')}</dt>
        <dd>{form.examinedPerson}</dd>
        <dt>{t('documents.p3.field.issuedAt')}</dt>
        <dd>{formatDateTimeWithZone(locale, form.issuedAt)}</dd>
      </dl>
      <p>
        <strong>{statusOf(t, locale, form)}</strong>
      </p>
    </section>
  );
}

function SendForm({ page, form, facilities, values, errors }: Omit<P3PageProps, 'notice'>) {
  const { t } = page;
  return (
    <form method="post" action={`/staff/p3/${form.id}/send`} novalidate>
      <h2>{t('documents.p3.send.title')}</h2>
      <CsrfField token={page.csrfToken} />
      <Select
        t={t}
        name="facility"
        label={t('documents.p3.field.facility')}
        hint={t('documents.p3.send.hint')}
        errors={errors}
        value={values.facility}
        placeholder={t('documents.p3.send.choose')}
        options={facilities.map((f) => ({ value: f.id, label: f.name }))}
      />
      <button type="submit" class="button">
        {t('documents.p3.send.button')}
      </button>
    </form>
  );
}

function PartTwoForm({ page, form, values, errors }: Pick<P3PageProps, 'page' | 'form' | 'values' | 'errors'>) {
  const { t } = page;
  const text = (name: keyof typeof LIMITS, hint?: boolean) => ({
    t,
    name,
    label: t(`documents.p3.field.${name}`),
    ...(hint ? { hint: t(`documents.p3.field.${name}.hint`) } : {}),
    errors,
    value: values[name],
    maxLength: LIMITS[name],
  });
  return (
    <form method="post" action={`/staff/p3/${form.id}/part2`} novalidate>
      <CsrfField token={page.csrfToken} />
      <TextInput
        t={t}
        name="examinedAt"
        type="datetime-local"
        label={t('documents.p3.field.examinedAt')}
        hint={t('documents.p3.field.examinedAt.hint')}
        errors={errors}
        value={values.examinedAt}
      />
      <TextInput {...text('examinerName')} autocomplete="name" />
      <TextInput {...text('examinerRegistration', true)} />
      <TextArea {...text('injuries', true)} rows={6} />
      <TextArea {...text('weapon')} rows={2} />
      <TextInput {...text('injuryAge')} />
      <Radios
        t={t}
        name="degree"
        label={t('documents.p3.field.degree')}
        errors={errors}
        value={values.degree}
        options={injuryDegrees.map((d) => ({
          value: d,
          label: t(`documents.p3.degree.${d}`),
          hint: t(`documents.p3.degree.${d}.hint`),
        }))}
      />
      <TextArea {...text('treatment')} rows={3} />
      <TextArea {...text('remarks')} rows={3} />
      <button type="submit" class="button">
        {t('documents.p3.complete.button')}
      </button>
    </form>
  );
}

function PartTwo({ page, form }: Pick<P3PageProps, 'page' | 'form'>) {
  const { t, locale } = page;
  const f = form.findings!;
  const row = (label: string, value: string | null) =>
    value ? (
      <>
        <dt>{t(label)}</dt>
        <dd class="reason">{value}</dd>
      </>
    ) : null;
  return (
    <>
      <p>{t('documents.p3.part2.by', { name: f.completedBy, when: formatDateTimeWithZone(locale, f.completedAt) })}</p>
      <dl class="summary-list">
        {row('documents.p3.field.examinedAt', formatDateTimeWithZone(locale, f.examinedAt))}
        {row('documents.p3.field.examinerName', f.examinerName)}
        {row('documents.p3.field.examinerRegistration', f.examinerRegistration)}
        {row('documents.p3.field.injuries', f.injuries)}
        {row('documents.p3.field.weapon', f.weapon)}
        {row('documents.p3.field.injuryAge', f.injuryAge)}
        {row('documents.p3.field.degree', t(`documents.p3.degree.${f.degree}`))}
        {row('documents.p3.field.treatment', f.treatment)}
        {row('documents.p3.field.remarks', f.remarks)}
      </dl>
    </>
  );
}

/** /staff/p3/<id>: Part I's facts; the desk sends it to a facility; the medical officer there completes Part II. */
export function P3Page(props: P3PageProps) {
  const { page, form, errors, notice } = props;
  const { t } = page;
  const title = t('documents.p3.form.title', { number: form.number });
  return (
    <Layout page={page} title={title}>
      <ErrorSummary t={t} errors={errors} />
      <p>
        <a href="/staff/p3">{t('documents.p3.back')}</a>
      </p>
      <h1>{title}</h1>
      <SuccessNotice text={notice} />
      <PartOne page={page} form={form} />
      {form.may.send ? <SendForm {...props} /> : null}
      <section aria-labelledby="part-two">
        <h2 id="part-two">{t('documents.p3.part2')}</h2>
        <p class="hint">{t('documents.p3.part2.notice')}</p>
        {form.findings ? <PartTwo page={page} form={form} /> : null}
        {form.may.complete ? (
          <>
            <p>{t('documents.p3.part2.lead')}</p>
            <PartTwoForm {...props} />
          </>
        ) : null}
        {!form.findings && !form.may.complete ? <p>{t('documents.p3.part2.waiting')}</p> : null}
      </section>
    </Layout>
  );
}
