// The waveform of a record, drawn on a canvas from its peaks (the JSON of BBC audiowaveform:
// version 2, `channels` interleaved min/max pairs per pixel, 8 or 16 bits). The canvas is also a
// slider: click or use the arrow keys to seek. Colours come from the page's CSS.
import { clock } from '../format.js';

export class Waveform {
  constructor(canvas, onSeek) {
    this.canvas = canvas;
    this.onSeek = onSeek;
    this.mins = null;
    this.maxs = null;
    this.duration = 0;
    this.position = 0;
    this.loop = null;
    canvas.setAttribute('role', 'slider');
    canvas.setAttribute('tabindex', '0');
    canvas.setAttribute('aria-label', 'Position in the recording (waveform)');
    canvas.setAttribute('aria-valuemin', '0');
    canvas.addEventListener('click', event => this.#click(event));
    canvas.addEventListener('keydown', event => this.#key(event));
    this.resizeObserver = new ResizeObserver(() => this.draw());
    this.resizeObserver.observe(canvas);
  }

  /** peaks: the parsed JSON; its duration comes from its own samples_per_pixel and sample_rate. */
  setPeaks(peaks) {
    const channels = peaks.channels || 1;
    const scale = peaks.bits === 16 ? 32768 : 128;
    const length = peaks.length ?? peaks.data.length / (2 * channels);
    this.mins = new Float32Array(length);
    this.maxs = new Float32Array(length);
    for (let pixel = 0; pixel < length; pixel += 1) {
      let min = 0;
      let max = 0;
      for (let channel = 0; channel < channels; channel += 1) {
        const at = (pixel * channels + channel) * 2;
        min = Math.min(min, peaks.data[at] / scale);
        max = Math.max(max, peaks.data[at + 1] / scale);
      }
      this.mins[pixel] = min;
      this.maxs[pixel] = max;
    }
    this.duration = this.duration || (length * peaks.samples_per_pixel) / peaks.sample_rate;
    this.canvas.dataset.peaks = String(length);
    this.draw();
  }

  setDuration(seconds) {
    if (Number.isFinite(seconds) && seconds > 0) {
      this.duration = seconds;
      this.canvas.setAttribute('aria-valuemax', String(Math.round(seconds)));
    }
  }

  setPosition(seconds) {
    this.position = seconds;
    this.canvas.setAttribute('aria-valuenow', String(Math.round(seconds)));
    this.canvas.setAttribute('aria-valuetext', `${clock(seconds)} of ${clock(this.duration)}`);
    this.draw();
  }

  setLoop(loop) {
    this.loop = loop;
    this.draw();
  }

  draw() {
    const canvas = this.canvas;
    const ratio = window.devicePixelRatio || 1;
    const width = Math.max(1, Math.round(canvas.clientWidth * ratio));
    const height = Math.max(1, Math.round(canvas.clientHeight * ratio));
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    const g = canvas.getContext('2d');
    const style = getComputedStyle(canvas);
    const colour = name => style.getPropertyValue(name).trim();
    g.clearRect(0, 0, width, height);
    if (!this.mins || !this.mins.length) return;

    const playedX = this.duration ? (this.position / this.duration) * width : 0;
    if (this.loop && this.duration) {
      const a = (this.loop.a / this.duration) * width;
      const b = ((this.loop.b ?? this.duration) / this.duration) * width;
      g.fillStyle = colour('--wave-loop');
      g.fillRect(a, 0, Math.max(1, b - a), height);
    }
    const middle = height / 2;
    const perColumn = this.mins.length / width;
    for (let x = 0; x < width; x += 1) {
      const from = Math.floor(x * perColumn);
      const to = Math.max(from + 1, Math.floor((x + 1) * perColumn));
      let min = 0;
      let max = 0;
      for (let i = from; i < to && i < this.mins.length; i += 1) {
        if (this.mins[i] < min) min = this.mins[i];
        if (this.maxs[i] > max) max = this.maxs[i];
      }
      g.fillStyle = x < playedX ? colour('--wave-played') : colour('--wave');
      const top = middle - max * middle;
      g.fillRect(x, top, 1, Math.max(1, (max - min) * middle));
    }
    g.fillStyle = colour('--wave-head');
    g.fillRect(Math.min(width - 2 * ratio, playedX), 0, 2 * ratio, height);
    canvas.dataset.drawn = 'true';
  }

  #click(event) {
    if (!this.duration) return;
    const box = this.canvas.getBoundingClientRect();
    this.onSeek(((event.clientX - box.left) / box.width) * this.duration);
  }

  #key(event) {
    if (!this.duration) return;
    const steps = { ArrowLeft: -5, ArrowDown: -5, ArrowRight: 5, ArrowUp: 5, PageDown: -30, PageUp: 30 };
    let target;
    if (event.key in steps) target = this.position + steps[event.key];
    else if (event.key === 'Home') target = 0;
    else if (event.key === 'End') target = this.duration;
    else return;
    event.preventDefault();
    this.onSeek(Math.max(0, Math.min(this.duration, target)));
  }

  destroy() {
    this.resizeObserver.disconnect();
  }
}
