// <poolcheck-embed>: a live poolcheck view inside any page.
//
//   <script type="module" src="https://…/poolcheck/embed.js"></script>
//   <poolcheck-embed view="filter" token="eyJ…">claims.aud == 'kafka'</poolcheck-embed>
//
// The view runs in an iframe served from poolcheck's own origin (this script's), so the host
// page's styles and scripts cannot reach into it and it cannot reach the host page. The state
// travels in the frame's URL fragment, which browsers never send to a server. The frame tells
// the host only its height; the host accepts that message only from poolcheck's origin and
// only from its own frames, and the frame sends it only to the host origin named here.

const APP = new URL('./', import.meta.url);
const VIEWS = ['token', 'filter', 'pools', 'certificates'];
const THEMES = ['auto', 'light', 'dark'];
const frames = new Map();

// Compact JSON text to base64url without padding: the share link's `#scenario=` encoding.
function base64url(text) {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

window.addEventListener('message', (event) => {
  if (event.origin !== APP.origin) return;
  const frame = frames.get(event.source);
  const height = event.data?.poolcheckHeight;
  if (frame && Number.isFinite(height) && height >= 0) {
    frame.style.height = `${Math.ceil(height)}px`;
  }
});

class PoolcheckEmbed extends HTMLElement {
  // The frame's own origin isolates the view; the shadow root keeps page CSS off the frame.
  #shadow = this.attachShadow({ mode: 'open' });
  #frame = null;

  connectedCallback() {
    if (!this.#frame) this.#render();
  }

  disconnectedCallback() {
    if (this.#frame) frames.delete(this.#frame.contentWindow);
  }

  async #render() {
    const view = VIEWS.includes(this.getAttribute('view')) ? this.getAttribute('view') : 'token';
    const theme = THEMES.includes(this.getAttribute('theme')) ? this.getAttribute('theme') : 'auto';
    const text = this.textContent.trim();
    let scenario = this.getAttribute('scenario');
    const src = this.getAttribute('src');
    if (!scenario && src) {
      try {
        const response = await fetch(new URL(src, document.baseURI));
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        scenario = base64url(await response.text());
      } catch (error) {
        this.#shadow.textContent = `poolcheck: cannot load ${src}: ${error.message}`;
        return;
      }
    }
    if (!scenario && text && view !== 'filter') scenario = base64url(text);

    const params = [['embed', view], ['theme', theme], ['host', location.origin]];
    if (scenario) params.push(['scenario', scenario]);
    for (const name of ['token', 'now']) {
      if (this.hasAttribute(name)) params.push([name, this.getAttribute(name)]);
    }
    if (view === 'filter' && text) params.push(['filter', text]);
    if (this.hasAttribute('readonly')) params.push(['readonly', '1']);
    // encodeURIComponent, not URLSearchParams: a '+' in a token must stay a '+'.
    const fragment = params.map(([name, value]) => `${name}=${encodeURIComponent(value)}`);

    const frame = document.createElement('iframe');
    frame.title = `poolcheck ${view} view`;
    frame.style.cssText = 'display:block;width:100%;height:12rem;border:0;color-scheme:normal';
    frame.src = `${APP.href}#${fragment.join('&')}`;
    this.#shadow.replaceChildren(frame);
    this.#frame = frame;
    frames.set(frame.contentWindow, frame);
  }
}

if (!customElements.get('poolcheck-embed')) {
  customElements.define('poolcheck-embed', PoolcheckEmbed);
}
