// The service worker: after one visit the app opens and works without a network, and the
// browser can install it. web/boot.js registers it once the app has started (never from an
// embed frame, and never from embed.js on a host page); its scope is the app's directory.
//
// What it stores: the app's own files, the ones `trunk build` put in dist/ (the list below),
// in this origin's Cache Storage, and nothing else: never a request to another origin (it does
// not even look at those, so the key set fetch goes to the network untouched), never a
// response it was not built to expect, never anything typed or pasted (that stays in the page).
//
//   hashed files, builder-worker.js, pkg/, icons   cache first (the network when missing)
//   the app's page (the directory, index.html)     network first; the stored copy offline
//
// The stored page is the one installed with the files it names; a new page from the network is
// shown but not stored, and its files arrive with the new version of this script (the version
// below changes whenever any listed file does), which stores them, then takes over and deletes
// the old version's cache.
//
// scripts/precache.mjs (a Trunk post_build hook) replaces the placeholder with the version and
// the list of files, relative to this script; the build fails if it cannot.
const PRECACHE = /* precache */ { version: 'unbuilt', files: [] } /* end precache */;

const SCOPE = self.registration.scope;
// Per app directory: two copies of poolcheck on one origin keep apart.
const PREFIX = `poolcheck ${SCOPE} `;
const CACHE = `${PREFIX}${PRECACHE.version}`;
// The page is stored under the directory's URL: some hosts redirect /index.html there.
const PAGE = SCOPE;
const PAGE_URLS = new Set([SCOPE, new URL('index.html', SCOPE).href]);
const FILES = new Set(PRECACHE.files.map((file) => new URL(file, SCOPE).href));
const HASHED = /-[0-9a-f]{16}(?:_bg|_late)?\.[a-z]+$/;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // A hashed file (name-<16 hex>.ext) never changes, so the copy the page just loaded into
    // the HTTP cache serves; a fixed name is revalidated, as it may hold an older file.
    await Promise.all([...FILES].map(async (url) => {
      const response = await fetch(url, { cache: HASHED.test(url) ? 'default' : 'no-cache' });
      if (!response.ok) throw new Error(`precache: ${url}: HTTP ${response.status}`);
      await cache.put(url, await unredirected(response));
    }));
    // The page: the directory's URL, or index.html on a host that serves no directory index.
    let page;
    for (const url of PAGE_URLS) {
      page = await fetch(url, { cache: 'no-cache' });
      if (page.ok) break;
    }
    if (!page.ok) throw new Error(`precache: ${SCOPE}: HTTP ${page.status}`);
    await cache.put(PAGE, await unredirected(page));
    // Every file of this version is stored: take over from an older version at once.
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  // Another origin (the key set fetch): not intercepted, not stored.
  if (url.origin !== self.location.origin) return;
  url.hash = '';
  if (request.mode === 'navigate') {
    url.search = '';
    if (PAGE_URLS.has(url.href)) event.respondWith(networkFirst(request));
    return;
  }
  if (FILES.has(url.href)) event.respondWith(cacheFirst(request, url.href));
  // Anything else on this origin goes to the network as if there were no worker.
});

async function networkFirst(request) {
  try {
    return await fetch(request);
  } catch (error) {
    const stored = await caches.open(CACHE).then((cache) => cache.match(PAGE, { ignoreVary: true }));
    if (stored) return stored;
    throw error;
  }
}

async function cacheFirst(request, key) {
  const stored = await caches.open(CACHE).then((cache) => cache.match(key, { ignoreVary: true }));
  return stored ?? fetch(request);
}

// A redirected response cannot answer a navigation: store a plain copy.
async function unredirected(response) {
  if (!response.redirected) return response;
  return new Response(await response.blob(), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}
