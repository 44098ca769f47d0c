// The customers' H5 pages: my orders, and an order's tracking page that follows the order live.

import { h, s, mount, fmt, notice } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import { api, session } from '../lib/api.js';
import { followOrder } from '../lib/live.js';
import { createRouter } from '../lib/router.js';
import { signInForm, header, showError } from '../lib/shell.js';
import { chatPage, askAbout } from './chat.js';

const bar = document.getElementById('bar');
const main = document.getElementById('main');
let leave = null;

const badge = (status) => h('span', { class: `badge status-${status}`, id: 'order-status', 'data-status': status }, t('status.' + status));

async function myOrders() {
  const page = await api('/orders?limit=20');
  mount(main, h('h1', {}, t('orders')),
    page.items.length ? h('ul', { class: 'order-list' }, page.items.map((o) => h('li', {},
      h('a', { href: `/m/orders/${encodeURIComponent(o.id)}`, class: 'order-card' },
        h('span', { class: 'order-number' }, o.number), h('span', {}, badge(o.status)),
        h('span', { class: 'order-items' }, o.lines.map((l) => `${l.name} ×${l.quantity}`).join('、')),
        h('span', { class: 'hint' }, o.eta ? `${t('eta')} ${fmt.dateTime(o.eta.expectedAt)}` : fmt.dateTime(o.createdAt))))))
      : h('p', { class: 'empty' }, t('noOrders')));
}

/** The last mile as the customer sees it: the van, the stops before theirs, their door. */
function lastMile(stopsBefore) {
  const n = Math.min(stopsBefore, 8);
  const width = 320, step = (width - 60) / (n + 1);
  const svg = s('svg', { viewBox: `0 0 ${width} 48`, class: 'last-mile', role: 'img', 'aria-label': t('stopsBefore', { n: stopsBefore }) });
  svg.append(s('line', { x1: 20, x2: width - 20, y1: 24, y2: 24, class: 'road' }));
  svg.append(s('rect', { x: 8, y: 14, width: 24, height: 20, rx: 4, class: 'van' }));
  for (let i = 1; i <= n; i++) svg.append(s('circle', { cx: 20 + i * step, cy: 24, r: 5, class: 'stop' }));
  svg.append(s('path', { d: `M${width - 30} 24 l10 -10 l10 10 v12 h-20 z`, class: 'home' }));
  return svg;
}

async function proof(orderId) {
  try {
    const pod = await api(`/orders/${encodeURIComponent(orderId)}/proof`);
    const done = pod.attempts.filter((a) => a.status === 'delivered');
    if (!done.length) return null;
    const last = done[done.length - 1];
    const photos = h('div', { class: 'photos' });
    for (const photo of last.photos) {
      // The photo needs the bearer token: fetched, then shown from a blob URL.
      api(photo.url.replace(/^\/api\/v1/, '')).then((blob) => photos.append(h('img', { src: URL.createObjectURL(blob), alt: t('proof') }))).catch(() => {});
    }
    return h('section', { class: 'card', id: 'proof' }, h('h2', {}, t('proof')),
      h('p', {}, `${t('recipient')}: ${last.recipientName || '—'} · ${t('deliveredAt')} ${fmt.dateTime(last.completedAt)}`), photos);
  } catch { return null; }
}

const FINISHED = ['delivered', 'cancelled', 'returned'];
const BOOKABLE = ['pendingPayment', 'paid', 'allocated', 'picking', 'packed', 'shipped'];

/** The installer crews' free slots; picking one books it (or moves the booking). */
async function slotPicker(order, booked) {
  const box = document.getElementById('address-box');
  const message = h('div', { id: 'slot-message' });
  try {
    const slots = (await api(`/orders/${encodeURIComponent(order.id)}/installation-slots`)).items.filter((s) => s.available > 0);
    if (!slots.length) { mount(box, notice(t('noSlots'), 'info')); return; }
    const select = h('select', { id: 'slot' }, slots.map((s) => h('option', { value: s.start }, `${fmt.dateTime(s.start)}–${fmt.time(s.end)}`)));
    mount(box, select, ' ', h('button', { type: 'button', class: 'primary', id: 'slot-confirm', onclick: async () => {
      try {
        await booked(await api(`/orders/${encodeURIComponent(order.id)}/installation`, { method: 'PUT', body: { start: select.value } }));
      } catch (error) { mount(message, notice(error.message, 'error')); }
    } }, t('confirm')), message);
  } catch (error) { mount(box, notice(error.message, 'error')); }
}

/** A return or exchange of some of a delivered order: the rules answer at once (approved, to an agent, or why not). */
function returnForm(order, redraw) {
  const box = document.getElementById('address-box');
  const kind = h('select', { id: 'return-kind' }, ['return', 'exchange'].map((k) => h('option', { value: k }, t('rmaKind.' + k))));
  const reason = h('select', { id: 'return-reason' }, ['noReason', 'defective', 'damaged', 'wrongItem'].map((r) => h('option', { value: r }, t('rmaReason.' + r))));
  const quantities = order.lines.map((line, index) => h('input', { type: 'number', min: 0, max: line.quantity, value: index === 0 ? 1 : 0, 'data-sku': line.sku, class: 'quantity' }));
  const unused = h('input', { type: 'checkbox', id: 'return-unused', checked: true });
  const detail = h('textarea', { id: 'return-detail', rows: 2, maxlength: 2000 });
  const photos = h('input', { type: 'file', id: 'return-photos', accept: 'image/jpeg,image/png', multiple: true });
  const message = h('div', { id: 'return-message' });
  mount(box, h('div', { class: 'form' }, kind, reason,
    order.lines.map((line, index) => h('label', { class: 'inline' }, `${line.name} `, quantities[index])),
    h('label', { class: 'inline' }, unused, ' ', t('unusedDeclare')), detail, h('label', { for: 'return-photos' }, t('photo')), photos,
    h('button', { type: 'button', class: 'primary', id: 'return-submit', onclick: async () => {
      const lines = quantities.map((input) => ({ sku: input.dataset.sku, quantity: Number(input.value) })).filter((l) => l.quantity > 0);
      try {
        const rma = await api(`/orders/${encodeURIComponent(order.id)}/returns`, { method: 'POST',
          body: { kind: kind.value, reason: reason.value, lines, unused: unused.checked, detail: detail.value.trim() || undefined } });
        // The photos go with the request once it exists (the server checks each one's content and size).
        for (const file of [...photos.files].slice(0, 6)) {
          await api(`/returns/${encodeURIComponent(rma.id)}/photos`, { method: 'POST', body: file });
        }
        await redraw();
      } catch (error) {
        const chat = error.details?.conversationId;
        mount(message, notice(error.message, chat ? 'info' : 'error'),
          chat ? h('a', { href: `/m/conversations/${encodeURIComponent(chat)}` }, t('openChat')) : null);
      }
    } }, t('submit')), message));
}

/** Deliver elsewhere: the server decides by stage (at once, the route re-arranged, or an agent takes it on) and says so. */
function addressBox(order, changed) {
  return h('button', { type: 'button', id: 'change-address', onclick: async () => {
    const box = document.getElementById('address-box');
    const addresses = (await api('/me/addresses')).items.filter((a) => a.latitude !== order.address.latitude || a.longitude !== order.address.longitude
      || a.detail !== order.address.detail);
    const message = h('div', { id: 'address-message' });
    if (!addresses.length) { mount(box, notice(t('noOtherAddress'), 'info')); return; }
    const select = h('select', { id: 'new-address' }, addresses.map((a) => h('option', { value: a.id }, `${a.region} ${a.detail}（${a.recipient}）`)));
    mount(box, h('p', { class: 'hint' }, t('addressHint')), select, ' ', h('button', { type: 'button', class: 'primary', id: 'address-confirm', onclick: async () => {
      try {
        await changed(await api(`/orders/${encodeURIComponent(order.id)}/address-change`, { method: 'POST', body: { addressId: select.value } }));
        mount(document.getElementById('address-box'), notice(t('addressChanged'), 'info'));
      } catch (error) {
        // Refused by the rules: the reason, and the conversation in which an agent takes it on.
        const chat = error.details?.conversationId;
        mount(message, notice(error.message, chat ? 'info' : 'error'),
          chat ? h('a', { href: `/m/conversations/${encodeURIComponent(chat)}`, id: 'address-chat' }, t('openChat')) : null);
      }
    } }, t('confirm')), message);
  } }, t('changeAddress'));
}

/** Before it ships, an order is cancelled by the customer alone: the stock is released, a payment refunded. */
const CANCELLABLE = ['pendingPayment', 'paid', 'allocated', 'picking', 'packed'];

function cancelBox(order, done) {
  const box = h('span', { id: 'cancel-box' });
  const reason = h('input', { type: 'text', id: 'cancel-reason', maxlength: 300, placeholder: t('cancelReason') });
  const message = h('div');
  const confirm = h('button', { type: 'button', class: 'danger', id: 'cancel-confirm', onclick: async () => {
    try {
      done(await api(`/orders/${encodeURIComponent(order.id)}/cancel`, { method: 'POST', body: reason.value.trim() ? { reason: reason.value.trim() } : {} }));
    } catch (error) { mount(message, notice(error.message, 'error')); }
  } }, t('cancelConfirm'));
  mount(box, h('button', { type: 'button', id: 'cancel-order', onclick: () => mount(box, h('p', { class: 'hint' }, t('cancelHint')), reason, confirm, message) },
    t('cancelOrder')));
  return box;
}

/** An approved return: our van comes for it (own fleet) or it goes back by carrier; either way the customer may
 * send it and enter the waybill. */
function waybillForm(rma, done) {
  const message = h('div');
  const carrier = h('input', { type: 'text', name: 'carrier', placeholder: t('carrierCode'), maxlength: 20, pattern: '[A-Za-z0-9\\-]{2,20}', required: true, size: 8 });
  const number = h('input', { type: 'text', name: 'waybill', placeholder: t('waybillNumber'), maxlength: 40, pattern: '[A-Za-z0-9\\-]{6,40}', required: true });
  return h('form', {
    class: 'waybill', 'data-waybill': rma.id, onsubmit: async (event) => {
      event.preventDefault();
      try {
        await api(`/returns/${encodeURIComponent(rma.id)}/waybill`, { method: 'POST', body: { carrierCode: carrier.value.trim(), waybillNumber: number.value.trim() } });
        await done();
      } catch (error) { mount(message, notice(error.message, 'error')); }
    },
  }, h('p', { class: 'hint' }, t(rma.pickup === 'ownFleet' ? 'pickupOwnFleetHint' : 'pickupCarrierHint')), carrier, ' ', number, ' ',
  h('button', { type: 'submit' }, t('sendWaybill')), message);
}

async function orderPage(id) {
  let order = await api(`/orders/${encodeURIComponent(id)}`);
  const live = h('span', { class: 'live off', id: 'live', 'data-state': 'connecting' }, '…');
  const draw = async () => {
    const eta = order.eta;
    // "Where is my order" in one sentence, with the reason for any delay; the page works without it.
    const why = await api(`/orders/${encodeURIComponent(id)}/explanation`).catch(() => null);
    const refunds = ['cancelled', 'returned', 'delivered'].includes(order.status) ? (await api(`/orders/${encodeURIComponent(id)}/refunds`).catch(() => ({ items: [] }))).items : [];
    const returns = order.status === 'delivered' ? (await api(`/orders/${encodeURIComponent(id)}/returns`).catch(() => ({ items: [] }))).items : [];
    mount(main,
      h('p', {}, h('a', { href: '/m/' }, '← ' + t('orders'))),
      h('section', { class: 'card hero' },
        h('div', { class: 'hero-top' }, badge(order.status), live),
        eta ? h('p', { class: 'eta', id: 'eta' }, `${t('eta')} ${fmt.dateTime(eta.expectedAt)}`) : null,
        eta ? h('p', { class: 'hint' }, `${t('window')} ${fmt.time(eta.earliest)}–${fmt.time(eta.latest)}`, eta.late ? h('span', { class: 'badge warn' }, t('lateBadge')) : null) : null,
        order.status === 'outForDelivery' && eta?.stopsBefore !== undefined ? h('div', { id: 'last-mile' }, lastMile(eta.stopsBefore), h('p', {}, t('stopsBefore', { n: eta.stopsBefore }))) : null,
        why ? h('p', { class: why.delayReason ? 'explanation delayed' : 'explanation', id: 'explanation', 'data-reason': why.delayReason || '' }, why.text) : null,
        h('p', { class: 'hint' }, `${t('number')} ${order.number} · ${fmt.money(order.totalCents)}`),
        h('div', { class: 'actions' },
          h('button', { type: 'button', id: 'ask-service', onclick: () => askAbout(order.id, (path) => router.go(path)).catch((e) => showError(main, e)) }, t('contactService')),
          CANCELLABLE.includes(order.status) ? cancelBox(order, async (next) => { order = next; await draw(); }) : null,
          FINISHED.includes(order.status) ? null : addressBox(order, async (next) => { order = next; await draw(); }),
          order.status === 'delivered' ? h('button', { type: 'button', id: 'ask-return', onclick: () => returnForm(order, draw) }, t('askReturn')) : null,
          BOOKABLE.includes(order.status) && order.lines.some((l) => l.sku.startsWith('IN-'))
            ? h('button', { type: 'button', id: 'book-installation', onclick: () => slotPicker(order, async (next) => { order = next; await draw(); }) }, t('bookInstallation')) : null),
        order.deliveryWindow ? h('p', { class: 'hint', id: 'window' }, `${t('window')} ${fmt.dateTime(order.deliveryWindow.start)}–${fmt.time(order.deliveryWindow.end)}`) : null,
        h('div', { id: 'address-box' })),
      returns.length ? h('section', { class: 'card', id: 'returns' }, h('h2', {}, t('askReturn')), h('ul', { class: 'plain' },
        returns.map((r) => h('li', { 'data-status': r.status, 'data-return': r.id },
          `${t('rmaKind.' + r.kind)} · ${r.lines.map((l) => `${l.sku} ×${l.quantity}`).join('、')} · ${t('rma.' + r.status)}`,
          r.returnWaybill ? ` · ${r.returnWaybill.carrierCode} ${r.returnWaybill.waybillNumber}` : null,
          r.photos.length ? ` · ${t('photo')} ${r.photos.length}` : null,
          r.status === 'approved' ? waybillForm(r, async () => { order = await api(`/orders/${encodeURIComponent(id)}`); await draw(); }) : null)))) : null,
      refunds.length ? h('section', { class: 'card', id: 'refunds' }, h('h2', {}, t('refund')), h('ul', { class: 'plain' },
        refunds.map((r) => h('li', { 'data-status': r.status }, `${fmt.money(r.amountCents)} · ${t('refund.' + r.status)}`)))) : null,
      h('section', { class: 'card' }, h('h2', {}, t('timeline')),
        h('ol', { class: 'timeline', id: 'timeline' }, [...order.timeline].reverse().map((e) => h('li', { 'data-status': e.status },
          h('time', { datetime: e.occurredAt }, fmt.dateTime(e.occurredAt)), h('span', { class: 'message' }, e.message), e.place ? h('span', { class: 'place' }, e.place) : null)))),
      h('section', { class: 'card' }, h('h2', {}, t('items')), h('ul', { class: 'plain' }, order.lines.map((l) => h('li', {}, `${l.name} ×${l.quantity}`))),
        h('p', { class: 'hint' }, `${order.address.recipient} · ${order.address.region} ${order.address.detail}`)));
    if (order.status === 'delivered') {
      const pod = await proof(order.id);
      if (pod) main.append(pod);
    }
  };
  await draw();
  leave = followOrder(id, {
    isKnown: (event) => order.timeline.some((e) => e.id === event.id),
    update: async () => {
      order = await api(`/orders/${encodeURIComponent(id)}`);
      await draw();
    },
    onState: (state) => {
      live.textContent = t(state === 'live' ? 'live' : 'offline');
      live.classList.toggle('off', state !== 'live');
      live.dataset.state = state;
    },
  });
}

function render(found) {
  if (leave) { leave(); leave = null; }
  const user = session()?.user;
  header(bar, { title: t('appH5'), nav: [[t('orders'), '/m/', 'orders']], active: 'orders', onChange: () => router.show() });
  document.title = t('appH5');
  if (!user) {
    signInForm(main, { onSignedIn: () => router.show(), hint: 'customer001@demo.chargemall.cn / demo-customer' });
    return;
  }
  if (!found) { mount(main, h('div', { class: 'card' }, notice(t('orderNotFound'), 'error'))); return; }
  mount(main, h('p', { class: 'empty' }, t('loading')));
  const draw = found.page === 'order' ? orderPage(found.params[0]) : found.page === 'chat' ? chatPage(main, found.params[0]).then((stop) => { leave = stop; }) : myOrders();
  draw.catch((error) => error.status === 404 ? mount(main, h('div', { class: 'card' }, notice(t('orderNotFound'), 'error'))) : showError(main, error, () => router.show()));
}

const router = createRouter('/m', [[/^\/?$/, 'orders'], [/^\/orders\/([^/]+)$/, 'order'], [/^\/conversations\/([^/]+)$/, 'chat']], render);
window.addEventListener('chargemall:signed-out', () => router.show());
router.show();
