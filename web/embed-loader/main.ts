// The one-<script> way to put the public map on another site:
//   <div id="bianmin-map" style="height:480px"></div>
//   <script src="https://host/assets/embed-loader.js" data-city="371300" data-target="bianmin-map" async></script>
// It finds its own tag, takes the service's origin from the tag's src (the host page's origin says
// nothing about where the map lives), and puts a responsive iframe of /embed into the target. The map
// itself stays in the iframe: the host page's scripts and styles can neither break it nor read it.
// Plain DOM, no dependencies: this file is the whole of what the host page runs.

const PASSED = ['city', 'layers', 'lang', 'kinds'] as const;

/** Our own <script> element: currentScript while it runs (also with async); otherwise the first
 * loader tag not yet handled (a page that copies the snippet twice gets two maps). */
function ownScript(): HTMLScriptElement | null {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement) return current;
  const tags = document.querySelectorAll<HTMLScriptElement>('script[src*="embed-loader"]:not([data-bianmin-done])');
  return tags[0] ?? null;
}

/** The iframe's address: the service's /embed with the snippet's data-* settings. */
function embedUrl(script: HTMLScriptElement): string {
  const origin = new URL(script.src, document.baseURI).origin;
  const url = new URL('/embed', origin);
  for (const name of PASSED) {
    const value = script.dataset[name];
    if (value) url.searchParams.set(name, value);
  }
  return url.href;
}

/** The element to fill: data-target's id, or a new block right after the script tag. */
function targetOf(script: HTMLScriptElement): HTMLElement {
  const id = script.dataset.target;
  const found = id ? document.getElementById(id) : null;
  if (found) return found;
  const box = document.createElement('div');
  script.insertAdjacentElement('afterend', box);
  return box;
}

function mount(script: HTMLScriptElement): void {
  const box = targetOf(script);
  // A target the host page gave no height would collapse to nothing: give it the snippet's (or 480 px).
  if (box.getBoundingClientRect().height < 40) box.style.height = script.dataset.height ?? '480px';
  if (getComputedStyle(box).position === 'static') box.style.position = 'relative';
  const frame = document.createElement('iframe');
  frame.src = embedUrl(script);
  frame.title = script.dataset.lang === 'en' ? 'Convenience service map' : '便民服务地图';
  // Geolocation must be delegated to a cross-origin frame, or "sort by distance from me" is refused.
  frame.allow = 'geolocation';
  frame.referrerPolicy = 'no-referrer';
  frame.loading = 'lazy';
  frame.style.cssText = 'position:absolute;inset:0;width:100%;height:100%;border:0;display:block';
  box.replaceChildren(frame);
  box.dataset.bianminMap = 'mounted';
}

const script = ownScript();
if (script) {
  script.dataset.bianminDone = 'true';
  // The target may come after the script in the page (a snippet pasted in <head>): wait for it.
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => mount(script), { once: true });
  else mount(script);
}
