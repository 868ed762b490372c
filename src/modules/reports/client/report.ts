/**
 * Progressive enhancement of the report form: resumable evidence uploads with a progress bar,
 * "use my location", and hiding contact fields while anonymous is chosen. The form works
 * completely without this script.
 */
import { Upload } from 'tus-js-client';

function text(form: HTMLElement, key: string, name = ''): string {
  return (form.dataset[key] ?? '').replace('{name}', name);
}

/** Contact fields show only while "not anonymous" is chosen. */
function enhanceContact(form: HTMLFormElement): void {
  const contact = form.querySelector<HTMLElement>('#contact-fields');
  const syncContact = () => {
    const anonymous = form.querySelector<HTMLInputElement>('input[name="anonymous"]:checked');
    if (contact) contact.hidden = !anonymous || anonymous.value === 'yes';
  };
  form.querySelectorAll('input[name="anonymous"]').forEach((radio) => radio.addEventListener('change', syncContact));
  syncContact();
}

/** "Use my location" fills the hidden latitude and longitude, where the browser can tell. */
function enhanceLocation(form: HTMLFormElement): void {
  const tools = form.querySelector<HTMLElement>('#location-tools');
  const status = form.querySelector<HTMLElement>('#location-status');
  if (!tools || !('geolocation' in navigator)) return;
  tools.hidden = false;
  form.querySelector('#use-location')?.addEventListener('click', () => {
    if (status) status.textContent = text(form, 'locating');
    navigator.geolocation.getCurrentPosition(
      (position) => {
        (form.querySelector('#latitude') as HTMLInputElement).value = position.coords.latitude.toFixed(6);
        (form.querySelector('#longitude') as HTMLInputElement).value = position.coords.longitude.toFixed(6);
        if (status) status.textContent = text(form, 'located');
      },
      () => {
        if (status) status.textContent = text(form, 'locationFailed');
      },
      { enableHighAccuracy: false, timeout: 15000 },
    );
  });
}

interface Tracked {
  upload: Upload;
  id?: string;
  bar: HTMLProgressElement;
  label: HTMLElement;
}

/** A file's upload and its line in the list, begun once per file. */
function trackUpload(form: HTMLFormElement, list: HTMLUListElement, uploads: Map<File, Tracked>, file: File): Tracked {
  let entry = uploads.get(file);
  if (entry) return entry;
  const item = document.createElement('li');
  const label = document.createElement('span');
  label.textContent = text(form, 'uploading', file.name);
  const bar = document.createElement('progress');
  bar.max = 100;
  bar.value = 0;
  bar.setAttribute('aria-label', file.name);
  item.append(label, bar);
  list.append(item);
  const upload = new Upload(file, {
    endpoint: '/api/uploads',
    chunkSize: 4 * 1024 * 1024,
    retryDelays: [0, 1000, 3000, 5000, 10000, 20000],
    // No trace of the upload is left in the browser's storage: the reporter's phone may be inspected.
    storeFingerprintForResuming: false,
    metadata: { filetype: file.type || 'application/octet-stream' },
  });
  entry = { upload, bar, label };
  uploads.set(file, entry);
  return entry;
}

/** Sends (or resumes) a file's upload, showing its progress; resolves with the upload id. */
function runUpload(form: HTMLFormElement, entry: Tracked, file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    entry.upload.options.onProgress = (sent, total) => {
      entry.bar.value = total ? Math.round((sent / total) * 100) : 0;
      entry.label.textContent = `${text(form, 'uploading', file.name)} — ${entry.bar.value}%`;
    };
    entry.upload.options.onSuccess = () => {
      const id = (entry.upload.url ?? '').split('/').pop() ?? '';
      entry.id = id;
      entry.bar.value = 100;
      entry.label.textContent = text(form, 'done', file.name);
      resolve(id);
    };
    entry.upload.options.onError = (error) => {
      entry.label.textContent = text(form, 'failed', file.name);
      reject(error);
    };
    entry.upload.start();
  });
}

/** The form names the finished uploads instead of carrying the files. */
function sendWithUploads(form: HTMLFormElement, fileInput: HTMLInputElement, ids: string[]): void {
  form.querySelectorAll('input[name="upload"]').forEach((input) => input.remove());
  for (const id of ids) {
    const hidden = document.createElement('input');
    hidden.type = 'hidden';
    hidden.name = 'upload';
    hidden.value = id;
    form.append(hidden);
  }
  // The files are already on the server: send the form without them.
  fileInput.removeAttribute('name');
  form.submit();
}

/** Evidence goes by resumable upload before the form is sent. */
function enhanceUploads(form: HTMLFormElement): void {
  const fileInput = form.querySelector<HTMLInputElement>('#evidence');
  const list = form.querySelector<HTMLUListElement>('#upload-list');
  const submit = form.querySelector<HTMLButtonElement>('#submit-report');
  if (!fileInput || !list || !submit) return;
  // Uploads started on this page, kept so that sending again resumes them rather than starting over.
  const uploads = new Map<File, Tracked>();
  form.addEventListener('submit', (event) => {
    const files = Array.from(fileInput.files ?? []);
    if (files.length === 0) return;
    event.preventDefault();
    submit.disabled = true;
    Promise.all(
      files.map((file) => uploads.get(file)?.id ?? runUpload(form, trackUpload(form, list, uploads, file), file)),
    )
      .then((ids) => sendWithUploads(form, fileInput, ids))
      .catch(() => {
        submit.disabled = false;
      });
  });
}

function enhance(form: HTMLFormElement): void {
  enhanceContact(form);
  enhanceLocation(form);
  enhanceUploads(form);
}

const form = document.getElementById('report-form');
if (form instanceof HTMLFormElement && 'fetch' in window && 'FormData' in window) enhance(form);
