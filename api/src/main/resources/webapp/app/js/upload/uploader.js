// One file from the browser to a record: POST /uploads, then the bytes straight to S3 with the
// presigned URL(s) the API returns (one PUT, or parts in parallel above the multipart threshold),
// then POST /records. Multipart uploads survive a reload (resume-store.js).
import { api, ApiError } from '../api.js';
import { randomId } from '../dom.js';
import * as resumeStore from './resume-store.js';

const PARALLEL_PARTS = 3;
const ATTEMPTS = 4;
// headers the browser sets itself and refuses from scripts
const BROWSER_HEADERS = new Set(['host', 'content-length', 'connection', 'expect']);
const TYPES = {
  wav: 'audio/wav', mp3: 'audio/mpeg', m4a: 'audio/mp4', mp4: 'audio/mp4', aac: 'audio/aac', flac: 'audio/flac',
  ogg: 'audio/ogg', oga: 'audio/ogg', opus: 'audio/ogg', webm: 'audio/webm', aiff: 'audio/aiff', aif: 'audio/aiff',
  amr: 'audio/amr', '3gp': 'audio/3gpp',
};

/** The file's audio type: what the browser says, else from its extension (browsers leave some blank). */
export function contentTypeOf(file) {
  if (file.type && (file.type.startsWith('audio/') || file.type === 'video/webm' || file.type === 'video/mp4')) return file.type;
  const extension = (file.name.split('.').pop() || '').toLowerCase();
  return TYPES[extension] || file.type || 'application/octet-stream';
}

/**
 * Uploads file and makes a record of it. listener: {progress({loaded, total, speed, secondsLeft}),
 * phase(name, detail)} with phases 'starting', 'resuming', 'uploading', 'completing', 'creating'.
 * Returns the 202 body of POST /records ({record, jobId, statusUrl}).
 */
export async function uploadFile(file, { title, language }, listener = {}, signal = undefined) {
  const progress = new Progress(file.size, listener.progress || (() => {}));
  const phase = listener.phase || (() => {});
  const contentType = contentTypeOf(file);
  let uploadId;
  let recordKey;

  const remembered = resumeStore.find(file);
  const resumed = remembered ? await resumable(remembered) : null;
  if (resumed) {
    ({ uploadId, recordKey } = remembered);
    if (resumed.status === 'PENDING') {
      phase('resuming', { parts: resumed.parts.length, of: resumed.parts.length + resumed.missingParts.length });
      await multipart(file, uploadId, resumed.partSize, resumed.parts, resumed.missingParts, progress, phase, signal);
    } else {
      progress.set('all', file.size);
    }
  } else {
    phase('starting');
    const plan = await api('uploads', { json: { filename: file.name, contentType, sizeBytes: file.size }, signal });
    uploadId = plan.uploadId;
    recordKey = randomId();
    if (plan.method === 'MULTIPART') {
      resumeStore.remember(file, { uploadId, recordKey, title, language, partSize: plan.partSize, parts: plan.parts.length, partsDone: 0 });
      await multipart(file, uploadId, plan.partSize, [], plan.parts, progress, phase, signal);
    } else {
      phase('uploading');
      await put(plan.url, file, plan.headers, loaded => progress.set('all', loaded), signal);
    }
  }

  phase('creating');
  // the same key if this is retried after a reload: the API replays the first answer
  const accepted = await api('records', {
    json: { title: title || remembered?.title || file.name, uploadId, ...(language || remembered?.language ? { language: language || remembered.language } : {}) },
    headers: { 'Idempotency-Key': `web-${recordKey}` }, signal,
  });
  resumeStore.forget(uploadId);
  return accepted;
}

/** Where a remembered upload stands, or null when it cannot be resumed (expired, gone, used). */
async function resumable(remembered) {
  try {
    const state = await api(`uploads/${remembered.uploadId}`);
    if (state.status === 'PENDING' && state.method === 'MULTIPART') return state;
    if (state.status === 'UPLOADED') return state;
  } catch (error) {
    if (error.status === 401) throw error;
  }
  resumeStore.forget(remembered.uploadId);
  return null;
}

async function multipart(file, uploadId, partSize, stored, missing, progress, phase, signal) {
  const etags = new Map(stored.map(part => [part.partNumber, part.etag]));
  const urls = new Map(missing.map(part => [part.partNumber, part.url]));
  stored.forEach(part => progress.set(part.partNumber, part.sizeBytes));
  const queue = [...urls.keys()].sort((a, b) => a - b);
  const total = etags.size + queue.length;
  phase('uploading', { parts: etags.size, of: total });
  let refreshing = null;

  const refreshUrls = () => {
    // presigned part URLs live PRESIGN_TTL; a long upload asks for fresh ones
    refreshing ||= api(`uploads/${uploadId}`, { signal }).then(state => {
      state.missingParts.forEach(part => urls.set(part.partNumber, part.url));
      refreshing = null;
    });
    return refreshing;
  };

  async function send(partNumber) {
    const start = (partNumber - 1) * partSize;
    const blob = file.slice(start, Math.min(start + partSize, file.size));
    for (let attempt = 1; ; attempt += 1) {
      try {
        const { etag } = await put(urls.get(partNumber), blob, {}, loaded => progress.set(partNumber, loaded), signal);
        if (!etag) {
          throw new ApiError(0, 'ETAG_HIDDEN', 'The storage server does not show part ETags to the browser: its CORS rules must expose the ETag header.');
        }
        etags.set(partNumber, etag);
        resumeStore.update(uploadId, { partsDone: etags.size });
        phase('uploading', { parts: etags.size, of: total });
        return;
      } catch (error) {
        progress.set(partNumber, 0);
        if (error.name === 'AbortError' || error.code === 'ETAG_HIDDEN' || attempt >= ATTEMPTS) throw error;
        if (error.status === 403) await refreshUrls();
        else await sleep(500 * 2 ** attempt, signal);
      }
    }
  }

  async function worker() {
    while (queue.length) await send(queue.shift());
  }
  await Promise.all(Array.from({ length: Math.min(PARALLEL_PARTS, queue.length) }, worker));

  phase('completing');
  const parts = [...etags].sort(([a], [b]) => a - b).map(([partNumber, etag]) => ({ partNumber, etag }));
  await api(`uploads/${uploadId}/complete`, { json: { parts }, signal });
}

/** A PUT through XMLHttpRequest: fetch() cannot report upload progress. Resolves {etag}. */
function put(url, body, headers, onLoaded, signal) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new DOMException('Upload cancelled', 'AbortError'));
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    for (const [name, value] of Object.entries(headers || {})) {
      if (!BROWSER_HEADERS.has(name.toLowerCase())) xhr.setRequestHeader(name, value);
    }
    xhr.upload.addEventListener('progress', event => onLoaded(event.loaded));
    xhr.addEventListener('load', () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onLoaded(body.size);
        resolve({ etag: xhr.getResponseHeader('ETag') });
      } else {
        reject(new ApiError(xhr.status, 'STORAGE_REFUSED', `The storage server refused the upload (${xhr.status}${s3Message(xhr.responseText)}).`));
      }
    });
    xhr.addEventListener('error', () => reject(new ApiError(0, 'NETWORK',
      'The storage server could not be reached (network down, or its CORS rules do not allow this page).')));
    xhr.addEventListener('abort', () => reject(new DOMException('Upload cancelled', 'AbortError')));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(body);
  });
}

function s3Message(xml) {
  const match = /<Message>([^<]*)<\/Message>/.exec(xml || '');
  return match ? `: ${match[1]}` : '';
}

function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new DOMException('Upload cancelled', 'AbortError'));
    }, { once: true });
  });
}

/** Bytes sent over the parts in flight, speed over the last few seconds, and time left. */
class Progress {
  constructor(total, report) {
    this.total = total;
    this.report = report;
    this.byPart = new Map();
    this.samples = [];
  }

  set(part, loaded) {
    this.byPart.set(part, loaded);
    const loadedAll = Math.min(this.total, [...this.byPart.values()].reduce((a, b) => a + b, 0));
    const now = performance.now();
    this.samples.push({ now, loaded: loadedAll });
    while (this.samples.length > 2 && now - this.samples[0].now > 5000) this.samples.shift();
    const first = this.samples[0];
    const seconds = (now - first.now) / 1000;
    const speed = seconds > 0.5 ? Math.max(0, (loadedAll - first.loaded) / seconds) : null;
    this.report({
      loaded: loadedAll, total: this.total, speed,
      secondsLeft: speed ? (this.total - loadedAll) / speed : null,
    });
  }
}
