import { h, mount, fmt, table, notice } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import { api, session } from '../lib/api.js';

/** The order alert board: open and acknowledged alerts, with acknowledge and resolve. */
export async function alertsPage({ main, go }) {
  const [open, acknowledged] = await Promise.all([api('/admin/alerts?state=open&limit=100'), api('/admin/alerts?state=acknowledged&limit=100')]);
  const message = h('div');
  const act = (alert, what) => async () => {
    try {
      await api(`/admin/alerts/${encodeURIComponent(alert.id)}/${what}`, { method: 'POST' });
      go('/console/alerts');
    } catch (error) { mount(message, notice(error.message, 'error')); }
  };
  mount(main, h('h1', {}, t('alerts')), message,
    h('section', { class: 'card' }, table([
      [t('kind'), (a) => a.kind], [t('status'), (a) => a.state],
      [t('number'), (a) => h('a', { href: `/console/orders/${encodeURIComponent(a.orderId)}` }, a.orderId)],
      [t('reason'), (a) => a.reason], [t('detail'), (a) => a.detail], [t('created'), (a) => fmt.dateTime(a.raisedAt)],
      [t('actions'), (a) => h('span', { class: 'actions' },
        a.state === 'open' ? h('button', { type: 'button', class: 'small', onclick: act(a, 'acknowledge') }, t('acknowledge')) : null,
        h('button', { type: 'button', class: 'small', onclick: act(a, 'resolve') }, t('resolve')))],
    ], [...open.items, ...acknowledged.items])));
}

/** Webhook subscriptions: add one (its secret shown this once), list, remove. */
export async function settingsPage({ main }) {
  const message = h('div', { id: 'webhook-message' });
  const name = h('input', { type: 'text', id: 'webhook-name', required: true, maxlength: 100 });
  const url = h('input', { type: 'url', id: 'webhook-url', required: true, placeholder: 'https://erp.example.com/hooks/chargemall' });
  const topics = ['order.tracking', 'stock.alert'].map((topic) => h('label', { class: 'inline' }, h('input', { type: 'checkbox', value: topic, checked: true }), ' ', topic));
  const form = h('form', {
    class: 'card form', onsubmit: async (event) => {
      event.preventDefault();
      try {
        const chosen = topics.map((l) => l.querySelector('input')).filter((i) => i.checked).map((i) => i.value);
        const created = await api('/admin/webhooks', { method: 'POST', body: { name: name.value.trim(), url: url.value.trim(), topics: chosen } });
        await draw();
        mount(message, h('div', { class: 'notice ok', role: 'status' }, t('secretOnce'), ' ', h('code', { id: 'webhook-secret' }, created.secret)));
      } catch (error) { mount(message, notice(error.message, 'error')); }
    },
  }, h('h2', {}, t('add')), h('label', { for: 'webhook-name' }, t('name')), name, h('label', { for: 'webhook-url' }, t('url')), url,
  h('div', {}, t('topics'), ': ', topics), h('button', { type: 'submit', class: 'primary' }, t('add')));
  const list = h('section', { class: 'card' });
  async function draw() {
    const current = (await api('/admin/webhooks')).items;
    mount(list, h('h2', {}, t('webhooks')), table([
      [t('name'), (w) => w.name], [t('url'), (w) => w.url], [t('topics'), (w) => w.topics.join(', ')], [t('status'), (w) => (w.active ? 'active' : 'off')],
      ['', (w) => w.active ? h('button', { type: 'button', class: 'small', onclick: async () => { await api(`/admin/webhooks/${encodeURIComponent(w.id)}`, { method: 'DELETE' }); draw(); } }, t('remove')) : ''],
    ], current));
  }
  const people = h('section', { class: 'card', id: 'users' });
  mount(main, h('h1', {}, t('settings')), message, form, list, people, staffForm(() => drawUsers(people)));
  await draw();
  await drawUsers(people);
}

const STAFF_ROLES = ['admin', 'warehouse', 'dispatcher', 'driver', 'agent'];

/** Staff and their roles (customers listed for reference); an admin gives another role from the list. */
async function drawUsers(section) {
  const me = session()?.user?.id;
  const message = h('div', { id: 'users-message' });
  const staff = (await Promise.all(STAFF_ROLES.map((role) => api(`/admin/users?role=${role}&limit=100`)))).flatMap((page) => page.items);
  mount(section, h('h2', {}, t('users')), message, table([
    [t('name'), (u) => u.name], ['E-mail', (u) => u.email],
    [t('role'), (u) => (u.id === me ? t('role.' + u.role) : h('select', {
      'data-user': u.id, onchange: async (event) => {
        try {
          await api(`/admin/users/${encodeURIComponent(u.id)}/role`, { method: 'PUT', body: { role: event.target.value } });
          mount(message, notice(t('roleChanged'), 'ok'));
        } catch (error) { mount(message, notice(error.message, 'error')); }
      },
    }, STAFF_ROLES.map((r) => h('option', { value: r, selected: r === u.role }, t('role.' + r)))))],
  ], staff, { rowAttrs: (u) => ({ 'data-user-row': u.id }) }));
}

function staffForm(done) {
  const message = h('div', { id: 'staff-message' });
  const fields = { email: h('input', { type: 'email', id: 'staff-email', required: true, maxlength: 254 }),
    name: h('input', { type: 'text', id: 'staff-name', required: true, maxlength: 60 }),
    phone: h('input', { type: 'tel', id: 'staff-phone', required: true, maxlength: 24 }),
    password: h('input', { type: 'password', id: 'staff-password', required: true, minlength: 8, maxlength: 128, autocomplete: 'new-password' }) };
  const role = h('select', { id: 'staff-role' }, STAFF_ROLES.map((r) => h('option', { value: r, selected: r === 'agent' }, t('role.' + r))));
  return h('form', {
    class: 'card form', id: 'staff-form', onsubmit: async (event) => {
      event.preventDefault();
      try {
        await api('/admin/users', { method: 'POST', body: { email: fields.email.value.trim(), name: fields.name.value.trim(), phone: fields.phone.value.trim(),
          password: fields.password.value, role: role.value } });
        Object.values(fields).forEach((input) => { input.value = ''; });
        mount(message, notice(t('staffAdded'), 'ok'));
        await done();
      } catch (error) { mount(message, notice(error.message, 'error')); }
    },
  }, h('h2', {}, t('addStaff')), ['email', 'name', 'phone', 'password'].map((key) => [h('label', { for: `staff-${key}` }, t('field.' + key)), fields[key]]),
  h('label', { for: 'staff-role' }, t('role')), role, h('button', { type: 'submit', class: 'primary' }, t('add')), message);
}
