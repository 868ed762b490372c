import { formatDateTime, type Locale, type Translate } from '../../../platform/i18n/index.ts';
import { CsrfField, ErrorSummary, Field, TextArea, TextInput, type FieldErrors } from '../../../platform/web/forms.tsx';
import { Layout, SuccessNotice } from '../../../platform/web/layout.tsx';
import type { PageContext } from '../../../platform/web/page.ts';
import { formatObNumber } from '../ob-number.ts';
import type { CustodyStep } from './access.ts';
import { MAX_CAMERA_ID, MAX_FOOTAGE_NARRATIVE, MAX_FOOTAGE_PLACE } from './input.ts';
import type { FootageRow } from './store.ts';

export const footagePath = (id: string) => `/staff/ob/footage/${id}`;
export const stationFootagePath = (station: string) => `/staff/ob/${encodeURIComponent(station)}/footage`;

const megabytes = (bytes: number) => (bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0);

function span(t: Translate, locale: Locale, f: FootageRow): string {
  return t('ob.footage.span', {
    from: formatDateTime(locale, f.recorded_from),
    to: formatDateTime(locale, f.recorded_to),
  });
}

export interface LodgeValues {
  cameraId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  place?: string | undefined;
  narrative?: string | undefined;
}

/** What the officer says about the footage: the camera, the span it covers, where, and what it shows. */
function LodgeTextFields({ t, values, errors }: { t: Translate; values: LodgeValues; errors: FieldErrors }) {
  return (
    <>
      <TextInput
        t={t}
        name="cameraId"
        label={t('ob.footage.field.cameraId')}
        hint={t('ob.footage.field.cameraIdHint')}
        errors={errors}
        value={values.cameraId}
        maxLength={MAX_CAMERA_ID}
        autocomplete="off"
        required
      />
      <TextInput
        t={t}
        name="from"
        type="datetime-local"
        label={t('ob.footage.field.from')}
        hint={t('ob.footage.field.timeHint')}
        errors={errors}
        value={values.from}
        required
      />
      <TextInput
        t={t}
        name="to"
        type="datetime-local"
        label={t('ob.footage.field.to')}
        hint={t('ob.footage.field.timeHint')}
        errors={errors}
        value={values.to}
        required
      />
      <TextInput
        t={t}
        name="place"
        label={t('ob.footage.field.place')}
        errors={errors}
        value={values.place}
        maxLength={MAX_FOOTAGE_PLACE}
      />
      <TextArea
        t={t}
        name="narrative"
        label={t('ob.footage.field.narrative')}
        errors={errors}
        value={values.narrative}
        maxLength={MAX_FOOTAGE_NARRATIVE}
        rows={4}
        required
      />
    </>
  );
}

/** The lodging form: multipart with the file (works without JavaScript); the script sends the file by tus instead. */
function LodgeForm(props: {
  page: PageContext;
  station: string;
  values: LodgeValues;
  errors: FieldErrors;
  maxFileMb: number;
  resumableMaxBytes: number;
}) {
  const { t } = props.page;
  const resumableMb = Math.floor(props.resumableMaxBytes / 1024 / 1024);
  const { values, errors } = props;
  return (
    <section aria-labelledby="lodge-title">
      <h2 id="lodge-title">{t('ob.footage.lodge.title')}</h2>
      <ErrorSummary t={t} errors={errors} />
      <form
        id="footage-form"
        method="post"
        action={stationFootagePath(props.station)}
        enctype="multipart/form-data"
        novalidate
        data-uploading={t('ob.footage.js.uploading')}
        data-done={t('ob.footage.js.done')}
        data-failed={t('ob.footage.js.failed')}
        data-max-bytes={props.resumableMaxBytes}
        data-too-large={t('ob.footage.error.tooLarge', { mb: resumableMb })}
      >
        <CsrfField token={props.page.csrfToken} />
        <LodgeTextFields t={t} values={values} errors={errors} />
        <Field
          t={t}
          name="footage"
          label={t('ob.footage.field.file')}
          hint={t('ob.footage.field.fileHint', { mb: props.maxFileMb, resumableMb })}
          errors={errors}
        >
          <input id="footage" name="footage" type="file" accept="video/*" aria-describedby="footage-hint" />
        </Field>
        <ul id="upload-list" class="uploads" aria-live="polite"></ul>
        <button type="submit" id="lodge-footage">
          {t('ob.footage.lodge.submit')}
        </button>
      </form>
    </section>
  );
}

export interface FootageListProps {
  page: PageContext;
  station: { id: string; name: string };
  rows: FootageRow[];
  canLodge: boolean;
  values: LodgeValues;
  errors: FieldErrors;
  /** The largest file sent with the form (without JavaScript). */
  maxFileMb: number;
  /** The largest file sent by resumable upload (the page's script). */
  resumableMaxBytes: number;
}

/** A station's footage: each lodging with its OB number, and the form to lodge more (for the station's own officers). */
export function FootageListPage(props: FootageListProps) {
  const { page, station, rows } = props;
  const { t, locale } = page;
  const title = t('ob.footage.title', { station: station.name });
  return (
    <Layout page={page} title={title} scripts={props.canLodge ? ['/assets/ob-footage.js'] : []}>
      <h1>{title}</h1>
      <p>{t('ob.footage.intro')}</p>
      {rows.length === 0 ? (
        <p>{t('ob.footage.none')}</p>
      ) : (
        <div class="table-scroll">
          <table>
            <caption>{t('ob.footage.list.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('ob.footage.list.ob')}</th>
                <th scope="col">{t('ob.footage.list.camera')}</th>
                <th scope="col">{t('ob.footage.list.span')}</th>
                <th scope="col">{t('ob.footage.list.size')}</th>
                <th scope="col">{t('ob.footage.list.lodgedBy')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((f) => (
                <tr>
                  <td>
                    <a href={footagePath(f.id)}>OB {formatObNumber(f)}</a>
                  </td>
                  <td>{f.camera_id}</td>
                  <td>{span(t, locale, f)}</td>
                  <td>{t('ob.footage.sizeMb', { mb: megabytes(f.size_bytes) })}</td>
                  <td>{f.lodged_by_name}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.canLodge ? (
        <LodgeForm
          page={page}
          station={station.id}
          values={props.values}
          errors={props.errors}
          maxFileMb={props.maxFileMb}
          resumableMaxBytes={props.resumableMaxBytes}
        />
      ) : null}
    </Layout>
  );
}

function Chain({ page, chain }: { page: PageContext; chain: CustodyStep[] }) {
  const { t, locale } = page;
  return (
    <section aria-labelledby="chain-title">
      <h2 id="chain-title">{t('ob.footage.chain.title')}</h2>
      <ol class="history">
        {chain.map((step) => (
          <li>
            <span class="meta">{formatDateTime(locale, step.at)}</span> · <strong>{step.by}</strong> ·{' '}
            {t(`ob.footage.chain.${step.action}`, { ref: step.ref ?? '' })}
          </li>
        ))}
      </ol>
    </section>
  );
}

function AttachForm({
  page,
  id,
  values,
  errors,
}: {
  page: PageContext;
  id: string;
  values: { case?: string | undefined };
  errors: FieldErrors;
}) {
  const { t } = page;
  return (
    <section aria-labelledby="attach-title">
      <h2 id="attach-title">{t('ob.footage.attach.title')}</h2>
      <ErrorSummary t={t} errors={errors} />
      <form method="post" action={`${footagePath(id)}/cases`} novalidate>
        <CsrfField token={page.csrfToken} />
        <TextInput
          t={t}
          name="case"
          label={t('ob.footage.attach.case')}
          hint={t('ob.footage.attach.caseHint')}
          errors={errors}
          value={values.case}
          maxLength={64}
          autocomplete="off"
          required
        />
        <button type="submit">{t('ob.footage.attach.submit')}</button>
      </form>
    </section>
  );
}

export interface FootageRecordProps {
  page: PageContext;
  footage: FootageRow;
  chain: CustodyStep[];
  notice?: string | undefined;
  values?: { case?: string | undefined };
  errors?: FieldErrors;
}

/** One piece of footage: its OB entry and hash, view and download, its chain of custody, and attaching it to a case. */
export function FootageRecordPage(props: FootageRecordProps) {
  const { page, footage: f } = props;
  const { t, locale } = page;
  const title = t('ob.footage.record.title', { ob: formatObNumber(f) });
  return (
    <Layout page={page} title={title}>
      <h1>{title}</h1>
      <SuccessNotice text={props.notice} />
      <dl class="summary-list">
        <dt>{t('ob.footage.record.station')}</dt>
        <dd>{f.station_name}</dd>
        <dt>{t('ob.footage.record.camera')}</dt>
        <dd>{f.camera_id}</dd>
        <dt>{t('ob.footage.record.span')}</dt>
        <dd>{span(t, locale, f)}</dd>
        {f.place ? (
          <>
            <dt>{t('ob.footage.record.place')}</dt>
            <dd>{f.place}</dd>
          </>
        ) : null}
        <dt>{t('ob.footage.record.lodged')}</dt>
        <dd>{t('ob.footage.record.lodgedValue', { at: formatDateTime(locale, f.lodged_at), by: f.lodged_by_name })}</dd>
        <dt>{t('ob.footage.record.sha256')}</dt>
        <dd>
          <code class="hash">{f.sha256}</code>
        </dd>
        <dt>{t('ob.footage.record.size')}</dt>
        <dd>{t('ob.footage.sizeMb', { mb: megabytes(f.size_bytes) })}</dd>
        <dt>{t('ob.footage.record.type')}</dt>
        <dd>{f.media_type}</dd>
      </dl>
      <h2>{t('ob.footage.record.narrative')}</h2>
      <p class="narrative">{f.narrative}</p>
      <p>{t('ob.footage.recordedNotice')}</p>
      <p>
        <a class="button" href={`${footagePath(f.id)}/view`}>
          {t('ob.footage.view')}
        </a>{' '}
        <a class="button secondary" href={`${footagePath(f.id)}/export`}>
          {t('ob.footage.export')}
        </a>
      </p>
      <Chain page={page} chain={props.chain} />
      <AttachForm page={page} id={f.id} values={props.values ?? {}} errors={props.errors ?? {}} />
    </Layout>
  );
}

/** Watching the footage: the view was recorded when this page was opened; the player streams by its grant. */
export function FootageViewPage({
  page,
  footage,
  streamUrl,
}: {
  page: PageContext;
  footage: FootageRow;
  streamUrl: string;
}) {
  const { t } = page;
  const title = t('ob.footage.viewing.title', { ob: formatObNumber(footage) });
  return (
    <Layout page={page} title={title}>
      <h1>{title}</h1>
      <p>{t('ob.footage.recordedNotice')}</p>
      <video class="footage-player" controls preload="metadata" src={streamUrl}>
        <a href={`${footagePath(footage.id)}/export`}>{t('ob.footage.viewing.fallback')}</a>
      </video>
      <p>
        <a href={footagePath(footage.id)}>{t('ob.footage.back')}</a>
      </p>
    </Layout>
  );
}
