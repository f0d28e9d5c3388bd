// Record from the microphone. The recorder's 1 s chunks stream over the live WebSocket (the
// transcript grows as the server transcribes); the page also keeps every chunk, so a server
// without the live route, or a session that cannot be resumed, still ends in a record: the
// recording is then uploaded when the user stops.
import { h, replace, notice } from '../dom.js';
import * as session from '../session.js';
import { clock, clockMs, statusLabel } from '../format.js';
import { LANGUAGES } from '../languages.js';
import { openMicrophone, recorderType, MicrophoneError } from '../live/microphone.js';
import { levelMeter } from '../live/level-meter.js';
import { LiveSession, liveUrl } from '../live/live-session.js';
import { uploadFile } from '../upload/uploader.js';
import { StatusFeed } from '../status-feed.js';

const TIMESLICE_MS = 1000;

export function liveView(main, context) {
  const feed = new StatusFeed();
  const title = h('input', { id: 'live-title', type: 'text', maxlength: 200, placeholder: 'Recording of today' });
  const language = h('select', { id: 'live-language' }, LANGUAGES.map(([code, name]) => h('option', { value: code }, name)));
  const startButton = h('button', { type: 'button', id: 'live-start', class: 'primary', onclick: start }, 'Start recording');
  const stopButton = h('button', { type: 'button', id: 'live-stop', disabled: true, onclick: stop }, 'Stop');
  const meter = h('meter', { id: 'level', min: 0, max: 1, low: 0.75, high: 0.9, optimum: 0.5, value: 0, 'aria-label': 'Microphone level' });
  const elapsed = h('span', { id: 'live-elapsed', class: 'elapsed', 'aria-label': 'Recording time' }, '0:00');
  const status = h('p', { id: 'live-status', role: 'status' }, 'Press Start to record from your microphone.');
  const problem = h('p', { id: 'live-error', class: 'error', role: 'alert', hidden: true });
  const lines = h('ol', { id: 'live-transcript', class: 'transcript live', 'aria-live': 'polite', 'aria-label': 'Live transcript' });
  const result = h('div', { id: 'live-result', hidden: true });

  replace(main,
    h('h1', {}, 'Record'),
    h('div', { class: 'card' },
      h('div', { class: 'fields' },
        h('label', { for: 'live-title' }, 'Title'), title,
        h('label', { for: 'live-language' }, 'Language'), language),
      h('div', { class: 'recorder' }, startButton, stopButton,
        h('span', { class: 'field' }, h('label', { for: 'level' }, 'Level'), meter), elapsed),
      status, problem),
    h('section', { class: 'card', 'aria-labelledby': 'live-transcript-heading' },
      h('h2', { id: 'live-transcript-heading' }, 'Transcript'),
      h('p', { class: 'meta', id: 'live-transcript-empty' }, 'Lines appear here while you speak.'),
      lines),
    result);

  let stream = null;
  let recorder = null;
  let meterHandle = null;
  let live = null;
  let chunks = [];
  let mimeType = '';
  let startedAt = 0;
  let clockTimer = 0;
  let mode = 'live';

  context.onLeave(async () => !recorder || confirm('A recording is in progress. Leave and lose it?'));

  async function start() {
    problem.hidden = true;
    startButton.disabled = true;
    try {
      stream = await openMicrophone();
    } catch (error) {
      showProblem(error instanceof MicrophoneError ? error.message : String(error), error.kind);
      startButton.disabled = false;
      return;
    }
    mimeType = recorderType();
    recorder = new MediaRecorder(stream, { ...(mimeType ? { mimeType } : {}), audioBitsPerSecond: 64000 });
    mimeType = recorder.mimeType || mimeType || 'audio/webm';
    chunks = [];
    replace(lines);
    document.getElementById('live-transcript-empty').textContent = 'Lines appear here while you speak.';
    result.hidden = true;
    main.dataset.liveMode = mode = 'live';

    live = new LiveSession({ url: liveUrl(), token: session.token(), title: title.value.trim(), language: language.value, mimeType });
    live.addEventListener('state', () => showState());
    live.addEventListener('acked', () => showState());
    live.addEventListener('transcribed', event => showChunk(event.detail.chunk));
    live.addEventListener('unavailable', event => goLocal(event.detail.message));
    live.addEventListener('unauthorized', event => {
      goLocal(`The live service refused the token (${event.detail.message}).`);
    });
    live.addEventListener('warning', event => notice(`Live: ${event.detail.message || event.detail.code}`, 'error'));
    live.addEventListener('stopped', event => finished(event.detail.recordId));
    live.start();

    recorder.addEventListener('dataavailable', event => {
      if (!event.data || event.data.size === 0) return;
      chunks.push(event.data);
      if (mode === 'live') live.push(event.data);
      showState();
    });
    recorder.start(TIMESLICE_MS);
    meterHandle = levelMeter(stream, level => {
      meter.value = level;
      meter.dataset.peak = Math.max(Number(meter.dataset.peak || 0), level).toFixed(3);
    });
    startedAt = Date.now();
    clockTimer = setInterval(() => { elapsed.textContent = clock((Date.now() - startedAt) / 1000); }, 250);
    main.dataset.recording = 'true';
    stopButton.disabled = false;
    stopButton.focus();
  }

  function showState() {
    if (!recorder && mode === 'live' && live?.state === 'stopped') return;
    const pending = live?.pending || 0;
    const text = mode === 'local'
      ? 'Recording on this device; it will be uploaded when you stop.'
      : {
        connecting: 'Recording; connecting to the live service…',
        streaming: 'Recording and streaming live.',
        reconnecting: `Connection lost; reconnecting by itself. ${pending} s of audio kept here until the server has it.`,
        stopping: pending ? `Finishing: sending the last ${pending} s of audio…` : 'Finishing…',
      }[live?.state] || '';
    status.textContent = text;
    main.dataset.liveState = mode === 'local' ? 'local' : live?.state || '';
  }

  function goLocal(reason) {
    if (mode === 'local') return;
    mode = 'local';
    main.dataset.liveMode = 'local';
    live?.abandon();
    showProblem(`Live transcription is not available: ${reason} The recording goes on here and is uploaded when you stop.`, 'live');
    document.getElementById('live-transcript-empty').textContent = 'No live transcript this time: the record gets its transcript once the recording is uploaded.';
    showState();
    if (!recorder) uploadRecording(); // stop was pressed while the session still tried to start
  }

  function showChunk(chunk) {
    document.getElementById('live-transcript-empty').hidden = true;
    const existing = lines.querySelector(`[data-index="${chunk.index}"]`);
    const item = h('li', { dataset: { index: chunk.index, status: chunk.status } },
      h('span', { class: 'time' }, clockMs(chunk.startMs || 0)),
      h('span', { class: 'text' }, chunk.transcription || (chunk.status === 'failed' ? '(not transcribed)' : '…')));
    if (existing) existing.replaceWith(item);
    else {
      const after = [...lines.children].find(li => Number(li.dataset.index) > chunk.index);
      lines.insertBefore(item, after || null);
    }
  }

  async function stop() {
    stopButton.disabled = true;
    clearInterval(clockTimer);
    await new Promise(resolve => {
      recorder.addEventListener('stop', resolve, { once: true });
      recorder.stop(); // the last chunk comes before 'stop'
    });
    recorder = null;
    stream.getTracks().forEach(track => track.stop());
    meterHandle.close();
    meter.value = 0;
    main.dataset.recording = 'false';
    if (mode === 'local') {
      await uploadRecording();
    } else {
      live.stop();
      showState();
      // a session the server lost cannot be finished: the page still holds the whole recording
      setTimeout(() => {
        if (mode !== 'live' || live.state === 'stopped') return;
        showProblem('The live service has not finished the session after a minute.', 'live');
        problem.append(' ', h('button', { type: 'button', class: 'small', onclick: () => goLocal('the session could not be finished.') },
          'Upload the recording instead'));
      }, 60_000);
    }
  }

  async function uploadRecording() {
    const type = mimeType.split(';')[0];
    const extension = type.includes('ogg') ? 'ogg' : type.includes('mp4') ? 'm4a' : 'webm';
    const name = `${title.value.trim() || 'Recording'} ${new Date().toISOString().slice(0, 16).replace('T', ' ')}.${extension}`;
    const file = new File(chunks, name, { type, lastModified: Date.now() });
    status.textContent = 'Uploading the recording…';
    try {
      const accepted = await uploadFile(file, { title: title.value.trim() || name, language: language.value }, {
        progress: ({ loaded, total }) => { status.textContent = `Uploading the recording… ${Math.round((loaded / total) * 100)} %`; },
      });
      finished(accepted.record.id);
    } catch (error) {
      showProblem(`The recording could not be uploaded: ${error.message}`, 'upload');
      startButton.disabled = false;
    }
  }

  function finished(recordId) {
    status.textContent = 'Saved.';
    startButton.disabled = false;
    const badge = h('span', { class: 'badge', id: 'live-record-status' }, '');
    replace(result, h('div', { class: 'card' },
      h('p', {}, 'The recording is now a record: ', h('a', { href: `#/records/${recordId}`, id: 'live-record-link' }, 'open it'), ' ', badge)));
    result.hidden = false;
    main.dataset.recordId = recordId;
    feed.follow(recordId, jobStatus => {
      if (!jobStatus) return;
      badge.dataset.status = jobStatus.status;
      badge.textContent = jobStatus.status === 'FAILED'
        ? `Failed: ${jobStatus.failedReason}` : `${statusLabel(jobStatus.status)} ${jobStatus.progress} %`;
    });
  }

  function showProblem(message, kind) {
    problem.textContent = message;
    problem.dataset.kind = kind || '';
    problem.hidden = false;
  }

  return () => {
    feed.close();
    clearInterval(clockTimer);
    if (recorder && recorder.state !== 'inactive') recorder.stop();
    stream?.getTracks().forEach(track => track.stop());
    meterHandle?.close();
    if (live && live.state !== 'stopped') live.abandon();
  };
}
