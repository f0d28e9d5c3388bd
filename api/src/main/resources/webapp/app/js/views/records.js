// The caller's records, newest first, a page at a time (cursor), each with its live status.
import { h, replace, notice } from '../dom.js';
import { api } from '../api.js';
import { StatusFeed } from '../status-feed.js';
import { clockMs, dateTime, statusLabel, FINAL } from '../format.js';

const PAGE = 20;

export async function recordsView(main) {
  const feed = new StatusFeed();
  const list = h('ul', { id: 'records', class: 'records' });
  const empty = h('p', { id: 'records-empty', class: 'empty', hidden: true },
    'No records yet. ', h('a', { href: '#/upload' }, 'Upload a file'), ' or ', h('a', { href: '#/record' }, 'record from the microphone'), '.');
  const more = h('button', { type: 'button', id: 'load-more', hidden: true, onclick: () => load(cursor) }, 'Load more');
  const error = h('p', { class: 'error', role: 'alert' });
  let cursor = null;

  replace(main,
    h('div', { class: 'page-head' },
      h('h1', {}, 'Records'),
      h('div', { class: 'actions' },
        h('a', { class: 'button', href: '#/upload' }, 'Upload'),
        h('a', { class: 'button', href: '#/record' }, 'Record'))),
    error, empty, list, more);

  async function load(after) {
    more.disabled = true;
    try {
      const page = await api(`records?limit=${PAGE}${after ? `&cursor=${encodeURIComponent(after)}` : ''}`);
      page.items.forEach(record => list.append(item(record)));
      cursor = page.nextCursor;
      more.hidden = !cursor;
      empty.hidden = list.children.length > 0;
      error.textContent = '';
    } catch (failure) {
      error.textContent = `The records could not be loaded: ${failure.message}`;
    } finally {
      more.disabled = false;
    }
  }

  function item(record) {
    const badge = h('span', { class: 'badge' });
    const progress = h('progress', { max: 100, 'aria-label': `Progress of ${record.title}` });
    const percent = h('span', { class: 'percent' });
    const reason = h('p', { class: 'reason' });
    const li = h('li', { class: 'record', dataset: { recordId: record.id, updates: 0 } },
      h('div', { class: 'what' },
        h('a', { class: 'title', href: `#/records/${record.id}` }, record.title || `Record ${record.id}`),
        h('span', { class: 'meta' }, [dateTime(record.createdAt), record.audioDurationMs ? clockMs(record.audioDurationMs) : null]
          .filter(Boolean).join(' · '))),
      h('div', { class: 'state' }, badge, progress, percent),
      reason,
      h('button', { type: 'button', class: 'danger small', 'aria-label': `Delete ${record.title}`, onclick: () => remove(record, li) }, 'Delete'));
    show(li, { status: record.status, progress: record.progress, failedReason: record.failedReason }, badge, progress, percent, reason);
    if (!FINAL.has(record.status)) {
      feed.follow(record.id, (status, via) => {
        if (!status) return;
        li.dataset.via = via;
        li.dataset.updates = Number(li.dataset.updates) + 1;
        show(li, status, badge, progress, percent, reason);
      });
    }
    return li;
  }

  function show(li, status, badge, progress, percent, reason) {
    li.dataset.status = status.status;
    badge.textContent = statusLabel(status.status);
    badge.dataset.status = status.status;
    progress.value = status.progress;
    progress.textContent = `${status.progress} %`;
    progress.hidden = FINAL.has(status.status);
    percent.textContent = FINAL.has(status.status) ? '' : `${status.progress} %`;
    reason.textContent = status.status === 'FAILED' ? (status.failedReason || 'It failed; no reason was given.') : '';
    reason.hidden = status.status !== 'FAILED';
  }

  async function remove(record, li) {
    if (!confirm(`Delete "${record.title}" with its audio, transcript and analysis? This cannot be undone.`)) return;
    try {
      await api(`records/${record.id}`, { method: 'DELETE' });
      li.remove();
      empty.hidden = list.children.length > 0;
      notice(`Deleted "${record.title}".`);
    } catch (failure) {
      notice(`Could not delete: ${failure.message}`, 'error');
    }
  }

  await load(null);
  return () => feed.close();
}
