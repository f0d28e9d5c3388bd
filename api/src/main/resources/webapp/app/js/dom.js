// Tiny DOM helpers: elements are built with textContent, never from HTML strings, so nothing a
// user or the server wrote can become markup (and the page needs no inline script or style).

/**
 * h('button', {type: 'button', class: 'x', onclick: fn, dataset: {id: 1}}, 'Text', child, ...)
 * Attributes named on* become event listeners; null/false attributes are left out.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (name === 'class') {
      element.className = value;
    } else if (name in element && typeof value !== 'string') {
      element[name] = value;
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the children of element. */
export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

let noticeTimer;
/** A short message in the page's live region (read by screen readers). */
export function notice(message, kind = 'info') {
  const box = document.getElementById('notice');
  box.textContent = message;
  box.dataset.kind = kind;
  box.classList.add('shown');
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => box.classList.remove('shown'), kind === 'error' ? 8000 : 4000);
}

/** A unique id for labels and aria references. */
let nextId = 0;
export function uid(prefix) {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

/** crypto.randomUUID needs a secure context; a LAN address over plain http is not one. */
export function randomId() {
  if (globalThis.crypto?.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
}
