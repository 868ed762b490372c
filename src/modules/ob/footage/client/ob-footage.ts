/**
 * Progressive enhancement of the footage lodging form: the video goes by resumable upload (tus),
 * in parts, with a progress bar, resuming where it stopped when the connection drops; the form is
 * then sent naming the finished upload. The form works completely without this script.
 */
import { Upload } from 'tus-js-client';

function text(form: HTMLElement, key: string, name: string): string {
  return (form.dataset[key] ?? '').replace('{name}', name);
}

interface Tracked {
  file: File;
  upload: Upload;
  id?: string;
  bar: HTMLProgressElement;
  label: HTMLElement;
}

function track(form: HTMLFormElement, list: HTMLUListElement, file: File): Tracked {
  const item = document.createElement('li');
  const label = document.createElement('span');
  label.textContent = text(form, 'uploading', file.name);
  const bar = document.createElement('progress');
  bar.max = 100;
  bar.value = 0;
  bar.setAttribute('aria-label', file.name);
  item.append(label, bar);
  list.replaceChildren(item);
  const upload = new Upload(file, {
    // footage's own endpoint: staff only, and larger files than a report's evidence
    endpoint: '/api/ob/uploads',
    chunkSize: 8 * 1024 * 1024,
    retryDelays: [0, 1000, 3000, 5000, 10000, 20000, 60000],
    // a station's desktop may be shared: the upload resumes from this page, not from the browser's storage
    storeFingerprintForResuming: false,
    metadata: { filetype: file.type || 'application/octet-stream' },
  });
  return { file, upload, bar, label };
}

function run(form: HTMLFormElement, tracked: Tracked): Promise<string> {
  return new Promise((resolve, reject) => {
    tracked.upload.options.onProgress = (sent, total) => {
      tracked.bar.value = total ? Math.round((sent / total) * 100) : 0;
      tracked.label.textContent = `${text(form, 'uploading', tracked.file.name)} — ${tracked.bar.value}%`;
    };
    tracked.upload.options.onSuccess = () => {
      tracked.id = (tracked.upload.url ?? '').split('/').pop() ?? '';
      tracked.bar.value = 100;
      tracked.label.textContent = text(form, 'done', tracked.file.name);
      resolve(tracked.id);
    };
    tracked.upload.options.onError = (error) => {
      tracked.label.textContent = text(form, 'failed', tracked.file.name);
      reject(error);
    };
    tracked.upload.start();
  });
}

function enhance(form: HTMLFormElement): void {
  const input = form.querySelector<HTMLInputElement>('#footage');
  const list = form.querySelector<HTMLUListElement>('#upload-list');
  const submit = form.querySelector<HTMLButtonElement>('#lodge-footage');
  if (!input || !list || !submit) return;
  let tracked: Tracked | undefined;
  form.addEventListener('submit', (event) => {
    const file = input.files?.[0];
    if (!file) return;
    event.preventDefault();
    const maxBytes = Number(form.dataset.maxBytes);
    if (maxBytes > 0 && file.size > maxBytes) {
      const item = document.createElement('li');
      item.textContent = form.dataset.tooLarge ?? '';
      list.replaceChildren(item);
      return;
    }
    submit.disabled = true;
    if (!tracked || tracked.file !== file) tracked = track(form, list, file);
    const sending = tracked.id ? Promise.resolve(tracked.id) : run(form, tracked);
    sending
      .then((id) => {
        form.querySelector('input[name="upload"]')?.remove();
        const hidden = document.createElement('input');
        hidden.type = 'hidden';
        hidden.name = 'upload';
        hidden.value = id;
        form.append(hidden);
        // the file is already on the server: the form goes without it
        input.removeAttribute('name');
        form.submit();
      })
      .catch(() => {
        submit.disabled = false;
      });
  });
}

const form = document.getElementById('footage-form');
if (form instanceof HTMLFormElement && 'FormData' in window) enhance(form);
