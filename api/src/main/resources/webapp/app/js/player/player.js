// The record's player: an <audio> element with the waveform as a seek bar, speed, quality (HLS),
// an A-B loop, the resume point and bookmarks (when the server has them). Keyboard: k or space
// play/pause, j/l back/forward 5 s (when focus is not in a field), arrows on the waveform.
import { h, notice, uid } from '../dom.js';
import { api } from '../api.js';
import { clock, clockMs } from '../format.js';
import { attachSource } from './sources.js';
import { Waveform } from './waveform.js';
import * as playback from './playback-api.js';

const SPEEDS = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2];
const SPEED_KEY = 'audiojobs.speed';
const SAVE_EVERY_MS = 10_000;

export function createPlayer(record) {
  const audio = h('audio', { id: 'audio', controls: true, preload: 'metadata' });
  const canvas = h('canvas', { id: 'waveform', class: 'waveform' });
  const waveform = new Waveform(canvas, seconds => seek(seconds));
  const timeListeners = new Set();
  let source = null;
  let loop = null;
  let lastSaved = 0;
  let resumeAvailable = false;
  let reloadedAfterError = false;

  const speed = h('select', { id: 'speed', onchange: () => setSpeed(Number(speed.value)) },
    SPEEDS.map(value => h('option', { value }, `${value}×`)));
  const qualityId = uid('quality');
  const quality = h('select', { id: qualityId, onchange: () => source?.setLevel(Number(quality.value)) });
  const qualityField = h('span', { class: 'field', hidden: true }, h('label', { for: qualityId }, 'Quality'), quality);
  const sourceLabel = h('span', { class: 'source', id: 'audio-source' });
  const loopState = h('span', { class: 'loop-state', id: 'loop-state' }, 'Loop off');
  const saveLoop = h('button', { type: 'button', class: 'small', id: 'loop-save', hidden: true, onclick: () => addBookmark(true) }, 'Save loop as bookmark');
  const resume = h('p', { class: 'resume', id: 'resume', hidden: true });
  const bookmarkLabel = h('input', { id: 'bookmark-label', type: 'text', maxlength: 100, placeholder: 'What is here?' });
  const bookmarkList = h('ul', { class: 'bookmarks', id: 'bookmark-list' });
  const bookmarksSection = h('section', { class: 'bookmarks-section', id: 'bookmarks', hidden: true, 'aria-labelledby': 'bookmarks-heading' },
    h('h3', { id: 'bookmarks-heading' }, 'Bookmarks'),
    h('form', { class: 'inline', onsubmit: event => { event.preventDefault(); addBookmark(false); } },
      h('label', { for: 'bookmark-label' }, 'Label'), bookmarkLabel,
      h('button', { type: 'submit', id: 'bookmark-add' }, 'Add bookmark here')),
    bookmarkList);

  const element = h('section', { class: 'player card', 'aria-label': 'Player' },
    audio,
    canvas,
    h('div', { class: 'controls' },
      h('span', { class: 'field' }, h('label', { for: 'speed' }, 'Speed'), speed),
      qualityField,
      h('span', { class: 'field loop', role: 'group', 'aria-label': 'A-B loop' },
        h('button', { type: 'button', class: 'small', id: 'loop-a', onclick: () => setLoop(audio.currentTime, loop?.b) }, 'Set A'),
        h('button', { type: 'button', class: 'small', id: 'loop-b', onclick: () => setLoop(loop?.a ?? 0, audio.currentTime) }, 'Set B'),
        h('button', { type: 'button', class: 'small', id: 'loop-clear', onclick: () => setLoop(null) }, 'Clear loop'),
        loopState, saveLoop),
      sourceLabel),
    h('p', { class: 'help' }, 'Keys: k or space play/pause, j and l back and forward 5 s; arrows on the waveform.'),
    resume,
    bookmarksSection);

  const saved = Number(localStorage.getItem(SPEED_KEY));
  setSpeed(SPEEDS.includes(saved) ? saved : 1);
  waveform.setDuration((record.audioDurationMs || 0) / 1000);

  audio.addEventListener('loadedmetadata', () => waveform.setDuration(audio.duration));
  audio.addEventListener('ratechange', () => { speed.value = String(audio.playbackRate); });
  audio.addEventListener('timeupdate', tick);
  audio.addEventListener('seeked', tick);
  audio.addEventListener('pause', () => saveResume(false));
  audio.addEventListener('error', async () => {
    // most likely the short-lived URL expired while paused: ask for a fresh one, once
    if (!source || reloadedAfterError) return;
    reloadedAfterError = true;
    await source.reload().catch(() => notice('The audio could not be loaded.', 'error'));
  });
  audio.addEventListener('playing', () => { reloadedAfterError = false; });
  const onKey = event => keyboard(event);
  document.addEventListener('keydown', onKey);
  const onHide = () => saveResume(true);
  window.addEventListener('pagehide', onHide);

  let frame = 0;
  function tick() {
    const t = audio.currentTime;
    if (loop && loop.b !== null && t >= loop.b) audio.currentTime = loop.a;
    waveform.setPosition(t);
    timeListeners.forEach(listener => listener(t));
    if (!audio.paused && Date.now() - lastSaved > SAVE_EVERY_MS) saveResume(false);
    // timeupdate comes about 4 times a second: follow frames while playing, for the loop and highlight
    cancelAnimationFrame(frame);
    if (!audio.paused) frame = requestAnimationFrame(tick);
  }

  function seek(seconds, play = false) {
    audio.currentTime = Math.max(0, seconds);
    tick();
    if (play) audio.play().catch(() => {});
  }

  function setSpeed(value) {
    audio.playbackRate = value;
    audio.defaultPlaybackRate = value;
    speed.value = String(value);
    localStorage.setItem(SPEED_KEY, String(value));
  }

  function setLoop(a, b = null) {
    if (a === null || a === undefined) {
      loop = null;
    } else {
      loop = { a, b: b !== null && b !== undefined && b > a ? b : null };
    }
    loopState.textContent = loop ? `Loop ${clock(loop.a)} – ${loop.b !== null ? clock(loop.b) : 'set B'}` : 'Loop off';
    saveLoop.hidden = !(loop && loop.b !== null && !bookmarksSection.hidden);
    waveform.setLoop(loop);
  }

  function saveResume(closing) {
    if (!resumeAvailable || !Number.isFinite(audio.currentTime)) return;
    lastSaved = Date.now();
    // the API refuses positions past the measured length (400); a decoder's last frame can end a little after it
    const positionMs = Math.min(audio.currentTime * 1000, record.audioDurationMs || Infinity);
    playback.saveResumePoint(record.id, positionMs, closing, audio.playbackRate).catch(() => {});
  }

  function keyboard(event) {
    const target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (target.closest('input, textarea, select, button, a, audio, [role="slider"]')) return;
    const actions = {
      k: () => (audio.paused ? audio.play() : audio.pause()),
      ' ': () => (audio.paused ? audio.play() : audio.pause()),
      j: () => seek(audio.currentTime - 5),
      l: () => seek(audio.currentTime + 5),
    };
    if (actions[event.key]) {
      event.preventDefault();
      actions[event.key]();
    }
  }

  async function start() {
    source = await attachSource(audio, record.id, async message => {
      notice(message, 'error');
      source?.destroy();
      source = await attachSource(audio, record.id);
      showSource();
    });
    showSource();
    loadPeaks();
    loadResumePoint();
    loadBookmarks();
  }

  function showSource() {
    sourceLabel.textContent = { hls: 'Streaming (HLS)', mp3: 'MP3', original: 'Original file' }[source.kind];
    sourceLabel.dataset.source = source.kind;
    qualityField.hidden = source.levels.length === 0;
    quality.replaceChildren(h('option', { value: -1 }, 'Auto'),
      ...source.levels.map(level => h('option', { value: level.index }, level.label)));
  }

  async function loadPeaks() {
    try {
      const { url } = await api(`records/${record.id}/audio?rendition=peaks`);
      const response = await fetch(url);
      if (!response.ok) throw new Error(`storage answered ${response.status}`);
      waveform.setPeaks(await response.json());
    } catch (error) {
      canvas.dataset.drawn = 'false';
      canvas.setAttribute('aria-label', `Position in the recording (no waveform: ${error.message})`);
    }
  }

  async function loadResumePoint() {
    const point = await playback.resumePoint(record.id).catch(() => ({ available: false }));
    resumeAvailable = point.available;
    // the speed saved with the resume point comes from whichever device played last (seed 001's sync)
    if (point.available && SPEEDS.includes(point.speed)) setSpeed(point.speed);
    if (!point.available || point.positionMs < 1000) return;
    const resumeAt = () => {
      seek(point.positionMs / 1000);
      resume.replaceChildren(`Resumed at ${clockMs(point.positionMs)}. `,
        h('button', { type: 'button', class: 'small', onclick: () => { seek(0); resume.hidden = true; } }, 'Start over'));
      resume.hidden = false;
    };
    if (audio.readyState >= 1) resumeAt();
    else audio.addEventListener('loadedmetadata', resumeAt, { once: true });
  }

  async function loadBookmarks() {
    const result = await playback.bookmarks(record.id).catch(() => ({ available: false, items: [] }));
    bookmarksSection.hidden = !result.available;
    if (!result.available) return;
    bookmarkList.replaceChildren(...result.items
      .sort((x, y) => x.positionMs - y.positionMs)
      .map(bookmark => h('li', { dataset: { bookmarkId: bookmark.id } },
        h('button', {
          type: 'button', class: 'link',
          onclick: () => {
            if (bookmark.endMs) setLoop(bookmark.positionMs / 1000, bookmark.endMs / 1000);
            seek(bookmark.positionMs / 1000, true);
          },
        }, `${clockMs(bookmark.positionMs)}${bookmark.endMs ? `–${clockMs(bookmark.endMs)} (loop)` : ''} ${bookmark.label || ''}`),
        h('button', {
          type: 'button', class: 'small', 'aria-label': `Delete bookmark ${bookmark.label || clockMs(bookmark.positionMs)}`,
          onclick: async () => { await playback.deleteBookmark(record.id, bookmark.id); loadBookmarks(); },
        }, 'Delete'))));
    saveLoop.hidden = !(loop && loop.b !== null);
  }

  async function addBookmark(asLoop) {
    const body = asLoop && loop?.b !== null
      ? { positionMs: Math.round(loop.a * 1000), endMs: Math.round(loop.b * 1000), label: bookmarkLabel.value.trim() || 'Loop' }
      : { positionMs: Math.round(audio.currentTime * 1000), label: bookmarkLabel.value.trim() || `At ${clock(audio.currentTime)}` };
    try {
      await playback.addBookmark(record.id, body);
      bookmarkLabel.value = '';
      loadBookmarks();
    } catch (error) {
      notice(`The bookmark was not saved: ${error.message}`, 'error');
    }
  }

  return {
    element,
    audio,
    start,
    seek,
    onTime(listener) { timeListeners.add(listener); },
    destroy() {
      saveResume(true);
      cancelAnimationFrame(frame);
      document.removeEventListener('keydown', onKey);
      window.removeEventListener('pagehide', onHide);
      waveform.destroy();
      source?.destroy();
    },
  };
}
