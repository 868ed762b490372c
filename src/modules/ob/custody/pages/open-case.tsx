import { misconductCategories } from '../../../../jurisdiction/kenya/index.ts';
import {
  CsrfField,
  ErrorSummary,
  Select,
  TextArea,
  TextInput,
  type FieldErrors,
} from '../../../../platform/web/forms.tsx';
import type { Translate } from '../../../../platform/i18n/index.ts';
import { Layout, SuccessNotice } from '../../../../platform/web/layout.tsx';
import type { PageContext } from '../../../../platform/web/page.ts';
import { MAX_CASE_NOTE } from '../entry-cases.ts';

export interface OpenCaseProps {
  page: PageContext;
  station: { id: string; name: string };
  values: Record<string, string>;
  errors: FieldErrors;
  notice?: string | undefined;
}

/** The officer a complaint names: the case's walls keep them and their commander out of it. */
function OfficerFields({ t, values, errors }: { t: Translate; values: Record<string, string>; errors: FieldErrors }) {
  return (
    <fieldset>
      <legend>{t('ob.case.officer')}</legend>
      <p class="hint">{t('ob.case.officerHint')}</p>
      <TextInput
        t={t}
        name="officerName"
        label={t('ob.case.officerName')}
        errors={errors}
        value={values.officerName}
        maxLength={200}
      />
      <TextInput
        t={t}
        name="officerServiceNumber"
        label={t('ob.case.officerServiceNumber')}
        errors={errors}
        value={values.officerServiceNumber}
        maxLength={40}
      />
    </fieldset>
  );
}

/** Opening a case in the hub from an entry of the station's book (e.g. a complaint against an officer). */
export function OpenCasePage({ page, station, values, errors, notice }: OpenCaseProps) {
  const { t } = page;
  const title = t('ob.case.title', { station: station.name });
  return (
    <Layout page={page} title={title}>
      <SuccessNotice text={notice} />
      <ErrorSummary t={t} errors={errors} />
      <h1>{title}</h1>
      <p>{t('ob.case.intro')}</p>
      <form method="post" action={`/staff/ob/cases/${encodeURIComponent(station.id)}`} novalidate>
        <CsrfField token={page.csrfToken} />
        {values.back ? <input type="hidden" name="back" value={values.back} /> : null}
        <TextInput
          t={t}
          name="entry"
          label={t('ob.case.entry')}
          hint={t('ob.case.entryHint')}
          errors={errors}
          value={values.entry}
          maxLength={40}
          required
        />
        <Select
          t={t}
          name="category"
          label={t('ob.case.category')}
          hint={t('ob.case.categoryHint')}
          errors={errors}
          value={values.category}
          placeholder={t('ob.case.choose')}
          options={misconductCategories.map((c) => ({ value: c.code, label: t(`category.${c.code}`) }))}
          required
        />
        <TextArea
          t={t}
          name="note"
          label={t('ob.case.note')}
          hint={t('ob.case.noteHint', { max: MAX_CASE_NOTE })}
          errors={errors}
          value={values.note}
          maxLength={MAX_CASE_NOTE}
          rows={4}
        />
        <OfficerFields t={t} values={values} errors={errors} />
        <button type="submit">{t('ob.case.submit')}</button>
      </form>
    </Layout>
  );
}
