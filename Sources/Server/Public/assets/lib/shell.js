// What both apps share: the sign-in form, the header with language switch and sign-out, error display.

import { h, mount, notice } from './dom.js';
import { t, toggleLanguage } from './i18n.js';
import { session, signIn, signOut, ApiError } from './api.js';

/**
 * The sign-in form, in place of the page: the address does not change, so after signing in the same page
 * is drawn again ("returns to that page").
 */
export function signInForm(main, { onSignedIn, hint }) {
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'username', required: true, id: 'signin-email' });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true, id: 'signin-password' });
  const message = h('div', { class: 'form-message' });
  const button = h('button', { type: 'submit', class: 'primary' }, t('signIn'));
  const form = h('form', {
    class: 'card signin', onsubmit: async (event) => {
      event.preventDefault();
      button.disabled = true;
      try {
        await signIn(email.value.trim(), password.value);
        onSignedIn();
      } catch (error) {
        mount(message, notice(`${t('signInFailed')}: ${error.message}`, 'error'));
        button.disabled = false;
      }
    },
  },
  h('h2', {}, t('signInTitle')),
  h('label', { for: 'signin-email' }, t('email')), email,
  h('label', { for: 'signin-password' }, t('password')), password,
  button, message, hint ? h('p', { class: 'hint' }, hint) : null);
  mount(main, form);
  email.focus();
}

/** The top bar: title, navigation, language switch, the user and sign-out. */
export function header(bar, { title, nav = [], active, onChange }) {
  const user = session()?.user;
  mount(bar,
    h('a', { class: 'brand', href: nav[0]?.[1] ?? '#' }, title),
    h('nav', {}, nav.map(([label, href, key]) => h('a', { href, class: key === active ? 'active' : null }, label))),
    h('div', { class: 'who' },
      h('button', { type: 'button', class: 'link', id: 'lang', onclick: () => { toggleLanguage(); onChange(); } }, t('language')),
      user ? h('span', { class: 'user' }, user.name || user.email) : null,
      user ? h('button', { type: 'button', class: 'link', id: 'signout', onclick: async () => { await signOut(); onChange(); } }, t('signOut')) : null));
}

/** Shows an error where the page would be; a 401 has already sent the user to the sign-in form. */
export function showError(main, error, retry) {
  console.warn(error);
  const text = error instanceof ApiError ? `${error.message} (${error.status})` : String(error.message || error);
  mount(main, h('div', { class: 'card' }, notice(`${t('error')}: ${text}`, 'error'),
    retry ? h('button', { type: 'button', onclick: retry }, t('retry')) : null));
}
