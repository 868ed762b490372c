import { acceptAttribute } from '../../../platform/blobs/evidence.ts';
import type { Translate } from '../../../platform/i18n/index.ts';
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
import { grievanceTopics, MAX_ATTACHMENTS, MAX_BODY, MAX_SUBJECT, voiceKinds } from '../letter.ts';

const NAMED_ROWS = 3;

interface FormParts {
  t: Translate;
  values: Record<string, string>;
  errors: FieldErrors;
}

/** What the letter is: its kind, topic, subject and text. */
function LetterFields({ t, values, errors }: FormParts) {
  return (
    <>
      <Radios
        t={t}
        name="kind"
        label={t('voice.new.kind')}
        errors={errors}
        value={values.kind}
        options={voiceKinds.map((k) => ({ value: k, label: t(`voice.kind.${k}`), hint: t(`voice.kindHint.${k}`) }))}
      />
      <Select
        t={t}
        name="topic"
        label={t('voice.new.topic')}
        hint={t('voice.new.topicHint')}
        errors={errors}
        value={values.topic}
        placeholder={t('voice.new.choose')}
        options={grievanceTopics.map((g) => ({ value: g, label: t(`voice.topic.${g}`) }))}
      />
      <TextInput
        t={t}
        name="subject"
        label={t('voice.new.subject')}
        errors={errors}
        value={values.subject}
        maxLength={MAX_SUBJECT}
      />
      <TextArea
        t={t}
        name="body"
        label={t('voice.new.body')}
        hint={t('voice.new.bodyHint', { max: MAX_BODY })}
        errors={errors}
        value={values.body}
        maxLength={MAX_BODY}
        rows={10}
      />
    </>
  );
}

/** The officers the letter names, by name and service number. */
function NamedOfficers({ t, values, errors }: FormParts) {
  return (
    <fieldset class="named">
      <legend>{t('voice.new.named')}</legend>
      <p class="hint">{t('voice.new.namedHint')}</p>
      {Array.from({ length: NAMED_ROWS }, (_, i) => (
        <div class="named-row">
          <TextInput
            t={t}
            name={`named${i}Name`}
            label={t('voice.new.namedName')}
            errors={errors}
            value={values[`named${i}Name`]}
            maxLength={100}
          />
          <TextInput
            t={t}
            name={`named${i}ServiceNumber`}
            label={t('voice.new.namedServiceNumber')}
            errors={errors}
            value={values[`named${i}ServiceNumber`]}
            inputmode="numeric"
          />
        </div>
      ))}
    </fieldset>
  );
}

/** The writer's choices: keep their identity from the investigating unit, ask for a meeting. */
function Choices({ t, values, errors }: FormParts) {
  return (
    <div class={errors.protectIdentity ? 'field field-error' : 'field'}>
      {errors.protectIdentity ? (
        <p class="error-message" id="protectIdentity-error">
          <span class="visually-hidden">{t('form.errorPrefix')}</span> {errors.protectIdentity}
        </p>
      ) : null}
      <div class="radio">
        <input
          type="checkbox"
          id="protectIdentity"
          name="protectIdentity"
          value="yes"
          checked={values.protectIdentity === 'yes'}
          aria-describedby="protectIdentity-hint"
        />
        <label for="protectIdentity">{t('voice.new.protect')}</label>
        <p class="hint" id="protectIdentity-hint">
          {t('voice.new.protectHint')}
        </p>
      </div>
      <div class="radio">
        <input type="checkbox" id="meeting" name="meeting" value="yes" checked={values.meeting === 'yes'} />
        <label for="meeting">{t('voice.new.meeting')}</label>
      </div>
    </div>
  );
}

/** The files sent with the letter. */
function Attachments({ t, errors, maxFileMb }: Omit<FormParts, 'values'> & { maxFileMb: number }) {
  return (
    <div class={errors.attachments ? 'field field-error' : 'field'}>
      <label for="attachments">{t('voice.new.attachments')}</label>
      <p class="hint" id="attachments-hint">
        {t('voice.new.attachmentsHint', { max: MAX_ATTACHMENTS, mb: maxFileMb })}
      </p>
      {errors.attachments ? (
        <p class="error-message" id="attachments-error">
          <span class="visually-hidden">{t('form.errorPrefix')}</span> {errors.attachments}
        </p>
      ) : null}
      <input
        type="file"
        id="attachments"
        name="attachments"
        multiple
        accept={acceptAttribute}
        aria-describedby={errors.attachments ? 'attachments-hint attachments-error' : 'attachments-hint'}
      />
    </div>
  );
}

/** /voice/new: the letter. */
export function NewSubmissionPage({
  page,
  values,
  errors,
  maxFileMb,
}: {
  page: PageContext;
  values: Record<string, string>;
  errors: FieldErrors;
  maxFileMb: number;
}) {
  const { t } = page;
  return (
    <Layout page={page} title={t('voice.new.title')}>
      <ErrorSummary t={t} errors={errors} />
      <p class="breadcrumb">
        <a href="/voice">{t('voice.mine.title')}</a>
      </p>
      <h1>{t('voice.new.title')}</h1>
      <p>{t('voice.new.intro')}</p>
      <form method="post" action="/voice" novalidate class="voice-form" enctype="multipart/form-data">
        <CsrfField token={page.csrfToken} />
        <LetterFields t={t} values={values} errors={errors} />
        <NamedOfficers t={t} values={values} errors={errors} />
        <Choices t={t} values={values} errors={errors} />
        <Attachments t={t} errors={errors} maxFileMb={maxFileMb} />
        <p class="hint">{t('voice.new.wall')}</p>
        <button type="submit" class="button">
          {t('voice.new.send')}
        </button>
      </form>
    </Layout>
  );
}
