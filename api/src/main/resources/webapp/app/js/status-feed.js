// Live job status of records: server-sent events from /records/{id}/events, which answer the
// current status at once, then every change, and end after "completed" or "failed".
//
// An EventSource cannot send an Authorization header; that route alone takes ?access_token=.
// Browsers allow about six HTTP/1.1 connections per host and an open stream holds one, so at
// most MAX_STREAMS records are followed by events at a time; the others are polled through
// job-status until a stream is free (the page's own API calls keep connections to spare).
import { api, url } from './api.js';
import * as session from './session.js';
import { FINAL } from './format.js';

const MAX_STREAMS = 3;
const POLL_MS = 2500;

export class StatusFeed {
  constructor() {
    this.followed = new Map(); // recordId -> {listeners:Set, source, timer, last}
    this.closed = false;
  }

  /** Calls onStatus(jobStatus, via) on every change until the record is COMPLETED or FAILED; returns an unfollow function. */
  follow(recordId, onStatus) {
    let entry = this.followed.get(recordId);
    if (!entry) {
      entry = { recordId, listeners: new Set(), source: null, timer: null, last: null };
      this.followed.set(recordId, entry);
      this.#start(entry);
    } else if (entry.last) {
      onStatus(entry.last, entry.source ? 'events' : 'poll');
    }
    entry.listeners.add(onStatus);
    return () => {
      entry.listeners.delete(onStatus);
      if (entry.listeners.size === 0) this.#stop(entry);
    };
  }

  close() {
    this.closed = true;
    [...this.followed.values()].forEach(entry => this.#stop(entry));
  }

  #streams() {
    return [...this.followed.values()].filter(entry => entry.source).length;
  }

  #start(entry) {
    if (this.closed) return;
    if (typeof EventSource === 'function' && this.#streams() < MAX_STREAMS) {
      this.#stream(entry);
    } else {
      this.#poll(entry);
    }
  }

  #stream(entry) {
    clearTimeout(entry.timer);
    entry.timer = null;
    const source = new EventSource(`${url(`records/${entry.recordId}/events`)}?access_token=${encodeURIComponent(session.token())}`);
    entry.source = source;
    const handle = event => this.#deliver(entry, JSON.parse(event.data), 'events');
    source.addEventListener('progress', handle);
    source.addEventListener('completed', handle);
    source.addEventListener('failed', handle);
    source.addEventListener('error', () => {
      // The stream ended by itself after the final event, or it broke (network, 401, 404, node
      // restart). EventSource would reconnect on its own, but it cannot tell why it failed: a
      // job-status call can (and a 401 there ends the session with the reason).
      if (entry.source !== source) return;
      source.close();
      entry.source = null;
      if (!entry.last || !FINAL.has(entry.last.status)) this.#poll(entry, 1000);
      this.#promote();
    });
  }

  #poll(entry, delay = 0) {
    clearTimeout(entry.timer);
    entry.timer = setTimeout(async () => {
      entry.timer = null;
      if (!this.followed.has(entry.recordId) || this.closed) return;
      try {
        this.#deliver(entry, await api(`records/${entry.recordId}/job-status`), 'poll');
      } catch (error) {
        if (error.status === 401 || error.status === 404) {
          this.#stop(entry);
          entry.listeners.forEach(listener => listener(null, 'gone', error));
          return;
        }
      }
      if (this.followed.has(entry.recordId) && !entry.source) {
        if (this.#streams() < MAX_STREAMS && typeof EventSource === 'function') this.#stream(entry);
        else this.#poll(entry, POLL_MS);
      }
    }, delay);
  }

  #deliver(entry, status, via) {
    entry.last = status;
    entry.listeners.forEach(listener => listener(status, via));
    if (FINAL.has(status.status)) this.#stop(entry);
  }

  #stop(entry) {
    entry.source?.close();
    entry.source = null;
    clearTimeout(entry.timer);
    entry.timer = null;
    this.followed.delete(entry.recordId);
    this.#promote();
  }

  /** A stream came free: the longest-polled record gets it. */
  #promote() {
    if (this.closed) return;
    for (const entry of this.followed.values()) {
      if (this.#streams() >= MAX_STREAMS) return;
      if (!entry.source && entry.timer) this.#stream(entry);
    }
  }
}
