import { h, mount, fmt, table, notice } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import { api } from '../lib/api.js';
import { followOrder } from '../lib/live.js';

const STATUSES = ['pendingPayment', 'paid', 'allocated', 'picking', 'packed', 'shipped', 'outForDelivery', 'delivered', 'cancelled', 'deliveryFailed', 'returned'];
// The status machine's steps (Logistics/Orders/OrderStatus.swift); the server checks them again.
const NEXT = {
  pendingPayment: ['paid', 'cancelled'], paid: ['allocated', 'cancelled'], allocated: ['picking', 'cancelled'], picking: ['packed', 'cancelled'],
  packed: ['shipped', 'cancelled'], shipped: ['outForDelivery'], outForDelivery: ['delivered', 'deliveryFailed'], deliveryFailed: ['outForDelivery', 'returned'],
};

export const statusBadge = (status) => h('span', { class: `badge status-${status}`, 'data-status': status }, t('status.' + status));

/** The order board: a status filter, and orders with an open alert or a late ETA first. */
export async function orderBoard({ main, query, go }) {
  const status = query.get('status') || '';
  const cursor = query.get('cursor');
  // A page of 30: an order comes with its timeline, so a longer page costs the phone too much.
  const [orders, alerts] = await Promise.all([
    api('/admin/orders?limit=30' + (status ? '&status=' + status : '') + (cursor ? '&cursor=' + encodeURIComponent(cursor) : '')),
    api('/admin/alerts?state=open&limit=100'),
  ]);
  const flagged = new Set(alerts.items.map((a) => a.orderId));
  const exception = (o) => flagged.has(o.id) || o.eta?.late;
  const rows = [...orders.items].sort((a, b) => exception(b) - exception(a));
  const filter = h('select', { id: 'status-filter', onchange: (e) => go('/console/orders' + (e.target.value ? '?status=' + e.target.value : '')) },
    h('option', { value: '' }, t('all')), STATUSES.map((s) => h('option', { value: s, selected: s === status }, t('status.' + s))));
  mount(main,
    h('h1', {}, t('orders')),
    h('div', { class: 'toolbar' }, h('label', {}, t('status'), ' ', filter), h('span', { class: 'hint' }, t('exceptionsFirst'))),
    table([
      [t('number'), (o) => h('a', { href: `/console/orders/${encodeURIComponent(o.id)}` }, o.number)],
      [t('status'), (o) => statusBadge(o.status)],
      [t('address'), (o) => o.address?.region || ''],
      [t('created'), (o) => fmt.dateTime(o.createdAt)],
      [t('eta'), (o) => o.eta ? fmt.dateTime(o.eta.expectedAt) : '—'],
      [t('late'), (o) => exception(o) ? h('span', { class: 'badge warn' }, t('lateBadge')) : ''],
      [t('total'), (o) => fmt.money(o.totalCents)],
    ], rows, { rowAttrs: (o) => ({ class: exception(o) ? 'exception' : null, 'data-order': o.id }) }),
    h('p', { class: 'pager' },
      cursor ? h('a', { href: '/console/orders' + (status ? '?status=' + status : '') }, '⇤') : null,
      orders.nextCursor ? h('a', { href: `/console/orders?${status ? 'status=' + status + '&' : ''}cursor=${encodeURIComponent(orders.nextCursor)}`, id: 'next-page' }, '→') : null));
}

export function timeline(events) {
  return h('ol', { class: 'timeline', id: 'timeline' }, [...events].reverse().map((event) =>
    h('li', { 'data-status': event.status }, h('time', { datetime: event.occurredAt }, fmt.dateTime(event.occurredAt)),
      h('span', { class: 'message' }, event.message), event.place ? h('span', { class: 'place' }, event.place) : null)));
}

/** One order for staff: status, ETA, lines, timeline (live), and the next steps of the status machine. */
export async function orderDetail({ main, params, onLeave }) {
  const [id] = params;
  let order = await api(`/orders/${encodeURIComponent(id)}`);
  let why = await api(`/orders/${encodeURIComponent(id)}/explanation`).catch(() => null);
  const message = h('div', { id: 'action-message' });
  const draw = () => {
    mount(main,
      h('p', {}, h('a', { href: '/console/orders' }, '← ' + t('orders'))),
      h('h1', {}, `${t('number')} ${order.number} `, statusBadge(order.status)),
      h('section', { class: 'grid2' },
        h('div', { class: 'card' },
          h('h2', {}, t('eta')),
          order.eta ? h('p', { class: 'eta' }, fmt.dateTime(order.eta.expectedAt), h('span', { class: 'hint' }, ` (${fmt.time(order.eta.earliest)}–${fmt.time(order.eta.latest)})`),
            order.eta.late ? h('span', { class: 'badge warn' }, t('lateBadge')) : null) : h('p', {}, '—'),
          why ? h('p', { class: why.delayReason ? 'explanation delayed' : 'explanation', id: 'explanation' }, why.text) : null,
          h('h2', {}, t('address')),
          h('p', {}, `${order.address.recipient} · ${order.address.region} ${order.address.detail}`),
          h('h2', {}, t('items')),
          table([[t('sku'), (l) => l.sku], [t('name'), (l) => l.name], [t('quantity'), (l) => l.quantity], [t('warehouse'), (l) => l.warehouseId]], order.lines),
          h('h2', {}, t('actions')),
          h('div', { class: 'actions', id: 'actions' }, (NEXT[order.status] || []).map((next) =>
            h('button', { type: 'button', 'data-to': next, onclick: () => move(next) }, `${t('moveTo')} ${t('status.' + next)}`))),
          message),
        h('div', { class: 'card' }, h('h2', {}, t('timeline')), timeline(order.timeline))));
  };
  async function move(to) {
    try {
      order = await api(`/admin/orders/${encodeURIComponent(id)}/transitions`, { method: 'POST', body: { to } });
      why = await api(`/orders/${encodeURIComponent(id)}/explanation`).catch(() => null);
      draw();
    } catch (error) {
      mount(message, notice(error.message, 'error'));
    }
  }
  draw();
  // Other people move the order too: the page follows the order's event stream.
  onLeave(followOrder(id, {
    isKnown: (event) => order.timeline.some((e) => e.id === event.id),
    update: async () => {
      order = await api(`/orders/${encodeURIComponent(id)}`);
      why = await api(`/orders/${encodeURIComponent(id)}/explanation`).catch(() => null);
      draw();
    },
  }));
}
