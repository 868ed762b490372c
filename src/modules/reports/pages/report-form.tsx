import { counties, misconductCategories } from '../../../jurisdiction/kenya/index.ts';
import type { StationRow } from '../../../platform/db/reference-store.ts';
import {
  CsrfField,
  ErrorSummary,
  Radios,
  Select,
  TextArea,
  TextInput,
  type FieldErrors,
} from '../../../platform/web/forms.tsx';
import { Layout } from '../../../platform/web/layout.tsx';
import type { PageContext } from '../../../platform/web/page.ts';
import { acceptAttribute } from '../../../platform/blobs/evidence.ts';
import { MAX_DESCRIPTION, MAX_PLACE } from '../service.ts';

export const OFFICER_ROWS = 3;

/** What the reporter typed, echoed back when the form has errors. */
export type ReportFormValues = Record<string, string>;

interface Props {
  page: PageContext;
  values: ReportFormValues;
  errors: FieldErrors;
  stations: StationRow[];
  maxFileMb: number;
  /** Files were chosen but the form had errors: they must be chosen again. */
  filesDropped?: boolean;
}

function OfficerFields({
  t,
  n,
  values,
  errors,
}: {
  t: PageContext['t'];
  n: number;
  values: ReportFormValues;
  errors: FieldErrors;
}) {
  return (
    <fieldset class="officer">
      <legend>{t('reports.field.officer', { n: n + 1 })}</legend>
      <div class="field-row">
        <TextInput
          t={t}
          name={`officerName${n}`}
          label={t('reports.field.officerName')}
          errors={errors}
          value={values[`officerName${n}`]}
          maxLength={200}
        />
        <TextInput
          t={t}
          name={`officerNumber${n}`}
          label={t('reports.field.serviceNumber')}
          errors={errors}
          value={values[`officerNumber${n}`]}
          maxLength={40}
        />
        <TextInput
          t={t}
          name={`officerPlate${n}`}
          label={t('reports.field.plate')}
          errors={errors}
          value={values[`officerPlate${n}`]}
          maxLength={20}
        />
      </div>
    </fieldset>
  );
}

interface SectionProps {
  t: PageContext['t'];
  values: ReportFormValues;
  errors: FieldErrors;
}

function WhatSection({ t, values, errors }: SectionProps) {
  return (
    <>
      <h2>{t('reports.form.what')}</h2>
      <Radios
        t={t}
        name="category"
        label={t('reports.field.category')}
        errors={errors}
        value={values.category}
        options={misconductCategories.map((c) => ({
          value: c.code,
          label: t(`category.${c.code}`),
          hint: t(`category.${c.code}.hint`),
        }))}
      />
      <TextArea
        t={t}
        name="description"
        label={t('reports.field.description')}
        hint={t('reports.field.descriptionHint', { max: MAX_DESCRIPTION })}
        errors={errors}
        value={values.description}
        maxLength={MAX_DESCRIPTION}
        rows={8}
      />
      <div class="field-row">
        <TextInput
          t={t}
          name="occurredDate"
          type="date"
          label={t('reports.field.date')}
          errors={errors}
          value={values.occurredDate}
        />
        <TextInput
          t={t}
          name="occurredTime"
          type="time"
          label={t('reports.field.time')}
          errors={errors}
          value={values.occurredTime}
        />
      </div>
    </>
  );
}

/** Stations grouped by county (the script shows only the chosen county's). */
function StationSelect({ t, values, errors, stations }: SectionProps & { stations: StationRow[] }) {
  return (
    <div class={errors.station ? 'field field-error' : 'field'}>
      <label for="station">{t('reports.field.station')}</label>
      <p class="hint" id="station-hint">
        {t('reports.field.stationHint')}
      </p>
      {errors.station ? (
        <p class="error-message" id="station-error">
          <span class="visually-hidden">{t('form.errorPrefix')}</span> {errors.station}
        </p>
      ) : null}
      <select
        id="station"
        name="station"
        aria-describedby={errors.station ? 'station-hint station-error' : 'station-hint'}
      >
        <option value="">{t('reports.field.stationUnknown')}</option>
        {counties
          .filter((c) => stations.some((s) => s.county_code === c.code))
          .map((c) => (
            <optgroup label={c.name} data-county={c.code}>
              {stations
                .filter((s) => s.county_code === c.code)
                .map((s) => (
                  <option value={s.id} selected={values.station === s.id}>
                    {s.name}
                  </option>
                ))}
            </optgroup>
          ))}
      </select>
    </div>
  );
}

function WhereSection({ t, values, errors, stations }: SectionProps & { stations: StationRow[] }) {
  return (
    <>
      <h2>{t('reports.form.where')}</h2>
      <Select
        t={t}
        name="county"
        label={t('reports.field.county')}
        errors={errors}
        value={values.county}
        placeholder={t('reports.field.choose')}
        options={counties.map((c) => ({ value: c.code, label: c.name }))}
      />
      <StationSelect t={t} values={values} errors={errors} stations={stations} />
      <TextInput
        t={t}
        name="place"
        label={t('reports.field.place')}
        hint={t('reports.field.placeHint')}
        errors={errors}
        value={values.place}
        maxLength={MAX_PLACE}
      />
      <div class="js-only" hidden id="location-tools">
        <button type="button" class="button secondary" id="use-location">
          {t('reports.field.useLocation')}
        </button>
        <p class="hint" id="location-status" aria-live="polite"></p>
      </div>
      <input type="hidden" name="latitude" id="latitude" value={values.latitude ?? ''} />
      <input type="hidden" name="longitude" id="longitude" value={values.longitude ?? ''} />
    </>
  );
}

function WhoSection({ t, values, errors }: SectionProps) {
  return (
    <>
      <h2>{t('reports.form.who')}</h2>
      <p class="hint">{t('reports.form.whoHint')}</p>
      <OfficerFields t={t} n={0} values={values} errors={errors} />
      {/* further officers fold away on a small screen; open when any was filled in */}
      <details
        class="more-officers"
        open={Array.from({ length: OFFICER_ROWS - 1 }, (_, i) => i + 1).some(
          (i) => values[`officerName${i}`] || values[`officerNumber${i}`] || values[`officerPlate${i}`],
        )}
      >
        <summary>{t('reports.form.moreOfficers')}</summary>
        {Array.from({ length: OFFICER_ROWS - 1 }, (_, i) => (
          <OfficerFields t={t} n={i + 1} values={values} errors={errors} />
        ))}
      </details>
    </>
  );
}

function EvidenceSection({
  t,
  errors,
  maxFileMb,
  filesDropped,
}: Omit<SectionProps, 'values'> & { maxFileMb: number; filesDropped?: boolean | undefined }) {
  return (
    <>
      <h2>{t('reports.form.evidence')}</h2>
      <div class={errors.evidence ? 'field field-error' : 'field'}>
        <label for="evidence">{t('reports.field.evidence')}</label>
        <p class="hint" id="evidence-hint">
          {t('reports.field.evidenceHint', { mb: maxFileMb })}
        </p>
        {filesDropped ? <p class="hint warning">{t('reports.field.chooseAgain')}</p> : null}
        {errors.evidence ? (
          <p class="error-message" id="evidence-error">
            <span class="visually-hidden">{t('form.errorPrefix')}</span> {errors.evidence}
          </p>
        ) : null}
        <input
          id="evidence"
          name="evidence"
          type="file"
          multiple
          accept={acceptAttribute}
          aria-describedby="evidence-hint"
        />
        <ul id="upload-list" class="uploads" aria-live="polite"></ul>
      </div>
    </>
  );
}

function ContactSection({ t, values, errors }: SectionProps) {
  const anonymous = values.anonymous !== 'no';
  return (
    <>
      <h2>{t('reports.form.contact')}</h2>
      <Radios
        t={t}
        name="anonymous"
        label={t('reports.field.anonymous')}
        errors={errors}
        value={anonymous ? 'yes' : 'no'}
        options={[
          { value: 'yes', label: t('reports.field.anonymousYes'), hint: t('reports.field.anonymousYesHint') },
          { value: 'no', label: t('reports.field.anonymousNo'), hint: t('reports.field.anonymousNoHint') },
        ]}
      />
      <div class="conditional" id="contact-fields">
        <p class="hint">{t('reports.field.contactOnlyIf')}</p>
        <TextInput
          t={t}
          name="contactName"
          label={t('reports.field.contactName')}
          errors={errors}
          value={values.contactName}
          autocomplete="name"
          maxLength={200}
        />
        <TextInput
          t={t}
          name="contactPhone"
          type="tel"
          label={t('reports.field.phone')}
          hint={t('reports.field.phoneHint')}
          errors={errors}
          value={values.contactPhone}
          autocomplete="tel"
          inputmode="tel"
        />
        <TextInput
          t={t}
          name="contactEmail"
          type="email"
          label={t('reports.field.email')}
          errors={errors}
          value={values.contactEmail}
          autocomplete="email"
        />
      </div>
    </>
  );
}

export function ReportFormPage({ page, values, errors, stations, maxFileMb, filesDropped }: Props) {
  const { t } = page;
  return (
    <Layout page={page} title={t('reports.form.title')} scripts={['/assets/report.js']}>
      <ErrorSummary t={t} errors={errors} />
      <h1>{t('reports.form.title')}</h1>
      <p class="lead">{t('reports.form.lead')}</p>
      <div class="notice">
        <p>{t('reports.form.safety')}</p>
        <p>{t('reports.form.emergency')}</p>
      </div>
      <form
        method="post"
        action="/report"
        enctype="multipart/form-data"
        novalidate
        id="report-form"
        data-uploading={t('reports.js.uploading')}
        data-done={t('reports.js.done')}
        data-failed={t('reports.js.failed')}
        data-locating={t('reports.js.locating')}
        data-located={t('reports.js.located')}
        data-location-failed={t('reports.js.locationFailed')}
      >
        <CsrfField token={page.csrfToken} />
        {values.aboutDocument ? <input type="hidden" name="aboutDocument" value={values.aboutDocument} /> : null}
        <WhatSection t={t} values={values} errors={errors} />
        <WhereSection t={t} values={values} errors={errors} stations={stations} />
        <WhoSection t={t} values={values} errors={errors} />
        <EvidenceSection t={t} errors={errors} maxFileMb={maxFileMb} filesDropped={filesDropped} />
        <ContactSection t={t} values={values} errors={errors} />
        <button type="submit" class="button" id="submit-report">
          {t('reports.form.submit')}
        </button>
      </form>
    </Layout>
  );
}
