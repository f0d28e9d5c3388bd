// Sign in by pasting a token (`./audiojobs token alice`). The token is tried against the API
// before it is kept, so a refused one is explained here and never stored.
import { h, replace } from '../dom.js';
import { api } from '../api.js';
import * as session from '../session.js';

export function signInView(main, context) {
  const reason = session.lastReason();
  const input = h('textarea', {
    id: 'token', name: 'token', rows: 4, required: true, autocomplete: 'off', spellcheck: 'false',
    'aria-describedby': 'token-help', placeholder: 'eyJhbGciOi…',
  });
  const error = h('p', { id: 'sign-in-error', class: 'error', role: 'alert' });
  const button = h('button', { type: 'submit', id: 'sign-in-button' }, 'Sign in');
  if (reason) error.textContent = reason;

  const form = h('form', { class: 'card narrow', onsubmit: submit },
    h('h1', {}, 'Sign in'),
    h('label', { for: 'token' }, 'Token'),
    input,
    h('p', { id: 'token-help', class: 'help' },
      'Paste the token your administrator gave you. On a development stack, run ',
      h('code', {}, './audiojobs token alice'), ' and paste what it prints.'),
    error,
    button);
  replace(main, form);

  async function submit(event) {
    event.preventDefault();
    const value = session.clean(input.value);
    if (!value) {
      error.textContent = 'Paste a token first.';
      input.focus();
      return;
    }
    const exp = session.claims(value).exp;
    if (exp && exp * 1000 <= Date.now()) {
      error.textContent = `This token expired at ${new Date(exp * 1000).toLocaleString()}. Get a new one.`;
      return;
    }
    button.disabled = true;
    error.textContent = 'Checking the token…';
    try {
      // any authenticated read tells whether the API accepts the token
      await api('records?limit=1', { headers: { Authorization: `Bearer ${value}` }, signingIn: true });
      session.signIn(value);
      context.afterSignIn();
    } catch (failure) {
      error.textContent = failure.status === 401
        ? `The server refused this token: ${failure.message}`
        : `Could not sign in: ${failure.message}`;
      button.disabled = false;
      input.focus();
    }
  }
}
