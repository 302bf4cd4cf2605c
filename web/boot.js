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

const { default: init } = await import(tag.dataset.js);
await init({ module_or_path: wasm });

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
