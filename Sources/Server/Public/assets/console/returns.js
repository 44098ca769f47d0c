// Returns and exchanges: agents decide defect claims, the warehouse receives what comes back.

import { h, mount, fmt, table, notice } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import { api } from '../lib/api.js';

const STATUSES = ['requested', 'approved', 'pickedUp', 'rejected', 'received', 'completed'];

/** The customer's photos of a return, fetched with the token and shown from blob URLs. */
function photoStrip(rma) {
  if (!rma.photos.length) return '—';
  const strip = h('span', { class: 'photos', 'data-photos': rma.photos.length });
  for (const photo of rma.photos) {
    api(`/returns/${encodeURIComponent(rma.id)}/photos/${encodeURIComponent(photo.id)}`)
      .then((blob) => strip.append(h('img', { src: URL.createObjectURL(blob), alt: t('photo'), class: 'thumb' }))).catch(() => {});
  }
  return strip;
}

/** The returns board, by status: agents start on the claims to decide, the warehouse on the goods to receive. */
export async function returnsPage({ main, query, go, user }) {
  // The warehouse starts on what is on its way back (collected by a van or sent by carrier).
  const status = query.get('status') || (user.role === 'warehouse' ? 'pickedUp' : 'requested');
  const page = await api(`/admin/returns?limit=50&status=${status}`);
  const message = h('div', { id: 'returns-message' });
  const act = (rma, path, body) => async () => {
    try {
      await api(`/admin/returns/${encodeURIComponent(rma.id)}/${path}`, { method: 'POST', body });
      go(`/console/returns?status=${status}`);
    } catch (error) { mount(message, notice(error.message, 'error')); }
  };
  const agent = ['admin', 'agent'].includes(user.role), receiver = ['admin', 'warehouse'].includes(user.role);
  const actions = (rma) => h('span', { class: 'actions' },
    rma.status === 'requested' && agent ? [
      h('button', { type: 'button', class: 'small primary', 'data-action': 'approve', onclick: act(rma, 'approve', {}) }, t('approve')),
      h('button', { type: 'button', class: 'small', 'data-action': 'reject', onclick: act(rma, 'reject', {}) }, t('reject'))] : null,
    ['approved', 'pickedUp'].includes(rma.status) && receiver ? [
      h('button', { type: 'button', class: 'small primary', 'data-action': 'restock', onclick: act(rma, 'receive', { outcome: 'restock' }) }, t('restock')),
      h('button', { type: 'button', class: 'small', 'data-action': 'scrap', onclick: act(rma, 'receive', { outcome: 'scrap' }) }, t('scrap'))] : null);
  mount(main,
    h('h1', {}, t('returns')),
    h('div', { class: 'toolbar' }, h('label', {}, t('status'), ' ', h('select', {
      id: 'returns-status', onchange: (e) => go(`/console/returns?status=${e.target.value}`),
    }, STATUSES.map((s) => h('option', { value: s, selected: s === status }, t('rma.' + s)))))),
    message,
    h('section', { class: 'card' }, table([
      [t('number'), (r) => h('a', { href: `/console/orders/${encodeURIComponent(r.orderId)}` }, r.orderId)],
      [t('kind'), (r) => t('rmaKind.' + r.kind)], [t('reason'), (r) => t('rmaReason.' + r.reason)],
      [t('items'), (r) => r.lines.map((l) => `${l.sku} ×${l.quantity}`).join('、')],
      [t('detailText'), (r) => r.detail || '—'], [t('photo'), photoStrip], [t('pickupMethod'), (r) => t('pickup.' + r.pickup)], [t('refund'), (r) => (r.refundCents ? fmt.money(r.refundCents) : '—')],
      [t('updated'), (r) => fmt.dateTime(r.updatedAt)], ['', actions],
    ], page.items, { rowAttrs: (r) => ({ 'data-return': r.id, 'data-status': r.status }) })));
}
