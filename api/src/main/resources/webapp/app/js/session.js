// The signed-in user's token, kept in localStorage so a reload stays signed in. Any API call that
// answers 401 ends the session with the server's reason; a JWT's own expiry ends it on time.

const KEY = 'audiojobs.token';
const listeners = new Set();
let expiryTimer;
let endReason = '';

/** The token, or null when signed out. */
export function token() {
  return localStorage.getItem(KEY);
}

/** The claims of a JWT (sub, exp), or {} for a token that is not a JWT (an API key). */
export function claims(value = token()) {
  const parts = (value || '').split('.');
  if (parts.length !== 3) return {};
  try {
    const json = atob(parts[1].replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(parts[1].length / 4) * 4, '='));
    return JSON.parse(json);
  } catch {
    return {};
  }
}

export function user() {
  return claims().sub || null;
}

/** Accepts what a person pastes: the token alone, or with "Bearer " or a trailing newline. */
export function clean(pasted) {
  return (pasted || '').trim().replace(/^bearer\s+/i, '').trim();
}

export function signIn(value) {
  localStorage.setItem(KEY, value);
  endReason = '';
  scheduleExpiry();
  listeners.forEach(listener => listener(true));
}

/** Signs out; reason (if any) is shown on the sign-in page. */
export function signOut(reason = '') {
  const wasSignedIn = token() !== null;
  localStorage.removeItem(KEY);
  clearTimeout(expiryTimer);
  endReason = reason;
  if (wasSignedIn || reason) listeners.forEach(listener => listener(false));
}

/** Why the last session ended ('' when the user signed out). */
export function lastReason() {
  return endReason;
}

export function onChange(listener) {
  listeners.add(listener);
}

/** Ends the session when the JWT expires, with a message that says so. */
export function scheduleExpiry() {
  clearTimeout(expiryTimer);
  const exp = claims().exp;
  if (!exp) return;
  const left = exp * 1000 - Date.now();
  if (left <= 0) {
    signOut(`Your token expired at ${new Date(exp * 1000).toLocaleString()}. Paste a new one.`);
    return;
  }
  // setTimeout holds at most ~24.8 days
  expiryTimer = setTimeout(scheduleExpiry, Math.min(left, 2 ** 31 - 1));
}
