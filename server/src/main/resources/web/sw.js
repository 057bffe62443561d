/*
 * The page's service worker: keeps a copy of the page itself (its HTML, scripts, styles and catalogs) so a reload
 * while the server cannot be reached still opens the page, with its outbox (outbox.js) and what it showed, and the
 * page reconnects by itself when the server is back. Network first: a reachable server always gives the page as it
 * is now, and the copy is only what the last good answer was. Nothing else is kept: no messages, no files, no
 * answer of the API.
 *
 * Browsers run service workers only in a secure context (https, or localhost): on plain http over a LAN address
 * the page is not kept, and a reload while the server is down shows the browser's own error; what waits in the
 * outbox still goes out once the page is opened again.
 */
const CACHE = 'hubbub-page';
/** The page's own files: one path segment with one of these endings (the API has none), and the page at "/". */
const PAGE_FILE = /^\/(?:[A-Za-z0-9_-]+\/)?[A-Za-z0-9_.-]+\.(?:html|js|css|json|svg|png|ico|webmanifest)$/;

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', event => event.waitUntil(self.clients.claim()));

/** Whether a path is one of the page's own files (or the page). */
function pageFile(pathname) {
  return pathname === '/' || (PAGE_FILE.test(pathname) && !pathname.startsWith('/files/'));
}

// The page loaded before this worker ran: it says which of its files it loaded, and they are kept now.
self.addEventListener('message', event => {
  const urls = ((event.data && event.data.keep) || [])
      .map(url => new URL(url, self.location.origin))
      .filter(url => url.origin === self.location.origin && pageFile(url.pathname))
      .map(url => url.origin + url.pathname);
  // One by one: one file that cannot be had does not keep the others out (addAll is all or nothing).
  event.waitUntil(caches.open(CACHE)
      .then(cache => Promise.allSettled([...new Set(urls)].map(url => cache.add(url))))
      .catch(() => {}));
});

self.addEventListener('fetch', event => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  const navigation = request.mode === 'navigate' && (url.pathname === '/' || url.pathname === '/index.html');
  if (url.origin !== self.location.origin || (!navigation && !pageFile(url.pathname))) return;
  const key = navigation ? new Request(self.location.origin + '/') : request;
  event.respondWith(fetch(request).then(response => {
    if (response.ok && response.type === 'basic') {
      const copy = response.clone();
      event.waitUntil(caches.open(CACHE).then(cache => cache.put(key, copy)).catch(() => {}));
    }
    return response;
  // ignoreVary: the server varies on Origin (a module script sends one, the copy's request did not).
  }).catch(() => caches.match(key, { ignoreVary: true }).then(kept => kept || Response.error())));
});
