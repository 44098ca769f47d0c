import { h, mount, fmt, table, notice } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import { api } from '../lib/api.js';

const path = (id) => `/console/transfers/${encodeURIComponent(id)}`;
const badge = (transfer) => h('span', { class: 'badge', 'data-status': transfer.status }, t('transfer.' + transfer.status));
const route = (transfer, names) => `${names.get(transfer.fromWarehouseId) || transfer.fromWarehouseId} → ${names.get(transfer.toWarehouseId) || transfer.toWarehouseId}`;

/**
 * The inventory page's transfers: the planning run's transfer suggestions turned into transfers, a transfer
 * asked for by hand, and the recent ones (of the warehouse chosen, as sender or receiver).
 */
export async function transfersSection({ warehouses, warehouseId, go }) {
  const scope = warehouseId ? '&warehouseId=' + encodeURIComponent(warehouseId) : '';
  const [suggestions, transfers] = await Promise.all([
    api('/admin/inventory/suggestions?state=open&kind=transfer&limit=100' + scope),
    api('/admin/transfers?limit=20' + scope),
  ]);
  const names = new Map(warehouses.map((w) => [w.id, w.name]));
  const message = h('div', { id: 'transfer-message' });
  const picked = new Set();
  const requestButton = h('button', { type: 'button', class: 'primary', id: 'request-transfers', disabled: true, onclick: requestSuggested }, t('requestTransfers'));

  async function requestSuggested() {
    requestButton.disabled = true;
    try {
      const batch = await api('/admin/transfers', { method: 'POST', body: { suggestionIds: [...picked] } });
      go(path(batch.items[0].id));
    } catch (error) {
      mount(message, notice(error.message, 'error'));
      requestButton.disabled = false;
    }
  }

  return h('section', { class: 'card', id: 'transfers' }, h('h2', {}, t('transfers')),
    suggestions.items.length ? [
      h('h3', {}, t('transferSuggestions')),
      table([
        ['', (s) => h('input', { type: 'checkbox', 'data-transfer-suggestion': s.id,
          onchange: (e) => { e.target.checked ? picked.add(s.id) : picked.delete(s.id); requestButton.disabled = !picked.size; } })],
        [t('sku'), (s) => s.sku], [t('transfer'), (s) => route({ fromWarehouseId: s.fromWarehouseId, toWarehouseId: s.warehouseId }, names)],
        [t('quantity'), (s) => fmt.number(s.quantity)], [t('reason'), (s) => s.reason],
      ], suggestions.items),
      h('p', {}, requestButton),
    ] : null,
    table([
      ['#', (x) => h('a', { href: path(x.id) }, x.id)], [t('transfer'), (x) => route(x, names)], [t('status'), badge],
      [t('lines'), (x) => x.lines.map((l) => `${l.sku} × ${l.quantity}`).join(', ')], [t('created'), (x) => fmt.dateTime(x.createdAt)],
    ], transfers.items, { rowAttrs: (x) => ({ 'data-transfer': x.id }) }),
    transferForm(warehouses, warehouseId, go),
    message);
}

/** A transfer asked for by hand: from one warehouse to another, one SKU. */
function transferForm(warehouses, warehouseId, go) {
  const message = h('div', { id: 'new-transfer-message' });
  const choice = (id, selected) => h('select', { id, required: true }, warehouses.map((w) => h('option', { value: w.id, selected: w.id === selected }, w.name)));
  const from = choice('transfer-from', warehouseId || warehouses[0]?.id);
  const to = choice('transfer-to', warehouses.find((w) => w.id !== (warehouseId || warehouses[0]?.id))?.id);
  const sku = h('input', { type: 'text', id: 'transfer-sku', required: true, maxlength: 64, autocomplete: 'off' });
  const quantity = h('input', { type: 'number', id: 'transfer-quantity', required: true, min: 1, max: 100000, step: 1, value: 1 });
  const reason = h('input', { type: 'text', id: 'transfer-reason', maxlength: 200 });
  return h('form', {
    class: 'form', id: 'transfer-form', onsubmit: async (event) => {
      event.preventDefault();
      try {
        const batch = await api('/admin/transfers', { method: 'POST', body: {
          fromWarehouseId: from.value, toWarehouseId: to.value, lines: [{ sku: sku.value.trim(), quantity: Number(quantity.value) }],
          ...(reason.value.trim() ? { reason: reason.value.trim() } : {}) } });
        go(path(batch.items[0].id));
      } catch (error) { mount(message, notice(error.message, 'error')); }
    },
  }, h('h3', {}, t('newTransfer')),
  h('label', { for: 'transfer-from' }, t('fromWarehouse')), from, h('label', { for: 'transfer-to' }, t('toWarehouse')), to,
  h('label', { for: 'transfer-sku' }, t('sku')), sku, h('label', { for: 'transfer-quantity' }, t('quantity')), quantity,
  h('label', { for: 'transfer-reason' }, t('reason')), reason, h('button', { type: 'submit', class: 'primary' }, t('newTransfer')), message);
}

/** A transfer: its lines and the next step (ship from the sender, receive at the receiver, or cancel before it leaves). */
export async function transferPage({ main, params }) {
  const [id] = params;
  const [warehouses, first] = await Promise.all([api('/admin/warehouses'), api(`/admin/transfers/${encodeURIComponent(id)}`)]);
  const names = new Map(warehouses.items.map((w) => [w.id, w.name]));
  let transfer = first;
  const message = h('div', { id: 'transfer-message' });
  const steps = { requested: ['ship', 'cancel'], inTransit: ['receive'] };
  const step = async (name) => {
    try {
      transfer = await api(`/admin/transfers/${encodeURIComponent(id)}/${name}`, { method: 'POST' });
      mount(message);
      draw();
    } catch (error) {
      mount(message, notice(error.message, 'error'));
    }
  };
  const draw = () => mount(main,
    h('p', {}, h('a', { href: '/console/inventory#transfers' }, '← ' + t('inventory'))),
    h('h1', {}, `${t('transfer')} ${transfer.id} `, h('span', { class: 'badge', id: 'transfer-status', 'data-status': transfer.status }, t('transfer.' + transfer.status))),
    h('section', { class: 'card' },
      h('p', {}, route(transfer, names), transfer.reason ? ` · ${transfer.reason}` : ''),
      h('p', { class: 'hint' }, [[t('created'), transfer.createdAt], [t('ship'), transfer.shippedAt], [t('received'), transfer.receivedAt]]
        .filter(([, at]) => at).map(([label, at]) => `${label} ${fmt.dateTime(at)}`).join(' · ')),
      table([[t('sku'), (l) => l.sku], [t('quantity'), (l) => fmt.number(l.quantity)]], transfer.lines),
      h('div', { class: 'actions' }, (steps[transfer.status] || []).map((name) =>
        h('button', { type: 'button', class: name === 'cancel' ? '' : 'primary', 'data-step': name, onclick: () => step(name) }, t(name)))),
      message));
  draw();
}
