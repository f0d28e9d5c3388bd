// The client side of the live WebSocket (SPEC §6, /api/v1/live): a session streams the recorder's
// chunks as seed 000's audio_chunk messages, keeps every chunk until the server acknowledges it
// (chunk_ack), resends what the server reports missing, and after a dropped connection reconnects
// with backoff and resumes the session (resume_session), so no audio is lost.
//
// Events (CustomEvent detail): 'state' {state}, 'started' {sessionId, recordId}, 'acked' {pending},
// 'transcribed' {chunk}, 'stopped' {recordId, session}, 'unavailable' {message} (never got a
// session: the server has no live route, or refuses the stream), 'unauthorized' {message},
// 'warning' {code, message}.
//
// States: connecting -> streaming <-> reconnecting -> stopping -> stopped; or unavailable, unauthorized.

const BACKOFF_MS = [500, 1000, 2000, 4000, 8000];
const MAX_BACKOFF_MS = 10_000;
/** Attempts to get a first session before the page falls back to recording locally. */
const FIRST_SESSION_ATTEMPTS = 3;

export class LiveSession extends EventTarget {
  /** options: url (ws:// or wss://), token, title, language, mimeType; WebSocket to stand in for the browser's. */
  constructor(options) {
    super();
    this.options = options;
    this.WebSocket = options.WebSocket || WebSocket;
    this.state = 'idle';
    this.sessionId = null;
    this.recordId = null;
    this.nextSequence = 1;
    this.unacked = new Map(); // sequence -> {sequence, timestamp, blob, base64}
    this.failures = 0;
    this.stopRequested = false;
    this.sending = Promise.resolve();
    this.onOnline = () => this.#reconnectNow();
  }

  get pending() {
    return this.unacked.size;
  }

  start() {
    window.addEventListener('online', this.onOnline);
    this.#connect();
  }

  /** Queues a recorder chunk; it is sent at once when a session is open, else on (re)connect. */
  push(blob, timestamp = Date.now()) {
    const chunk = { sequence: this.nextSequence, timestamp, blob, base64: null };
    this.nextSequence += 1;
    this.unacked.set(chunk.sequence, chunk);
    if (this.state === 'streaming') this.#send([chunk]);
  }

  /** Ends the session once every chunk is acknowledged: stop_session, then 'stopped'. */
  stop() {
    this.stopRequested = true;
    if (this.state === 'streaming') this.#set('stopping');
    this.#maybeStop();
  }

  /** Gives up the session without stopping it (the page falls back to uploading what it holds). */
  abandon() {
    window.removeEventListener('online', this.onOnline);
    clearTimeout(this.retryTimer);
    this.#set('abandoned');
    this.socket?.close(1000, 'abandoned');
  }

  #connect() {
    clearTimeout(this.retryTimer);
    this.stopSent = false;
    this.#set(this.sessionId ? 'reconnecting' : 'connecting');
    let socket;
    try {
      socket = new this.WebSocket(this.options.url);
    } catch (error) {
      this.#dropped();
      return;
    }
    this.socket = socket;
    socket.addEventListener('open', () => {
      socket.send(JSON.stringify({ type: 'auth', token: this.options.token }));
      if (this.sessionId) {
        socket.send(JSON.stringify({ type: 'resume_session', sessionId: this.sessionId }));
      } else {
        const { title, language, mimeType } = this.options;
        socket.send(JSON.stringify({ type: 'start_session', mimeType, ...(title ? { title } : {}), ...(language ? { language } : {}) }));
      }
    });
    socket.addEventListener('message', event => this.#receive(event));
    socket.addEventListener('close', () => {
      if (this.socket === socket) this.#dropped();
    });
  }

  #receive(event) {
    if (typeof event.data !== 'string') return;
    let message;
    try {
      message = JSON.parse(event.data);
    } catch {
      return;
    }
    switch (message.type) {
      case 'session_started':
        this.sessionId = message.sessionId;
        this.recordId = message.recordId ?? null;
        this.failures = 0;
        this.#set(this.stopRequested ? 'stopping' : 'streaming');
        this.#emit('started', { sessionId: this.sessionId, recordId: this.recordId });
        this.#send([...this.unacked.values()]);
        break;
      case 'session_resumed': {
        this.failures = 0;
        const missing = new Set(message.missing || []);
        // what the server holds up to lastSequence (but the gaps it names) is stored: nothing to resend
        for (const sequence of [...this.unacked.keys()]) {
          if (sequence <= message.lastSequence && !missing.has(sequence)) this.unacked.delete(sequence);
        }
        this.#set(this.stopRequested ? 'stopping' : 'streaming');
        this.#emit('acked', { pending: this.unacked.size });
        this.#send([...this.unacked.values()]);
        this.#maybeStop();
        break;
      }
      case 'chunk_ack':
        if (message.saved !== false) this.unacked.delete(message.sequence);
        this.#emit('acked', { pending: this.unacked.size });
        this.#maybeStop();
        break;
      case 'missing_chunks':
        this.#send((message.sequences || []).map(s => this.unacked.get(s)).filter(Boolean));
        break;
      case 'chunk_transcribed':
        this.#emit('transcribed', { chunk: message.chunk });
        break;
      case 'session_stopped':
        this.recordId = message.recordId ?? this.recordId;
        window.removeEventListener('online', this.onOnline);
        this.#set('stopped');
        this.#emit('stopped', { recordId: this.recordId, session: message.session });
        this.socket.close(1000, 'stopped');
        break;
      case 'error':
        this.#error(message);
        break;
      default:
        break; // answers to commands this page does not send
    }
  }

  #error(message) {
    if (message.code === 'UNAUTHORIZED') {
      this.#set('unauthorized');
      this.#emit('unauthorized', { message: message.message || 'The server refused the token.' });
      this.socket?.close();
      return;
    }
    if (!this.sessionId) {
      // the session could not even start (e.g. the container is refused): nothing to resume
      this.#set('unavailable');
      this.#emit('unavailable', { message: message.message || message.code });
      this.socket?.close();
      return;
    }
    this.#emit('warning', { code: message.code, message: message.message });
  }

  #dropped() {
    if (['stopped', 'unauthorized', 'unavailable', 'abandoned'].includes(this.state)) return;
    this.failures += 1;
    if (!this.sessionId && this.failures >= FIRST_SESSION_ATTEMPTS) {
      this.#set('unavailable');
      this.#emit('unavailable', { message: 'The live service could not be reached.' });
      return;
    }
    const base = BACKOFF_MS[Math.min(this.failures - 1, BACKOFF_MS.length - 1)] || MAX_BACKOFF_MS;
    const delay = Math.min(MAX_BACKOFF_MS, base) * (0.8 + Math.random() * 0.4);
    this.#set(this.sessionId ? 'reconnecting' : 'connecting');
    this.retryTimer = setTimeout(() => this.#connect(), delay);
  }

  #reconnectNow() {
    if (this.state === 'reconnecting' || this.state === 'connecting') {
      clearTimeout(this.retryTimer);
      this.#connect();
    }
  }

  /** Sends chunks in sequence order, one after another (base64 is made once per chunk). */
  #send(chunks) {
    const socket = this.socket;
    const ordered = chunks.sort((a, b) => a.sequence - b.sequence);
    this.sending = this.sending.then(async () => {
      for (const chunk of ordered) {
        if (socket.readyState !== 1 || !this.unacked.has(chunk.sequence)) continue;
        chunk.base64 ||= await base64(chunk.blob);
        if (socket.readyState !== 1) return;
        socket.send(JSON.stringify({
          type: 'audio_chunk', sessionId: this.sessionId, sequence: chunk.sequence, timestamp: chunk.timestamp,
          audioData: chunk.base64, mimeType: this.options.mimeType,
        }));
      }
    });
  }

  #maybeStop() {
    if (this.stopRequested && !this.stopSent && this.state === 'stopping' && this.unacked.size === 0 && this.socket?.readyState === 1) {
      this.stopSent = true;
      this.socket.send(JSON.stringify({ type: 'stop_session', sessionId: this.sessionId }));
    }
  }

  #set(state) {
    if (this.state === state) return;
    this.state = state;
    this.#emit('state', { state });
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}

/** The blob's bytes as base64 (FileReader does it natively, without building a huge string by hand). */
function base64(blob) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).slice(String(reader.result).indexOf(',') + 1));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

/** The live route's WebSocket URL, next to the page (ws:// or wss://). */
export function liveUrl() {
  const url = new URL('api/v1/live', document.baseURI);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}
