// The JSON API with the signed-in session. Tokens live in sessionStorage: this tab only, gone when it
// closes, never readable by another origin. A 401 is answered by one refresh, then the sign-in form.

import { currentLanguage } from './i18n.js';

const KEY = 'chargemall.session';

export class ApiError extends Error {
  constructor(status, code, message, details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details || {};
  }
}

export function session() {
  try { return JSON.parse(sessionStorage.getItem(KEY)); } catch { return null; }
}

function save(value) {
  if (value) sessionStorage.setItem(KEY, JSON.stringify({ user: value.user, accessToken: value.accessToken, refreshToken: value.refreshToken }));
  else sessionStorage.removeItem(KEY);
}

let refreshing = null;

/** Renews the access token with the refresh token; false when the session is over. */
export async function refresh() {
  const current = session();
  if (!current?.refreshToken) return false;
  // One refresh at a time: a refresh token works once, so parallel 401s must share it.
  refreshing ??= fetch('/api/v1/auth/refresh', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ refreshToken: current.refreshToken }),
  }).then(async (response) => {
    if (!response.ok) { save(null); return false; }
    save(await response.json());
    return true;
  }).finally(() => { refreshing = null; });
  return refreshing;
}

async function send(path, { method = 'GET', body, headers = {} } = {}) {
  const current = session();
  const all = { Accept: 'application/json', 'Accept-Language': currentLanguage() === 'en' ? 'en' : 'zh-CN', ...headers };
  if (current?.accessToken) all.Authorization = `Bearer ${current.accessToken}`;
  // A file (a photo) goes as it is, with its own type; anything else as JSON.
  const raw = body instanceof Blob;
  if (body !== undefined) all['Content-Type'] = raw ? (body.type || 'application/octet-stream') : 'application/json';
  return fetch('/api/v1' + path, { method, headers: all, body: body === undefined ? undefined : raw ? body : JSON.stringify(body) });
}

/** Calls the API; returns the parsed JSON (null for 204) or throws an ApiError with the server's message. */
export async function api(path, options = {}) {
  let response = await send(path, options);
  if (response.status === 401 && await refresh()) response = await send(path, options);
  if (response.status === 401) {
    save(null);
    window.dispatchEvent(new CustomEvent('chargemall:signed-out'));
  }
  if (!response.ok) {
    let error = { code: 'http_' + response.status, message: response.statusText };
    try { error = (await response.json()).error || error; } catch { /* not JSON */ }
    throw new ApiError(response.status, error.code, error.message, error.details);
  }
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  return type.includes('json') ? response.json() : response.blob();
}

/** Every page of a list, up to `max` items. */
export async function all(path, max = 1000) {
  const items = [];
  let cursor = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const page = await api(path + separator + 'limit=100' + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''));
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < max);
  return items;
}

export async function signIn(email, password) {
  const response = await fetch('/api/v1/auth/login', {
    method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify({ email, password }),
  });
  const json = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, json.error?.code, json.error?.message || response.statusText);
  save(json);
  return json;
}

/** Revokes the refresh token on the server, then forgets the session here. */
export async function signOut() {
  const current = session();
  save(null);
  if (current?.refreshToken) {
    await fetch('/api/v1/auth/logout', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ refreshToken: current.refreshToken }),
    }).catch(() => {});
  }
}

/** A URL for EventSource, which cannot send headers: the access token goes in the query. */
export function streamURL(path) {
  const current = session();
  return '/api/v1' + path + (current?.accessToken ? (path.includes('?') ? '&' : '?') + 'access_token=' + encodeURIComponent(current.accessToken) : '');
}
