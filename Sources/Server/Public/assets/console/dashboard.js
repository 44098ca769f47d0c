import { h, mount, fmt } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import { api } from '../lib/api.js';

const tile = (label, value, href, kind = '') => h('a', { class: `tile ${kind}`, href }, h('span', { class: 'tile-value' }, value), h('span', { class: 'tile-label' }, label));
const sum = (counts) => Object.values(counts).reduce((a, b) => a + b, 0);

/** What needs attention today: orders, late and stuck ones, alerts, on-time share, and the stock figures. */
export async function dashboard({ main, user }) {
  const stockKeeper = ['admin', 'warehouse'].includes(user.role);
  const [overview, kpis] = await Promise.all([api('/admin/overview'), stockKeeper ? api('/admin/inventory/kpis') : null]);
  const c = overview.counts;
  const late = c.openAlerts.predictedLate || 0, stuck = c.openAlerts.stuck || 0;
  const tiles = [
    tile(t('ordersToday'), fmt.number(c.ordersToday), '/console/orders'),
    tile(t('lateOrders'), fmt.number(late), '/console/alerts', late ? 'warn' : ''),
    tile(t('stuckOrders'), fmt.number(stuck), '/console/alerts', stuck ? 'warn' : ''),
    tile(t('openAlerts'), fmt.number(sum(c.openAlerts)), '/console/alerts', sum(c.openAlerts) ? 'warn' : ''),
    tile(t('onTimeShare') + ' (7d)', fmt.percent(overview.onTimeShareLast7Days), '/console/orders'),
  ];
  if (stockKeeper) tiles.push(tile(t('stockAlerts'), fmt.number(sum(c.openStockAlerts)), '/console/inventory', sum(c.openStockAlerts) ? 'warn' : ''));
  if (kpis) {
    tiles.push(tile(t('fillRate'), fmt.percent(kpis.total.fillRate), '/console/inventory'),
      tile(t('turnover'), fmt.number(kpis.total.turnoverPerYear, 1) + ' ×/yr', '/console/inventory'),
      tile(t('inventoryValue'), fmt.compactMoney(kpis.total.inventoryValueCents), '/console/inventory'));
  }
  const statuses = Object.entries(c.openByStatus).sort((a, b) => b[1] - a[1]);
  const widest = Math.max(1, ...statuses.map(([, n]) => n));
  mount(main,
    h('h1', {}, t('dashboard'), h('span', { class: 'hint' }, overview.day)),
    h('section', { class: 'tiles', id: 'tiles' }, tiles),
    h('section', { class: 'grid2' },
      h('div', { class: 'card' }, h('h2', {}, t('orders') + ' · ' + t('status')),
        h('ul', { class: 'plain bars' }, statuses.map(([status, n]) => h('li', {},
          h('a', { href: `/console/orders?status=${status}` }, t('status.' + status)),
          h('meter', { min: 0, max: widest, value: n }), h('span', {}, fmt.number(n)))))),
      h('div', { class: 'card' }, h('h2', {}, t('openAlerts')),
        Object.keys(c.openAlerts).length
          ? h('ul', { class: 'plain' }, Object.entries(c.openAlerts).map(([kind, n]) => h('li', {}, h('a', { href: '/console/alerts' }, `${kind}: ${n}`))))
          : h('p', { class: 'empty' }, '—'))));
}
