// Starts the wasm app. Trunk.toml's pattern_script puts the hashed file names on the tag;
// a file rather than Trunk's inline loader keeps the CSP free of 'unsafe-inline'.
const tag = document.querySelector('script[data-js][data-wasm]');
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
await init({ module_or_path: tag.dataset.wasm });
