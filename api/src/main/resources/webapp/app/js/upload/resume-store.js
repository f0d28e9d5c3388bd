// Multipart uploads that may be resumed after a reload. A page cannot keep a File across reloads,
// so what is kept is the upload's id and the file's identity (name, size, last modified): when the
// user picks the same file again, the upload goes on from the parts S3 already holds.
import * as session from '../session.js';

const KEY = 'audiojobs.uploads';
const MAX_AGE_MS = 7 * 24 * 3600 * 1000;

function all() {
  try {
    const entries = JSON.parse(localStorage.getItem(KEY) || '[]');
    return Array.isArray(entries) ? entries.filter(e => Date.now() - e.savedAt < MAX_AGE_MS) : [];
  } catch {
    return [];
  }
}

function save(entries) {
  localStorage.setItem(KEY, JSON.stringify(entries));
}

const sameFile = (entry, file) => entry.name === file.name && entry.size === file.size && entry.lastModified === file.lastModified;

/** This user's unfinished uploads. */
export function unfinished() {
  return all().filter(entry => entry.user === session.user());
}

export function find(file) {
  return unfinished().find(entry => sameFile(entry, file)) || null;
}

export function remember(file, details) {
  const entries = all().filter(entry => !(entry.user === session.user() && sameFile(entry, file)));
  entries.push({
    ...details, user: session.user(), name: file.name, size: file.size, lastModified: file.lastModified, savedAt: Date.now(),
  });
  save(entries);
}

export function update(uploadId, changes) {
  save(all().map(entry => (entry.uploadId === uploadId ? { ...entry, ...changes, savedAt: Date.now() } : entry)));
}

export function forget(uploadId) {
  save(all().filter(entry => entry.uploadId !== uploadId));
}
