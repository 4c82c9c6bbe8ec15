/* Sinergi's service worker (our own, no framework). Version {{ version }}.
 *
 * - The app shell (styles, scripts, icon) is kept at install and served from the cache.
 * - The field pages (`pages`) are fetched from the network when there is one and kept as
 *   last seen; without a connection the kept copy is served (query string ignored, so a
 *   draft's own address still opens its form).
 * - Any other page without a connection: the offline page, which says so.
 * - Nothing but GET requests to this site is touched: sending a form (POST) always goes
 *   to the network, so the outbox, not this worker, decides what was sent.
 * - A logged-in page of a user who may add businesses asks for the field pages to be
 *   kept ("warm"), so the forms open offline even if never visited.
 * - On logout the page empties the kept pages (field.js), so the next user on this
 *   phone never opens the previous user's forms.
 */
"use strict";
const LISTS = {{ lists|safe }};
const SHELL_CACHE = "sinergi-shell-{{ version }}";
const PAGE_CACHE = "sinergi-pages";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(SHELL_CACHE)
      .then((cache) => cache.addAll([...LISTS.shell, LISTS.offline]))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(
        names.filter((n) => n.startsWith("sinergi-shell-") && n !== SHELL_CACHE)
          .map((n) => caches.delete(n))))
      .then(() => self.clients.claim())
  );
});

function isFieldPage(url) {
  return LISTS.pages.includes(url.pathname)
    || LISTS.prefixes.some((prefix) => url.pathname.startsWith(prefix));
}

async function networkThenKeep(request) {
  const cache = await caches.open(PAGE_CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && !response.redirected) {
      await cache.put(new URL(request.url).pathname, response.clone());
    }
    return response;
  } catch (err) {
    const kept = await cache.match(new URL(request.url).pathname);
    if (kept) return kept;
    return (await caches.match(LISTS.offline)) || Response.error();
  }
}

async function shellFirst(request) {
  const kept = await caches.match(request);
  if (kept) return kept;
  return fetch(request);
}

async function networkOrOffline(request) {
  try {
    return await fetch(request);
  } catch (err) {
    return (await caches.match(LISTS.offline)) || Response.error();
  }
}

// A page asks for the field pages to be kept ("warm") once the user is logged in: only
// those not kept yet are fetched, so a slow network pays for each page once.
async function warm() {
  const cache = await caches.open(PAGE_CACHE);
  for (const path of LISTS.pages) {
    if (await cache.match(path)) continue;
    try {
      const response = await fetch(path, { credentials: "same-origin" });
      if (response.ok && !response.redirected) await cache.put(path, response);
    } catch (err) {
      return; // offline: try again on the next page
    }
  }
}

// One warming at a time: several pages asking at once fetch each page once.
let warming = null;

self.addEventListener("message", (event) => {
  if (event.data !== "warm") return;
  if (!warming) warming = warm().catch(() => {}).finally(() => { warming = null; });
  const answer = event.ports && event.ports[0];
  event.waitUntil(warming.then(() => { if (answer) answer.postMessage("warmed"); }));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (isFieldPage(url)) {
    event.respondWith(networkThenKeep(request));
  } else if (LISTS.shell.includes(url.pathname)) {
    event.respondWith(shellFirst(request));
  } else if (request.mode === "navigate") {
    event.respondWith(networkOrOffline(request));
  }
});
