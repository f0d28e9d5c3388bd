// Which audio the player gets: the HLS rendition when the API serves one (hls.js on browsers
// without native HLS, loaded only then), else the MP3 rendition, else the original. URLs are
// short-lived; reload() asks for a fresh one and keeps the position.
import { api } from '../api.js';

const HLS_MODULE = '../../vendor/hls.js/hls.light.min.mjs';

/**
 * Attaches a source to audio. Returns {kind: 'hls'|'mp3'|'original', levels: [{index, label}],
 * setLevel(index|-1), reload(), destroy()}; levels is empty when quality cannot be chosen.
 */
export async function attachSource(audio, recordId, onFallback = () => {}) {
  const hls = await tryHls(audio, recordId, onFallback);
  if (hls) return hls;
  for (const rendition of ['mp3', 'original']) {
    try {
      const { url } = await api(`records/${recordId}/audio?rendition=${rendition}`);
      audio.src = url;
      return plain(audio, recordId, rendition);
    } catch (error) {
      if (error.status !== 404) throw error;
    }
  }
  throw new Error('This record has no audio to play (its renditions are not ready, and its original is gone).');
}

function plain(audio, recordId, rendition) {
  return {
    kind: rendition,
    levels: [],
    setLevel() {},
    async reload() {
      const at = audio.currentTime;
      const paused = audio.paused;
      const { url } = await api(`records/${recordId}/audio?rendition=${rendition}`);
      audio.src = url;
      audio.currentTime = at;
      if (!paused) await audio.play().catch(() => {});
    },
    destroy() {
      audio.removeAttribute('src');
      audio.load();
    },
  };
}

async function tryHls(audio, recordId, onFallback) {
  let info;
  try {
    info = await api(`records/${recordId}/audio?rendition=hls&quality=auto`);
  } catch (error) {
    if (error.status === 401) throw error;
    return null; // no HLS on this server or for this record (400 / 404): MP3 it is
  }
  if (info.rendition && info.rendition !== 'hls') {
    // Until the HLS rendition is made (or if making it failed for good) the API answers with the
    // MP3 or the original and says so in `rendition`: play that link as it is, not through hls.js.
    audio.src = info.url;
    return plain(audio, recordId, info.rendition);
  }
  if (audio.canPlayType('application/vnd.apple.mpegurl')) {
    return nativeHls(audio, recordId, info.url);
  }
  if (!('MediaSource' in window || 'ManagedMediaSource' in window)) return null;
  try {
    const { default: Hls } = await import(HLS_MODULE);
    if (!Hls.isSupported()) return null;
    // no worker: it would be made from a blob: URL, which the page's Content-Security-Policy refuses
    const hls = new Hls({ enableWorker: false });
    try {
      await new Promise((resolve, reject) => {
        const failed = (_, data) => {
          if (data.fatal) reject(new Error(data.details));
        };
        hls.on(Hls.Events.ERROR, failed);
        hls.once(Hls.Events.MANIFEST_PARSED, () => {
          hls.off(Hls.Events.ERROR, failed);
          resolve();
        });
        hls.loadSource(info.url);
        hls.attachMedia(audio);
      });
    } catch (error) {
      hls.destroy();
      throw error;
    }
    hls.on(Hls.Events.ERROR, (_, data) => {
      if (data.fatal) onFallback(`HLS failed (${data.details}); playing the MP3 instead.`);
    });
    return {
      kind: 'hls',
      levels: hls.levels.map((level, index) => ({ index, label: `${Math.round(level.bitrate / 1000)} kbit/s` })),
      setLevel(index) { hls.currentLevel = index; },
      async reload() {
        const at = audio.currentTime;
        const fresh = await api(`records/${recordId}/audio?rendition=hls&quality=auto`);
        hls.loadSource(fresh.url);
        hls.startLoad(at);
      },
      destroy() { hls.destroy(); },
    };
  } catch (error) {
    onFallback(`HLS could not start (${error.message}); playing the MP3 instead.`);
    return null;
  }
}

/** Safari plays HLS itself; quality is then chosen by asking the API for a low or high playlist. */
function nativeHls(audio, recordId, url) {
  audio.src = url;
  let quality = 'auto';
  const load = async () => {
    const at = audio.currentTime;
    const paused = audio.paused;
    const fresh = await api(`records/${recordId}/audio?rendition=hls&quality=${quality}`);
    audio.src = fresh.url;
    audio.currentTime = at;
    if (!paused) await audio.play().catch(() => {});
  };
  return {
    kind: 'hls',
    levels: [{ index: 0, label: 'Low' }, { index: 1, label: 'High' }],
    setLevel(index) { quality = index < 0 ? 'auto' : ['low', 'high'][index]; load(); },
    reload: load,
    destroy() { audio.removeAttribute('src'); audio.load(); },
  };
}
