// Starts the wasm app, then registers the service worker (offline use; see the end).
// Trunk.toml's pattern_script puts the hashed file names on the tag;
// a file rather than Trunk's inline loader keeps the CSP free of 'unsafe-inline'.
const tag = document.querySelector('script[data-js][data-wasm]');
// The wasm compiles (streaming, from the preloaded response) while the glue module below
// loads, rather than after it. A server that sends the wasm with another content type makes
// compileStreaming refuse it: the glue then gets the response and takes its own slower path.
const wasm = fetch(tag.dataset.wasm).then((response) =>
  WebAssembly.compileStreaming(response.clone()).catch(() => response),
);
// Only the embed's theme and host are read here; the app reads the rest of the fragment.
const params = new Map();
for (const param of location.hash.slice(1).split('&')) {
  const at = param.indexOf('=');
  if (at < 0) continue;
  try {
    params.set(param.slice(0, at), decodeURIComponent(param.slice(at + 1)));
  } catch {
    // A malformed escape: the app ignores that parameter too.
  }
}

// An embed (see embed.js) picks a theme and reports its height to the page that framed it,
// and to nobody else: postMessage's target origin is the host origin the embed named.
const theme = params.get('theme');
if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
if (params.has('embed') && window.parent !== window) {
  document.documentElement.classList.add('embedded');
  let host = null;
  try {
    host = new URL(params.get('host')).origin;
  } catch {
    // No valid host origin: the frame keeps its default height.
  }
  if (host && host !== 'null') {
    let last = -1;
    const report = () => {
      // The body's own height: the root's scrollHeight never drops below the frame's.
      const height = Math.ceil(document.body.getBoundingClientRect().height);
      if (height !== last) {
        last = height;
        window.parent.postMessage({ poolcheckHeight: height }, host);
      }
    };
    // Chromium does not deliver ResizeObserver callbacks to an off-screen cross-origin frame
    // (its rendering is throttled), so DOM changes report too: layout is computed on demand.
    new ResizeObserver(report).observe(document.body);
    new MutationObserver(report).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
    });
  }
}

// The app's wasm comes in two files (scripts/split-wasm.mjs): this one, and `_late.wasm`, the
// code only some users reach (certificates, the builder, the workshop, import and export, rarer
// curves). Until the late file is instantiated, a table slot for each of its functions holds a
// placeholder that loads it, synchronously if it has not arrived, and calls on. The glue
// module builds the wasm's imports itself, so the placeholders are added as it instantiates.
const lateUrl = tag.dataset.wasm.replace(/_bg\.wasm$/, '_late.wasm');
let appExports = null;
let lateModule = null;
let lateInstance = null;
let lateFailure = null;

function loadLate() {
  if (lateInstance) return;
  if (lateFailure) throw lateFailure;
  try {
    lateModule ??= new WebAssembly.Module(fetchBytesSync(lateUrl));
    lateInstance = new WebAssembly.Instance(lateModule, { primary: appExports });
  } catch (error) {
    // The call that needed it cannot go on, and the app's state is left mid-update: say so,
    // once.
    lateFailure = error;
    const alert = document.createElement('p');
    alert.className = 'load-failure';
    alert.setAttribute('role', 'alert');
    alert.textContent = `poolcheck could not load the rest of its code (${error.message}). Reload the page to go on.`;
    document.body.prepend(alert);
    throw error;
  }
}

const fetchLate = () =>
  WebAssembly.compileStreaming(fetch(lateUrl)).then((module) => {
    lateModule ??= module;
  });

// A synchronous request can only return text on a page: x-user-defined maps each byte to one
// character, its low 8 bits the byte.
function fetchBytesSync(url) {
  const request = new XMLHttpRequest();
  request.open('GET', url, false);
  request.overrideMimeType('text/plain; charset=x-user-defined');
  request.send();
  if (request.status !== 200) {
    throw new Error(`${url}: HTTP ${request.status}`);
  }
  const text = request.responseText;
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
  return bytes;
}

// Which function made the app load its late file: set localStorage.poolcheckLateTrace, reload,
// and look the slot up in the map `POOLCHECK_SPLIT_MAP=file trunk build --release` writes.
const traceLate = (() => {
  try {
    return Boolean(localStorage.poolcheckLateTrace);
  } catch {
    return false; // storage refused (a third-party frame)
  }
})();

const placeholders = new Proxy({}, {
  get: (_, slot) => (...args) => {
    // Once the late file is in, its functions fill every placeholder's slot.
    if (lateInstance) throw new Error(`poolcheck: the late file left slot ${slot} empty`);
    if (traceLate) console.log(`poolcheck: late slot ${slot}`, new Error().stack);
    loadLate();
    return appExports['%table'].get(Number(slot))(...args);
  },
});
const { instantiate, instantiateStreaming } = WebAssembly;
const restore = () => {
  WebAssembly.instantiate = instantiate;
  WebAssembly.instantiateStreaming = instantiateStreaming;
};
const withPlaceholders = (imports) => ({ ...imports, placeholder: placeholders });
const keepExports = (result) => {
  restore();
  appExports = (result.instance ?? result).exports;
  return result;
};
WebAssembly.instantiate = (source, imports, ...rest) =>
  instantiate(source, withPlaceholders(imports), ...rest).then(keepExports);
WebAssembly.instantiateStreaming = (source, imports, ...rest) =>
  instantiateStreaming(source, withPlaceholders(imports), ...rest).then(keepExports);
// An embed of the Certificates view runs late code as it starts: fetched alongside, not
// synchronously once it is needed.
if (params.has('embed') && params.get('view') === 'certificates') {
  await Promise.all([fetchLate().catch(() => {}), wasm]);
}
const { default: init } = await import(tag.dataset.js);
try {
  await init({ module_or_path: wasm });
} finally {
  restore();
}

// The full app fetches and compiles the late file once the page has loaded, so opening a
// view that needs it does not wait; an embed (a docs page) fetches it only if it is used.
if (!params.has('embed')) {
  // A failure here is reported by the first call that needs the file, which fetches it again.
  const prefetch = () => fetchLate().catch(() => {});
  if (document.readyState === 'complete') setTimeout(prefetch);
  else window.addEventListener('load', prefetch, { once: true });
}

// Offline use (sw.js): registered once the app has started, after the page's load event, so it
// never delays the first render; the worker then stores the app's own files. Not from an embed
// frame: a docs page should not make every reader download the whole app (the builder's
// package included). A frame the worker already controls uses its stored files.
if ('serviceWorker' in navigator && !params.has('embed')) {
  const register = () => {
    navigator.serviceWorker.register('./sw.js', { scope: './' }).catch((error) => {
      // The app works without it (a host that does not serve sw.js, a private window).
      console.warn(`poolcheck: offline use unavailable: ${error.message}`);
    });
  };
  if (document.readyState === 'complete') setTimeout(register);
  else window.addEventListener('load', register, { once: true });
}
