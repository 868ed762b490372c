import type { Translate } from '../../../platform/i18n/index.ts';
import { CsrfField, ErrorSummary, Field, TextArea, TextInput, type FieldErrors } from '../../../platform/web/forms.tsx';
import { Layout } from '../../../platform/web/layout.tsx';
import type { PageContext } from '../../../platform/web/page.ts';
import { deskKinds, LIMITS } from '../entry-input.ts';
import { sectionOf } from './desk-fields.ts';
import { KindSections, LinksAndAmends, PersonRows, PropertyRows } from './desk-sections.tsx';
import { bookHref } from './labels.ts';
import { ObStyles } from './parts.tsx';

export interface DeskFormProps {
  page: PageContext;
  station: { id: string; name: string };
  today: string;
  values: Record<string, string>;
  errors: FieldErrors;
}

/** The kind of entry, first and focused: the desk starts typing at once. */
function KindSelect({ t, value, errors }: { t: Translate; value: string | undefined; errors: FieldErrors }) {
  const error = errors.kind;
  return (
    <Field t={t} name="kind" label={t('ob.field.kind')} errors={errors}>
      <select
        id="kind"
        name="kind"
        autofocus
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? 'kind-error' : undefined}
      >
        <option value="">{t('ob.desk.choose')}</option>
        {deskKinds.map((kind) => (
          <option value={kind} selected={kind === value} data-section={sectionOf(kind) ?? ''}>
            {t(`ob.kind.${kind}`)}
          </option>
        ))}
      </select>
    </Field>
  );
}

function CommonFields({ t, values, errors }: { t: Translate; values: Record<string, string>; errors: FieldErrors }) {
  return (
    <>
      <div class="field-row">
        <KindSelect t={t} value={values.kind} errors={errors} />
        <TextInput
          t={t}
          name="occurredAt"
          type="datetime-local"
          label={t('ob.field.occurredAt')}
          hint={t('ob.field.occurredAtHint')}
          errors={errors}
          value={values.occurredAt}
        />
      </div>
      <TextInput
        t={t}
        name="place"
        label={t('ob.field.place')}
        errors={errors}
        value={values.place}
        maxLength={LIMITS.place}
      />
      <TextArea
        t={t}
        name="narrative"
        label={t('ob.field.narrative')}
        hint={t('ob.field.narrativeHint', { max: LIMITS.narrative })}
        errors={errors}
        value={values.narrative}
        maxLength={LIMITS.narrative}
        rows={5}
      />
    </>
  );
}

/** The desk form: one entry of the station's book; the number and the time recorded come from the server. */
export function DeskFormPage({ page, station, today, values, errors }: DeskFormProps) {
  const { t } = page;
  const title = t('ob.desk.title', { station: station.name });
  return (
    <Layout page={page} title={title} scripts={['/assets/ob.js']}>
      <ObStyles />
      <ErrorSummary t={t} errors={errors} />
      <p class="breadcrumb">
        <a href={bookHref(station.id, today)}>{t('ob.book.today')}</a>
      </p>
      <h1>{title}</h1>
      <p class="hint">{t('ob.desk.lead')}</p>
      <form method="post" action={`/staff/ob/${encodeURIComponent(station.id)}/entries`} novalidate id="ob-desk">
        <CsrfField token={page.csrfToken} />
        <CommonFields t={t} values={values} errors={errors} />
        <KindSections t={t} values={values} errors={errors} />
        <PersonRows t={t} values={values} errors={errors} />
        <PropertyRows t={t} values={values} errors={errors} />
        <LinksAndAmends t={t} values={values} errors={errors} />
        <button type="submit" class="button">
          {t('ob.desk.submit')}
        </button>
      </form>
    </Layout>
  );
}
