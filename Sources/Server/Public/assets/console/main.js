// The staff console: one shell, pages by address, each page shown to the roles that may use it.

import { h, mount } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import { session } from '../lib/api.js';
import { createRouter } from '../lib/router.js';
import { signInForm, header, showError } from '../lib/shell.js';
import { dashboard } from './dashboard.js';
import { orderBoard, orderDetail } from './orders.js';
import { dispatchPage } from './dispatch.js';
import { inventoryPage, forecastPage, purchaseOrderPage } from './inventory.js';
import { transferPage } from './transfers.js';
import { alertsPage, settingsPage } from './admin.js';
import { inboxPage, conversationPage } from './service.js';
import { returnsPage } from './returns.js';

const STAFF = ['admin', 'warehouse', 'dispatcher', 'driver', 'agent'];
const PLANNERS = ['admin', 'dispatcher'];
const STOCK = ['admin', 'warehouse'];
const AGENTS = ['admin', 'agent'];

const pages = {
  dashboard: { roles: STAFF, draw: dashboard },
  orders: { roles: STAFF, draw: orderBoard },
  order: { roles: STAFF, draw: orderDetail, nav: 'orders' },
  dispatch: { roles: PLANNERS, draw: dispatchPage },
  inventory: { roles: STOCK, draw: inventoryPage },
  forecast: { roles: STOCK, draw: forecastPage, nav: 'inventory' },
  purchaseOrder: { roles: STOCK, draw: purchaseOrderPage, nav: 'inventory' },
  transfer: { roles: STOCK, draw: transferPage, nav: 'inventory' },
  alerts: { roles: STAFF, draw: alertsPage },
  service: { roles: AGENTS, draw: inboxPage },
  conversation: { roles: AGENTS, draw: conversationPage, nav: 'service' },
  returns: { roles: ['admin', 'agent', 'warehouse'], draw: returnsPage },
  settings: { roles: ['admin'], draw: settingsPage },
};

const routes = [
  [/^\/?$/, 'dashboard'],
  [/^\/orders\/?$/, 'orders'],
  [/^\/orders\/([^/]+)$/, 'order'],
  [/^\/dispatch\/?$/, 'dispatch'],
  [/^\/dispatch\/plans\/([^/]+)$/, 'dispatch'],
  [/^\/inventory\/?$/, 'inventory'],
  [/^\/inventory\/forecasts\/([^/]+)\/([^/]+)$/, 'forecast'],
  [/^\/purchase-orders\/([^/]+)$/, 'purchaseOrder'],
  [/^\/transfers\/([^/]+)$/, 'transfer'],
  [/^\/alerts\/?$/, 'alerts'],
  [/^\/service\/?$/, 'service'],
  [/^\/service\/([^/]+)$/, 'conversation'],
  [/^\/returns\/?$/, 'returns'],
  [/^\/settings\/?$/, 'settings'],
];

const bar = document.getElementById('bar');
const main = document.getElementById('main');
let leave = null;

function render(found) {
  // A page may hold a live stream or a timer; it ends when another page is drawn.
  if (leave) { leave(); leave = null; }
  const user = session()?.user;
  const key = found?.page;
  const page = pages[key];
  const nav = Object.entries({ dashboard: '/console/', orders: '/console/orders', dispatch: '/console/dispatch', inventory: '/console/inventory',
    service: '/console/service', returns: '/console/returns', alerts: '/console/alerts', settings: '/console/settings' })
    .filter(([name]) => user && pages[name].roles.includes(user.role))
    .map(([name, href]) => [t(name), href, name]);
  header(bar, { title: t('appConsole'), nav, active: page?.nav || key, onChange: () => router.show() });
  document.title = t('appConsole');
  if (!user) {
    signInForm(main, { onSignedIn: () => router.show(), hint: 'admin@demo.chargemall.cn / demo-admin' });
    return;
  }
  if (!page) { mount(main, h('div', { class: 'card' }, h('p', {}, '404'))); return; }
  if (!page.roles.includes(user.role)) { mount(main, h('div', { class: 'card' }, h('p', {}, t('wrongRole')))); return; }
  mount(main, h('p', { class: 'empty' }, t('loading')));
  const context = { main, params: found.params, query: new URLSearchParams(location.search), go: (path) => router.go(path), user,
    onLeave: (fn) => { leave = fn; } };
  Promise.resolve(page.draw(context)).catch((error) => showError(main, error, () => router.show()));
}

const router = createRouter('/console', routes, render);
window.addEventListener('chargemall:signed-out', () => router.show());
router.show();
