import type { ComponentChildren } from 'preact';
import type { Translate } from '../../../platform/i18n/index.ts';
import { Select, TextArea, TextInput, type FieldErrors } from '../../../platform/web/forms.tsx';
import { bookingPurposes, LIMITS, personRoles, releaseModes, sexes } from '../entry-input.ts';
import { ROWS, type KindSection } from './desk-fields.ts';
import { options } from './labels.ts';

// The desk form's repeated parts: each kind's own section, people, property, linked entries.

interface Props {
  t: Translate;
  values: Record<string, string>;
  errors: FieldErrors;
}

/** A kind's section: shown with its heading without JavaScript; the script shows only the chosen kind's. */
function Section({ t, name, children }: { t: Translate; name: KindSection; children: ComponentChildren }) {
  return (
    <fieldset class="ob-section" data-section={name} id={`section-${name}`}>
      <legend>{t(`ob.desk.section.${name}`)}</legend>
      {children}
    </fieldset>
  );
}

function ArrestSection({ t, values, errors }: Props) {
  const v = (n: string) => values[`arrest.${n}`];
  return (
    <Section t={t} name="arrest">
      <div class="field-row">
        <TextInput
          t={t}
          name="arrest.arrestedAt"
          type="datetime-local"
          label={t('ob.field.arrestedAt')}
          errors={errors}
          value={v('arrestedAt')}
        />
        <TextInput
          t={t}
          name="arrest.arrestedBy"
          label={t('ob.field.arrestedBy')}
          hint={t('ob.field.arrestedByHint')}
          errors={errors}
          value={v('arrestedBy')}
          maxLength={LIMITS.short}
        />
      </div>
      <TextInput
        t={t}
        name="arrest.reason"
        label={t('ob.field.reason')}
        errors={errors}
        value={v('reason')}
        maxLength={LIMITS.reason}
      />
    </Section>
  );
}

function ReleaseSection({ t, values, errors }: Props) {
  const v = (n: string) => values[`release.${n}`];
  return (
    <Section t={t} name="release">
      <div class="field-row">
        <TextInput
          t={t}
          name="release.releaseOf"
          label={t('ob.field.releaseOf')}
          hint={t('ob.field.releaseOfHint')}
          errors={errors}
          value={v('releaseOf')}
        />
        <Select
          t={t}
          name="release.releaseMode"
          label={t('ob.field.releaseMode')}
          errors={errors}
          value={v('releaseMode')}
          placeholder={t('ob.desk.choose')}
          options={options(t, 'ob.releaseMode', releaseModes)}
        />
      </div>
      <TextInput
        t={t}
        name="release.releaseNote"
        label={t('ob.field.releaseNote')}
        hint={t('ob.field.releaseNoteHint')}
        errors={errors}
        value={v('releaseNote')}
        maxLength={LIMITS.note}
      />
    </Section>
  );
}

function DutySections({ t, values, errors }: Props) {
  return (
    <>
      <Section t={t} name="booking">
        <TextInput
          t={t}
          name="booking.officers"
          label={t('ob.field.officers')}
          hint={t('ob.field.officersHint')}
          errors={errors}
          value={values['booking.officers']}
          maxLength={LIMITS.note}
        />
        <Select
          t={t}
          name="booking.purpose"
          label={t('ob.field.purpose')}
          errors={errors}
          value={values['booking.purpose']}
          placeholder={t('ob.desk.choose')}
          options={options(t, 'ob.purpose', bookingPurposes)}
        />
      </Section>
      <Section t={t} name="firearm">
        <div class="field-row">
          <TextInput
            t={t}
            name="firearm.firearmSerial"
            label={t('ob.field.firearmSerial')}
            errors={errors}
            value={values['firearm.firearmSerial']}
          />
          <TextInput
            t={t}
            name="firearm.rounds"
            label={t('ob.field.rounds')}
            errors={errors}
            value={values['firearm.rounds']}
            inputmode="numeric"
          />
        </div>
        <TextInput
          t={t}
          name="firearm.officers"
          label={t('ob.field.firearmOfficer')}
          errors={errors}
          value={values['firearm.officers']}
          maxLength={LIMITS.short}
        />
      </Section>
    </>
  );
}

function AccidentSection({ t, values, errors }: Props) {
  return (
    <Section t={t} name="accident">
      <TextInput
        t={t}
        name="accident.vehicles"
        label={t('ob.field.vehicles')}
        hint={t('ob.field.vehiclesHint')}
        errors={errors}
        value={values['accident.vehicles']}
        maxLength={LIMITS.note}
      />
      <Select
        t={t}
        name="accident.injuries"
        label={t('ob.field.injuries')}
        errors={errors}
        value={values['accident.injuries'] ?? 'none'}
        options={options(t, 'ob.injuries', ['none', 'injured', 'fatal'])}
      />
    </Section>
  );
}

export function KindSections(props: Props) {
  return (
    <div class="ob-sections">
      <p class="hint ob-sections-hint">{props.t('ob.desk.sectionsHint')}</p>
      <ArrestSection {...props} />
      <ReleaseSection {...props} />
      <DutySections {...props} />
      <AccidentSection {...props} />
    </div>
  );
}

const rowFilled = (values: Record<string, string>, prefix: string, names: readonly string[]) =>
  names.some((n) => (values[`${prefix}${n}`] ?? '') !== '');
const rowErrors = (errors: FieldErrors, prefix: string) => Object.keys(errors).some((k) => k.startsWith(prefix));

/** Rows after the first fold away (a <details>, no script needed) until they hold something. */
function Row({
  open,
  first,
  summary,
  children,
}: {
  open: boolean;
  first: boolean;
  summary: string;
  children: ComponentChildren;
}) {
  if (first) return <div class="ob-row">{children}</div>;
  return (
    <details class="ob-row" open={open}>
      <summary>{summary}</summary>
      {children}
    </details>
  );
}

function PersonRow({ t, values, errors, i }: Props & { i: number }) {
  const p = `persons.${i}.`;
  const open = rowFilled(values, p, ['name', 'idNumber', 'phone', 'age']) || rowErrors(errors, p);
  return (
    <Row open={open} first={i === 0} summary={t('ob.desk.anotherPerson', { n: i + 1 })}>
      <fieldset class="ob-person">
        <legend>{t('ob.desk.person', { n: i + 1 })}</legend>
        <div class="field-row">
          <Select
            t={t}
            name={`${p}role`}
            label={t('ob.field.role')}
            errors={errors}
            value={values[`${p}role`]}
            placeholder={t('ob.desk.choose')}
            options={options(t, 'ob.role', personRoles)}
          />
          <TextInput t={t} name={`${p}name`} label={t('ob.field.name')} errors={errors} value={values[`${p}name`]} />
        </div>
        <div class="field-row">
          <TextInput
            t={t}
            name={`${p}idNumber`}
            label={t('ob.field.idNumber')}
            errors={errors}
            value={values[`${p}idNumber`]}
          />
          <TextInput
            t={t}
            name={`${p}phone`}
            type="tel"
            label={t('ob.field.phone')}
            errors={errors}
            value={values[`${p}phone`]}
          />
        </div>
        <div class="field-row ob-narrow">
          <TextInput
            t={t}
            name={`${p}age`}
            label={t('ob.field.age')}
            errors={errors}
            value={values[`${p}age`]}
            inputmode="numeric"
          />
          <Select
            t={t}
            name={`${p}sex`}
            label={t('ob.field.sex')}
            errors={errors}
            value={values[`${p}sex`]}
            placeholder={t('ob.desk.notSaid')}
            options={options(t, 'ob.sex', sexes)}
          />
        </div>
      </fieldset>
    </Row>
  );
}

export function PersonRows(props: Props) {
  return (
    <section class="ob-people" aria-labelledby="people-title">
      <h2 id="people-title">{props.t('ob.desk.people')}</h2>
      <p class="hint">{props.t('ob.desk.peopleHint')}</p>
      {Array.from({ length: ROWS.persons }, (_, i) => (
        <PersonRow {...props} i={i} />
      ))}
    </section>
  );
}

function PropertyRow({ t, values, errors, i }: Props & { i: number }) {
  const p = `property.${i}.`;
  const open = rowFilled(values, p, ['description', 'quantity', 'serial']) || rowErrors(errors, p);
  return (
    <Row open={open} first={i === 0} summary={t('ob.desk.anotherItem', { n: i + 1 })}>
      <fieldset class="ob-item">
        <legend>{t('ob.desk.item', { n: i + 1 })}</legend>
        <TextInput
          t={t}
          name={`${p}description`}
          label={t('ob.field.description')}
          errors={errors}
          value={values[`${p}description`]}
          maxLength={LIMITS.propertyText}
        />
        <div class="field-row ob-narrow">
          <TextInput
            t={t}
            name={`${p}quantity`}
            label={t('ob.field.quantity')}
            errors={errors}
            value={values[`${p}quantity`]}
            inputmode="numeric"
          />
          <TextInput
            t={t}
            name={`${p}serial`}
            label={t('ob.field.serial')}
            errors={errors}
            value={values[`${p}serial`]}
          />
        </div>
      </fieldset>
    </Row>
  );
}

export function PropertyRows(props: Props) {
  return (
    <section aria-labelledby="property-title">
      <h2 id="property-title">{props.t('ob.desk.property')}</h2>
      {Array.from({ length: ROWS.property }, (_, i) => (
        <PropertyRow {...props} i={i} />
      ))}
    </section>
  );
}

export function LinksAndAmends({ t, values, errors }: Props) {
  return (
    <section aria-labelledby="links-title">
      <h2 id="links-title">{t('ob.desk.links')}</h2>
      <div class="field-row">
        {Array.from({ length: ROWS.links }, (_, i) => (
          <TextInput
            t={t}
            name={`links.${i}`}
            label={t('ob.field.link', { n: i + 1 })}
            {...(i === 0 ? { hint: t('ob.field.linkHint') } : {})}
            errors={errors}
            value={values[`links.${i}`]}
          />
        ))}
      </div>
      <details class="ob-amend" open={(values.amends ?? '') !== '' || !!errors.amends || !!errors.amendReason}>
        <summary>{t('ob.desk.amendSummary')}</summary>
        <TextInput
          t={t}
          name="amends"
          label={t('ob.field.amends')}
          hint={t('ob.field.amendsHint')}
          errors={errors}
          value={values.amends}
        />
        <TextArea
          t={t}
          name="amendReason"
          label={t('ob.field.amendReason')}
          errors={errors}
          value={values.amendReason}
          rows={2}
          maxLength={LIMITS.reason}
        />
      </details>
    </section>
  );
}
