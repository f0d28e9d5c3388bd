// The transcript as a list of timed lines: each line is a button that seeks the player; the line
// being played is highlighted (and marked aria-current) as the audio moves. Segments longer than
// a few seconds are cut into lines at the word times, so a click lands near what was read.
import { h, replace } from '../dom.js';
import { clockMs } from '../format.js';

const MAX_LINE_MS = 8000;
const PAUSE_MS = 600;

/** The transcript's segments as lines of at most MAX_LINE_MS, cut at pauses where words have times. */
export function linesOf(transcript) {
  const segments = (transcript.segments || []).filter(s => s.text && s.text.trim());
  const words = transcript.words || [];
  return segments.flatMap(segment => {
    if (segment.endMs - segment.startMs <= MAX_LINE_MS) return [segment];
    const inside = words.filter(w => w.startMs >= segment.startMs - 50 && w.startMs < segment.endMs);
    if (inside.length === 0) return [segment];
    const lines = [];
    let line = [];
    for (const word of inside) {
      const last = line[line.length - 1];
      if (line.length && (word.endMs - line[0].startMs > MAX_LINE_MS || word.startMs - last.endMs > PAUSE_MS)) {
        lines.push(line);
        line = [];
      }
      line.push(word);
    }
    lines.push(line);
    return lines.map(ws => ({ startMs: ws[0].startMs, endMs: ws[ws.length - 1].endMs, text: ws.map(w => w.word).join(' ') }));
  });
}

export function transcriptPanel(onSeek) {
  const list = h('ol', { class: 'transcript', id: 'transcript' });
  let segments = [];
  let current = -1;

  function show(transcript) {
    segments = linesOf(transcript);
    current = -1;
    if (segments.length === 0) {
      replace(list, h('li', { class: 'plain' }, transcript.text?.trim() || 'Nothing was recognized in this recording.'));
      return;
    }
    replace(list, segments.map((segment, index) => h('li', { dataset: { index } },
      h('button', {
        type: 'button', class: 'segment',
        dataset: { startMs: segment.startMs, endMs: segment.endMs },
        'aria-label': `${clockMs(segment.startMs)}: ${segment.text.trim()} (play from here)`,
        onclick: () => onSeek(segment.startMs / 1000),
      }, h('span', { class: 'time' }, clockMs(segment.startMs)), h('span', { class: 'text' }, segment.text.trim())))));
  }

  /** The line at seconds: the last one that started at or before it, if it has not ended long ago. */
  function highlight(seconds) {
    const ms = seconds * 1000;
    let low = 0;
    let high = segments.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (segments[middle].startMs <= ms) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    if (found >= 0 && ms > segments[found].endMs + 1500) found = -1;
    if (found === current) return;
    list.children[current]?.classList.remove('current');
    list.children[current]?.removeAttribute('aria-current');
    current = found;
    const item = list.children[current];
    if (item) {
      item.classList.add('current');
      item.setAttribute('aria-current', 'true');
      if (!list.contains(document.activeElement)) item.scrollIntoView({ block: 'nearest' });
    }
  }

  return { element: list, show, highlight };
}
