// Upload: pick or drop files; each goes up with a progress bar (speed, time left) and becomes a
// record. Multipart uploads interrupted by a reload continue when the same file is picked again.
import { h, replace, notice } from '../dom.js';
import { uploadFile } from '../upload/uploader.js';
import * as resumeStore from '../upload/resume-store.js';
import { StatusFeed } from '../status-feed.js';
import { bytes, remaining, statusLabel } from '../format.js';
import { LANGUAGES } from '../languages.js';

export function uploadView(main, context) {
  const feed = new StatusFeed();
  const running = new Set();
  const input = h('input', {
    type: 'file', id: 'file-input', multiple: true,
    accept: 'audio/*,video/webm,video/mp4,.wav,.mp3,.m4a,.aac,.flac,.ogg,.opus,.webm',
    onchange: () => { start([...input.files]); input.value = ''; },
  });
  const title = h('input', { id: 'upload-title', type: 'text', maxlength: 200, placeholder: "The file's name", 'aria-describedby': 'upload-title-help' });
  const language = h('select', { id: 'upload-language' }, LANGUAGES.map(([code, name]) => h('option', { value: code }, name)));
  const drop = h('div', { class: 'drop', id: 'drop-zone' },
    h('p', {}, 'Drop audio files here, or choose them:'),
    h('label', { for: 'file-input', class: 'visually-hidden' }, 'Audio files'),
    input);
  const uploads = h('ul', { id: 'uploads', class: 'uploads', 'aria-label': 'Uploads' });
  const unfinished = h('section', { id: 'unfinished', class: 'card', hidden: true });

  replace(main,
    h('h1', {}, 'Upload'),
    h('div', { class: 'card' },
      drop,
      h('div', { class: 'fields' },
        h('label', { for: 'upload-title' }, 'Title'), title,
        h('p', { class: 'help', id: 'upload-title-help' }, 'For a single file; with several, each record takes its file\'s name.'),
        h('label', { for: 'upload-language' }, 'Language'), language)),
    unfinished,
    uploads);

  for (const type of ['dragenter', 'dragover']) {
    drop.addEventListener(type, event => { event.preventDefault(); drop.classList.add('over'); });
  }
  for (const type of ['dragleave', 'drop']) {
    drop.addEventListener(type, () => drop.classList.remove('over'));
  }
  drop.addEventListener('drop', event => {
    event.preventDefault();
    start([...event.dataTransfer.files]);
  });

  showUnfinished();
  context.onLeave(async () => running.size === 0
    || confirm('Uploads are still running. Leave anyway? Large uploads can be resumed by picking the same file again.'));

  function showUnfinished() {
    const busy = new Set([...running].map(li => li.dataset.file));
    const entries = resumeStore.unfinished().filter(entry => !busy.has(entry.name));
    unfinished.hidden = entries.length === 0;
    replace(unfinished,
      h('h2', {}, 'Unfinished uploads'),
      h('p', { class: 'help' }, 'Choose the same file again to continue where it stopped.'),
      h('ul', {}, entries.map(entry => h('li', { class: 'unfinished', dataset: { uploadId: entry.uploadId } },
        h('span', {}, `${entry.name} · ${bytes(entry.size)} · ${entry.partsDone || 0} of ${entry.parts} parts stored `),
        h('button', {
          type: 'button', class: 'small', 'aria-label': `Forget ${entry.name}`,
          onclick: () => { resumeStore.forget(entry.uploadId); showUnfinished(); },
        }, 'Forget')))));
  }

  function start(files) {
    const single = files.length === 1;
    for (const file of files) {
      upload(file, { title: single && title.value.trim() ? title.value.trim() : file.name, language: language.value });
    }
    title.value = '';
  }

  async function upload(file, options) {
    const controller = new AbortController();
    const bar = h('progress', { max: 1, value: 0, 'aria-label': `Upload of ${file.name}` });
    const rate = h('span', { class: 'rate' });
    const state = h('span', { class: 'state' }, 'Starting…');
    const cancel = h('button', { type: 'button', class: 'small', onclick: () => controller.abort() }, 'Cancel');
    const li = h('li', { class: 'upload', dataset: { state: 'uploading', file: file.name } },
      h('div', { class: 'what' }, h('strong', {}, file.name), h('span', { class: 'meta' }, bytes(file.size))),
      bar, h('div', { class: 'line' }, state, rate), cancel);
    uploads.prepend(li);
    running.add(li);

    try {
      const accepted = await uploadFile(file, options, {
        progress: ({ loaded, total, speed, secondsLeft }) => {
          bar.value = total ? loaded / total : 0;
          rate.textContent = `${bytes(loaded)} of ${bytes(total)}${speed ? ` · ${bytes(speed)}/s · ${remaining(secondsLeft)} left` : ''}`;
        },
        phase: (name, detail) => {
          li.dataset.phase = name;
          if (detail?.of > 1) li.dataset.parts = `${detail.parts}/${detail.of}`;
          state.textContent = {
            starting: 'Starting…',
            resuming: `Resuming: ${detail?.parts} of ${detail?.of} parts already stored.`,
            uploading: detail?.of > 1 ? `Uploading in ${detail.of} parts (${detail.parts} stored)…` : 'Uploading…',
            completing: 'Joining the parts…',
            creating: 'Creating the record…',
          }[name];
          if (name === 'resuming') li.dataset.resumed = 'true';
          if (name !== 'starting') showUnfinished();
        },
      }, controller.signal);
      const record = accepted.record;
      li.dataset.state = 'created';
      li.dataset.recordId = record.id;
      bar.value = 1;
      cancel.remove();
      const link = h('a', { href: `#/records/${record.id}` }, `Open “${record.title}”`);
      state.replaceChildren('Uploaded. ', link, ' ', h('span', { class: 'badge', dataset: { status: record.status } }, statusLabel(record.status)));
      feed.follow(record.id, status => {
        if (!status) return;
        const badge = state.querySelector('.badge');
        badge.dataset.status = status.status;
        badge.textContent = status.status === 'FAILED' ? `Failed: ${status.failedReason}` : `${statusLabel(status.status)} ${status.progress} %`;
        li.dataset.recordStatus = status.status;
      });
    } catch (error) {
      li.dataset.state = error.name === 'AbortError' ? 'cancelled' : 'failed';
      state.textContent = error.name === 'AbortError' ? 'Cancelled.' : `Failed: ${error.message}`;
      state.setAttribute('role', 'alert');
      cancel.remove();
      if (error.name !== 'AbortError') notice(`${file.name}: ${error.message}`, 'error');
    } finally {
      running.delete(li);
      showUnfinished();
    }
  }

  return () => {
    feed.close();
    // leaving the page stops the transfers; multipart ones can be resumed later
    running.forEach(li => li.querySelector('button')?.click());
  };
}
