// Addresses that survive a reload: the server answers every path below the app's base with the same
// shell, and this router draws the page the path names. Links inside the app move without a reload.

export function createRouter(base, routes, render) {
  function match(path) {
    const rest = path.startsWith(base) ? path.slice(base.length) : '';
    for (const [pattern, page] of routes) {
      const found = rest.match(pattern);
      if (found) return { page, params: found.slice(1).map(decodeURIComponent) };
    }
    return null;
  }

  function show() { render(match(location.pathname), location); }

  function go(path, { replace = false } = {}) {
    if (replace) history.replaceState(null, '', path);
    else history.pushState(null, '', path);
    show();
  }

  document.addEventListener('click', (event) => {
    const link = event.target.closest('a[href]');
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    const url = new URL(link.href, location.href);
    if (url.origin !== location.origin || !url.pathname.startsWith(base) || link.target) return;
    event.preventDefault();
    go(url.pathname + url.search);
  });
  window.addEventListener('popstate', show);
  return { show, go };
}
