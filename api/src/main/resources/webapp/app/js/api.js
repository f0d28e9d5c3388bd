// Calls to the audiojobs API with the user's token. Errors carry the API's error body
// ({error:{code, message}}); a 401 from any call ends the session with the server's message.
import * as session from './session.js';

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** The API's base: relative to the page, so the app also works behind a path prefix. */
export function url(path) {
  return new URL(`api/v1/${path}`, document.baseURI).toString();
}

/**
 * api('records?limit=20') -> parsed JSON (or text for text/*, null for 204).
 * options: method, json (a body sent as JSON), headers, signal, response: true for the raw Response.
 */
export async function api(path, options = {}) {
  const headers = new Headers(options.headers || {});
  const current = session.token();
  if (current && !headers.has('Authorization')) headers.set('Authorization', `Bearer ${current}`);
  let body;
  if (options.json !== undefined) {
    headers.set('Content-Type', 'application/json');
    body = JSON.stringify(options.json);
  }
  let response;
  try {
    response = await fetch(url(path), {
      method: options.method || (body ? 'POST' : 'GET'),
      headers, body, signal: options.signal, keepalive: options.keepalive,
    });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(0, 'NETWORK', 'The server could not be reached. Check your connection and try again.');
  }
  if (!response.ok) {
    const error = await errorOf(response);
    if (response.status === 401 && !options.signingIn) {
      session.signOut(`The server refused your token: ${error.message}`);
    }
    throw error;
  }
  if (options.response) return response;
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  return type.includes('json') ? response.json() : response.text();
}

async function errorOf(response) {
  let code = `HTTP_${response.status}`;
  let message = `The server answered ${response.status} ${response.statusText}.`;
  try {
    const body = await response.json();
    if (body?.error) {
      code = body.error.code || code;
      message = body.error.message || message;
    }
  } catch {
    // not the API's error body (a proxy's page): keep the status line
  }
  if (response.status === 503 && response.headers.get('Retry-After')) {
    message += ` Try again in ${response.headers.get('Retry-After')} s.`;
  }
  return new ApiError(response.status, code, message);
}

/** True when an error means "this route does not exist on this server" (a feature not deployed). */
export function isMissingRoute(error) {
  return error instanceof ApiError && (error.status === 404 || error.status === 405)
    && (error.code === 'NOT_FOUND' || error.code === 'METHOD_NOT_ALLOWED');
}
