// The resume point and bookmarks of SPEC §6a (seed 001). Servers without these routes answer 404
// NOT_FOUND: each function then reports {available: false} and the page hides the feature.
import { api, isMissingRoute } from '../api.js';

export async function resumePoint(recordId) {
  try {
    const body = await api(`records/${recordId}/playback`);
    return { available: true, positionMs: body?.positionMs || 0, speed: body?.speed };
  } catch (error) {
    if (isMissingRoute(error)) return { available: false, positionMs: 0 };
    if (error.status === 404) return { available: true, positionMs: 0 }; // none saved yet
    throw error;
  }
}

/**
 * keepalive: still sent when the page is being closed. speed goes along when the API accepts it
 * (0.25-4), so the user's other devices resume at it too.
 */
export function saveResumePoint(recordId, positionMs, keepalive = false, speed = undefined) {
  const json = { positionMs: Math.max(0, Math.round(positionMs)) };
  if (Number.isFinite(speed) && speed >= 0.25 && speed <= 4) json.speed = speed;
  return api(`records/${recordId}/playback`, { method: 'PUT', json, keepalive });
}

export async function bookmarks(recordId) {
  try {
    const body = await api(`records/${recordId}/bookmarks`);
    const items = Array.isArray(body) ? body : body?.items || body?.bookmarks || [];
    return { available: true, items };
  } catch (error) {
    if (isMissingRoute(error)) return { available: false, items: [] };
    throw error;
  }
}

export function addBookmark(recordId, bookmark) {
  return api(`records/${recordId}/bookmarks`, { json: bookmark });
}

export function deleteBookmark(recordId, bookmarkId) {
  return api(`records/${recordId}/bookmarks/${bookmarkId}`, { method: 'DELETE' });
}
