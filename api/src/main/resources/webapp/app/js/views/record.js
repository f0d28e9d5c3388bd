// One record: its status while it is processed, then the player with the waveform, the timed
// transcript (click a line to play from there), downloads, the analysis, retranscription, delete.
import { h, replace, notice } from '../dom.js';
import { api } from '../api.js';
import { StatusFeed } from '../status-feed.js';
import { clockMs, dateTime, number, statusLabel, FINAL } from '../format.js';
import { LANGUAGES } from '../languages.js';
import { createPlayer } from '../player/player.js';
import { transcriptPanel } from '../player/transcript.js';

const ENGINES = [['', 'Server default'], ['vosk', 'Vosk (local)'], ['openai', 'OpenAI-compatible']];

export async function recordView(main, context) {
  const id = Number(context.params[0]);
  const feed = new StatusFeed();
  let record;
  try {
    record = await api(`records/${id}`);
  } catch (error) {
    replace(main, h('h1', {}, 'Record not found'),
      h('p', { class: 'error', role: 'alert' }, error.message), h('p', {}, h('a', { href: '#/records' }, 'Back to the records')));
    return null;
  }

  const heading = h('h1', {}, record.title);
  const meta = h('p', { class: 'meta', id: 'record-meta' });
  const badge = h('span', { class: 'badge', id: 'record-status' });
  const progress = h('progress', { max: 100, id: 'record-progress', 'aria-label': 'Processing progress' });
  const steps = h('ol', { class: 'steps', id: 'record-steps' });
  const statusPanel = h('section', { class: 'card', id: 'status-panel', 'aria-labelledby': 'status-heading' },
    h('h2', { id: 'status-heading' }, 'Processing'), progress, steps);
  const failure = h('p', { class: 'error', id: 'failed-reason', role: 'alert', hidden: true });
  const transcript = transcriptPanel(seconds => player.seek(seconds, true));
  const transcriptSection = h('section', { class: 'card', id: 'transcript-section', hidden: true, 'aria-labelledby': 'transcript-heading' },
    h('div', { class: 'section-head' },
      h('h2', { id: 'transcript-heading' }, 'Transcript'),
      h('div', { class: 'downloads', role: 'group', 'aria-label': 'Download the transcript' },
        ['txt', 'srt', 'vtt'].map(format => h('button', {
          type: 'button', class: 'small', id: `download-${format}`, onclick: () => download(format),
        }, format.toUpperCase())))),
    h('p', { class: 'meta', id: 'transcript-meta' }),
    transcript.element);
  const analysis = h('section', { class: 'card', id: 'analysis-section', hidden: true, 'aria-labelledby': 'analysis-heading' });
  const player = createPlayer(record);
  player.element.hidden = true;
  player.onTime(seconds => transcript.highlight(seconds));
  let playerStarted = false;

  replace(main,
    h('p', { class: 'back' }, h('a', { href: '#/records' }, '← Records')),
    h('div', { class: 'page-head' }, heading,
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'danger', id: 'delete-record', onclick: remove }, 'Delete'))),
    h('p', { class: 'status-line' }, badge, ' ', meta),
    failure,
    statusPanel,
    player.element,
    transcriptSection,
    analysis,
    retranscribeForm());

  showStatus(record);
  await showResults();
  follow();

  function showStatus(status) {
    badge.textContent = statusLabel(status.status);
    badge.dataset.status = status.status;
    main.dataset.status = status.status;
    progress.value = status.progress;
    statusPanel.hidden = FINAL.has(status.status);
    if (status.steps) {
      replace(steps, status.steps.map(step => h('li', { dataset: { status: step.status } },
        `${statusLabel(step.name)}: ${statusLabel(step.status)}${step.progress && step.status !== 'COMPLETED' ? ` ${step.progress} %` : ''}`,
        step.error ? h('span', { class: 'reason' }, ` — ${step.error}`) : null)));
    }
    failure.hidden = status.status !== 'FAILED';
    failure.textContent = status.status === 'FAILED' ? `Processing failed: ${status.failedReason || 'no reason was given.'}` : '';
  }

  function showMeta() {
    meta.textContent = [dateTime(record.createdAt), record.audioDurationMs ? clockMs(record.audioDurationMs) : null,
      record.language ? `language ${record.language}` : null].filter(Boolean).join(' · ');
  }

  function follow() {
    if (FINAL.has(record.status)) return;
    feed.follow(record.id, async status => {
      if (!status) return;
      showStatus(status);
      if (FINAL.has(status.status)) {
        record = await api(`records/${record.id}`);
        await showResults();
      }
    });
  }

  async function showResults() {
    showMeta();
    if (record.status === 'COMPLETED' || (record.status !== 'QUEUED' && record.status !== 'CONVERTING' && record.audioDurationMs)) {
      await startPlayer();
    }
    if (record.status === 'COMPLETED') {
      await Promise.all([showTranscript(), showAnalysis()]);
    }
  }

  async function startPlayer() {
    if (playerStarted) return;
    playerStarted = true;
    try {
      await player.start();
      player.element.hidden = false;
    } catch (error) {
      playerStarted = false;
      if (record.status === 'COMPLETED') notice(`The audio cannot be played: ${error.message}`, 'error');
    }
  }

  async function showTranscript() {
    try {
      const body = await api(`records/${record.id}/transcript`);
      transcript.show(body);
      document.getElementById('transcript-meta').textContent =
        [body.engine, body.model, body.language].filter(Boolean).join(' · ');
      transcriptSection.hidden = false;
    } catch (error) {
      if (error.status !== 404) notice(`The transcript could not be loaded: ${error.message}`, 'error');
    }
  }

  async function showAnalysis() {
    let body;
    try {
      body = (await api(`records/${record.id}/analysis`)).analysis;
    } catch (error) {
      if (error.status !== 404) notice(`The analysis could not be loaded: ${error.message}`, 'error');
      return;
    }
    const row = (term, value) => [h('dt', {}, term), h('dd', {}, value)];
    const summary = body.summary || {};
    replace(analysis,
      h('h2', { id: 'analysis-heading' }, 'Analysis'),
      h('dl', { class: 'facts', id: 'analysis' },
        row('Duration', clockMs(body.durationMs)),
        row('Loudness', body.integratedLufs === null ? 'silent' : `${number(body.integratedLufs)} LUFS`),
        row('Loudness range', `${number(body.loudnessRangeLu)} LU`),
        row('True peak', `${number(body.truePeakDbtp)} dBTP`),
        row('Silence', `${Math.round(body.silenceRatio * 100)} %`),
        row('Pauses', `${body.pauseCount}${body.pauseCount ? `, longest ${(body.longestPauseMs / 1000).toFixed(1)} s` : ''}`),
        row('Speaking rate', body.wordsPerMinute === null ? '—' : `${Math.round(body.wordsPerMinute)} words per minute`),
        row('Words', String(body.wordCount))),
      h('h3', {}, 'Keywords'),
      body.keywords?.length
        ? h('ul', { class: 'keywords', id: 'keywords' }, body.keywords.map(k => h('li', {}, k.word, h('span', { class: 'count' }, ` ${k.count}`))))
        : h('p', { class: 'meta' }, 'None.'),
      h('h3', {}, 'Summary'),
      summary.status === 'OK'
        ? [h('p', { id: 'summary' }, summary.text), summary.topics?.length ? h('p', { class: 'meta' }, `Topics: ${summary.topics.join(', ')}`) : null]
        : h('p', { class: 'meta', id: 'summary' }, summary.status === 'OFF'
          ? `No summary: it is switched off on this server (${summary.missingReason}).`
          : `No summary: ${summary.missingReason || 'it is missing'}.`));
    analysis.hidden = false;
  }

  async function download(format) {
    try {
      const response = await api(`records/${record.id}/transcript?format=${format}`, { response: true });
      const blob = await response.blob();
      const link = h('a', { href: URL.createObjectURL(blob), download: `${fileName(record.title)}.${format}`, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    } catch (error) {
      notice(`The download failed: ${error.message}`, 'error');
    }
  }

  function retranscribeForm() {
    const language = h('select', { id: 'retranscribe-language' }, LANGUAGES.map(([code, name]) => h('option', { value: code }, name)));
    const engine = h('select', { id: 'retranscribe-engine' }, ENGINES.map(([code, name]) => h('option', { value: code }, name)));
    const model = h('input', { id: 'retranscribe-model', type: 'text', maxlength: 100, placeholder: 'Engine default' });
    const message = h('p', { class: 'meta', id: 'retranscribe-message', role: 'status' });
    const button = h('button', { type: 'submit', id: 'retranscribe' }, 'Transcribe again');
    return h('section', { class: 'card', id: 'retranscribe-section', 'aria-labelledby': 'retranscribe-heading' },
      h('h2', { id: 'retranscribe-heading' }, 'Transcribe again'),
      h('form', {
        class: 'fields', onsubmit: async event => {
          event.preventDefault();
          button.disabled = true;
          const body = {};
          if (language.value) body.language = language.value;
          if (engine.value) body.engine = engine.value;
          if (model.value.trim()) body.model = model.value.trim();
          try {
            const accepted = await api(`records/${record.id}/retranscribe`, { json: body });
            record = accepted.record;
            message.textContent = 'Transcribing again; the current transcript stays until the new one is ready.';
            showStatus(record);
            follow();
          } catch (error) {
            message.textContent = `Not started: ${error.message}`;
          } finally {
            button.disabled = false;
          }
        },
      },
      h('label', { for: 'retranscribe-language' }, 'Language'), language,
      h('label', { for: 'retranscribe-engine' }, 'Engine'), engine,
      h('label', { for: 'retranscribe-model' }, 'Model ', h('span', { class: 'help' }, '(optional)')), model,
      h('div', {}, button)),
      message);
  }

  async function remove() {
    if (!confirm(`Delete "${record.title}" with its audio, transcript and analysis? This cannot be undone.`)) return;
    try {
      await api(`records/${record.id}`, { method: 'DELETE' });
      notice(`Deleted "${record.title}".`);
      location.hash = '#/records';
    } catch (error) {
      notice(`Could not delete: ${error.message}`, 'error');
    }
  }

  return () => {
    feed.close();
    player.destroy();
  };
}

function fileName(title) {
  return (title || 'transcript').replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '_').slice(0, 80) || 'transcript';
}
