// The app's shell: a hash router (#/records, #/records/42, #/upload, #/record, #/sign-in), so any
// page can be reloaded or bookmarked while the server serves one file. Each view renders into
// <main> and returns a cleanup function that closes its streams, recorder or player.
import * as session from './session.js';
import { replace, h } from './dom.js';
import { signInView } from './views/sign-in.js';
import { recordsView } from './views/records.js';
import { recordView } from './views/record.js';
import { uploadView } from './views/upload.js';
import { liveView } from './views/live.js';

const ROUTES = [
  { pattern: /^#\/sign-in$/, view: signInView, title: 'Sign in', public: true },
  { pattern: /^#\/records$/, view: recordsView, title: 'Records', nav: 'records' },
  { pattern: /^#\/records\/(\d+)$/, view: recordView, title: 'Record', nav: 'records' },
  { pattern: /^#\/upload$/, view: uploadView, title: 'Upload', nav: 'upload' },
  { pattern: /^#\/record$/, view: liveView, title: 'Record from the microphone', nav: 'record' },
];

const main = document.getElementById('main');
let cleanup = null;
let current = null;
let returnTo = null;

async function route() {
  const hash = location.hash || '#/records';
  const match = ROUTES.map(r => ({ r, m: hash.match(r.pattern) })).find(x => x.m);
  if (!match) {
    location.replace('#/records');
    return;
  }
  if (!match.r.public && !session.token()) {
    returnTo = hash;
    location.replace('#/sign-in');
    return;
  }
  if (current && current.leave && !(await current.leave())) {
    history.replaceState(null, '', current.hash); // the view asked to stay (a recording in progress)
    return;
  }
  if (cleanup) cleanup();
  cleanup = null;
  current = { hash };
  document.title = `${match.r.title} · audiojobs`;
  showNav(match.r.nav);
  replace(main);
  const context = {
    params: match.m.slice(1),
    /** After sign-in: back where the user was sent from. */
    afterSignIn: () => { location.hash = returnTo || '#/records'; returnTo = null; },
    /** A view may refuse to be left (returns a promise of true to leave). */
    onLeave: leave => { current.leave = leave; },
  };
  try {
    cleanup = (await match.r.view(main, context)) || null;
  } catch (error) {
    replace(main, h('h1', {}, 'Something went wrong'), h('p', { class: 'error', role: 'alert' }, error.message));
  }
  // keyboard and screen-reader users start at the new page's heading
  const heading = main.querySelector('h1');
  if (heading) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
  }
}

function showNav(active) {
  const nav = document.getElementById('nav');
  nav.hidden = !session.token();
  document.getElementById('who').textContent = session.user() ? `Signed in as ${session.user()}` : '';
  for (const link of nav.querySelectorAll('a[data-nav]')) {
    if (link.dataset.nav === active) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

document.getElementById('sign-out').addEventListener('click', () => {
  session.signOut();
});

session.onChange(signedIn => {
  if (!signedIn) {
    if (current) current.leave = null; // the session is over: nothing may hold the page
    if (location.hash !== '#/sign-in') {
      returnTo = location.hash;
      location.hash = '#/sign-in';
    } else {
      route();
    }
  }
});

window.addEventListener('hashchange', route);
session.scheduleExpiry();
route();
