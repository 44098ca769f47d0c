import { h, mount, fmt, table, notice } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import { api, all } from '../lib/api.js';
import { timeChart } from '../lib/charts.js';
import { transfersSection } from './transfers.js';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const dayDate = (text) => new Date(text + 'T12:00:00+08:00');
const key = () => (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random());

/** Stock, the planning run, suggestions turned into purchase orders and transfers, alerts and the KPIs. */
export async function inventoryPage({ main, query, go, onLeave }) {
  let stopped = false;
  onLeave(() => { stopped = true; });
  const warehouses = (await api('/admin/warehouses')).items;
  const warehouseId = query.get('warehouse') || '';
  const scope = warehouseId ? '&warehouseId=' + encodeURIComponent(warehouseId) : '';
  const [suggestions, orders, alerts, kpis, weekly, stock, transfers] = await Promise.all([
    api('/admin/inventory/suggestions?state=open&kind=purchase&limit=100' + scope),
    api('/admin/purchase-orders?limit=20'),
    api('/admin/inventory/alerts?state=open&limit=50' + scope),
    api('/admin/inventory/kpis'),
    api('/admin/inventory/kpis?groupBy=week&from=' + fmt.day(new Date(Date.now() - 182 * 864e5))),
    all('/admin/stock' + (warehouseId ? '?warehouseId=' + encodeURIComponent(warehouseId) : ''), 2000),
    transfersSection({ warehouses, warehouseId, go }),
  ]);
  const message = h('div', { id: 'inventory-message' });
  const picked = new Set();
  const runButton = h('button', { type: 'button', id: 'run-planning', onclick: runPlanning }, t('runPlanning'));
  const createButton = h('button', { type: 'button', class: 'primary', id: 'create-po', disabled: true, onclick: createOrders }, t('createPO'));
  const warehouseSelect = h('select', { id: 'warehouse-filter', onchange: (e) => go('/console/inventory' + (e.target.value ? '?warehouse=' + e.target.value : '')) },
    h('option', { value: '' }, t('all')), warehouses.map((w) => h('option', { value: w.id, selected: w.id === warehouseId }, w.name)));
  const total = kpis.total;
  mount(main,
    h('h1', {}, t('inventory')),
    h('div', { class: 'toolbar' }, h('label', {}, t('warehouse'), ' ', warehouseSelect), runButton),
    message,
    h('section', { class: 'tiles' },
      [[t('fillRate'), fmt.percent(total.fillRate)], [t('turnover'), fmt.number(total.turnoverPerYear, 1) + ' ×/yr'],
        [t('daysOfCover'), fmt.number(total.daysOfCover, 0)], [t('inventoryValue'), fmt.compactMoney(total.inventoryValueCents)],
        [t('lostSales'), fmt.number(total.lostSales)]].map(([label, value]) => h('div', { class: 'tile' }, h('span', { class: 'tile-value' }, value), h('span', { class: 'tile-label' }, label)))),
    h('section', { class: 'card' }, h('h2', {}, `${t('kpis')} (${t('weekly')})`),
      timeChart({
        title: t('inventoryValue'), yFormat: (v) => fmt.compactMoney(v),
        lines: [{ label: t('inventoryValue'), className: 'series-a', points: weekly.items.map((k) => ({ x: dayDate(k.key), y: k.inventoryValueCents })) }],
      }),
      timeChart({
        title: t('fillRate'), yFormat: (v) => Math.round(100 * v) + '%', height: 180,
        lines: [{ label: t('fillRate'), className: 'series-b', points: weekly.items.filter((k) => k.fillRate !== undefined).map((k) => ({ x: dayDate(k.key), y: k.fillRate })) }],
      }),
      timeChart({
        title: `${t('turnover')} (×/yr)`, yFormat: (v) => fmt.number(v, 1), height: 180,
        lines: [{ label: t('turnover'), className: 'series-a', points: weekly.items.map((k) => ({ x: dayDate(k.key), y: k.turnoverPerYear })) }],
      })),
    h('section', { class: 'card' }, h('h2', {}, t('suggestions')),
      table([
        ['', (s) => h('input', { type: 'checkbox', 'data-suggestion': s.id, onchange: (e) => { e.target.checked ? picked.add(s.id) : picked.delete(s.id); createButton.disabled = !picked.size; } })],
        [t('sku'), (s) => h('a', { href: `/console/inventory/forecasts/${encodeURIComponent(s.warehouseId)}/${encodeURIComponent(s.sku)}` }, s.sku)],
        [t('warehouse'), (s) => s.warehouseId], [t('quantity'), (s) => fmt.number(s.quantity)], [t('stockout'), (s) => s.stockoutDate || '—'],
        [t('daysOfCover'), (s) => fmt.number(s.daysOfCover, 1)], [t('reason'), (s) => s.reason],
      ], suggestions.items, { rowAttrs: (s) => ({ 'data-sku': s.sku }) }),
      h('p', {}, createButton)),
    h('section', { class: 'card' }, h('h2', {}, t('purchaseOrders')),
      table([
        ['#', (o) => h('a', { href: `/console/purchase-orders/${encodeURIComponent(o.id)}` }, o.id)], [t('supplier'), (o) => o.supplierId],
        [t('status'), (o) => h('span', { class: 'badge' }, t('po.' + o.status))], [t('lines'), (o) => o.lines.length], [t('created'), (o) => fmt.dateTime(o.createdAt)],
      ], orders.items)),
    transfers,
    h('section', { class: 'card' }, h('h2', {}, t('stockAlerts')),
      table([[t('kind'), (a) => a.kind], [t('sku'), (a) => a.sku], [t('warehouse'), (a) => a.warehouseId], [t('detail'), (a) => a.detail], [t('advice'), (a) => a.advice],
        ['', (a) => h('button', { type: 'button', class: 'small', onclick: async () => { await api(`/admin/inventory/alerts/${encodeURIComponent(a.id)}/acknowledge`, { method: 'POST' }); go(location.pathname + location.search); } }, t('acknowledge'))]],
      alerts.items)),
    h('section', { class: 'card' }, h('h2', {}, t('stock')),
      table([
        [t('sku'), (l) => h('a', { href: `/console/inventory/forecasts/${encodeURIComponent(l.warehouseId)}/${encodeURIComponent(l.sku)}` }, l.sku)],
        [t('warehouse'), (l) => l.warehouseId], [t('onHand'), (l) => fmt.number(l.onHand)], [t('reserved'), (l) => fmt.number(l.reserved)],
        [t('available'), (l) => fmt.number(l.available)], [t('reorderPoint'), (l) => fmt.number(l.reorderPoint)],
      ], stock, { rowAttrs: (l) => ({ class: l.available <= l.reorderPoint ? 'exception' : null }) })));

  async function runPlanning() {
    runButton.disabled = true;
    try {
      const accepted = await api('/admin/inventory/planning-runs', { method: 'POST' });
      let run = accepted;
      while (!['done', 'failed'].includes(run.status) && !stopped) {
        mount(message, notice(t('planning')));
        await sleep(500);
        run = await api(`/admin/inventory/planning-runs/${encodeURIComponent(accepted.id)}`);
      }
      if (stopped) return;
      if (run.status === 'failed') throw new Error(run.error || 'failed');
      go(location.pathname + location.search);
    } catch (error) {
      mount(message, notice(error.message, 'error'));
      runButton.disabled = false;
    }
  }

  async function createOrders() {
    createButton.disabled = true;
    try {
      const batch = await api('/admin/purchase-orders', { method: 'POST', body: { suggestionIds: [...picked] } });
      go(`/console/purchase-orders/${encodeURIComponent(batch.items[0].id)}`);
    } catch (error) {
      mount(message, notice(error.message, 'error'));
      createButton.disabled = false;
    }
  }
}

/** A purchase order: its lines, and the next step (approve, send, receive what is still due, close). */
export async function purchaseOrderPage({ main, params }) {
  const [id] = params;
  let order = await api(`/admin/purchase-orders/${encodeURIComponent(id)}`);
  const message = h('div', { id: 'po-message' });
  const step = async (name) => {
    try {
      if (name === 'receive') {
        const lines = order.lines.filter((l) => l.quantity > l.received).map((l) => ({ sku: l.sku, warehouseId: l.warehouseId, quantity: l.quantity - l.received }));
        order = await api(`/admin/purchase-orders/${encodeURIComponent(id)}/receipts`, { method: 'POST', body: { lines }, headers: { 'Idempotency-Key': key() } });
      } else {
        order = await api(`/admin/purchase-orders/${encodeURIComponent(id)}/${name}`, { method: 'POST' });
      }
      mount(message);
      draw();
    } catch (error) {
      mount(message, notice(error.message, 'error'));
    }
  };
  const steps = { draft: ['approve', 'cancel'], approved: ['send', 'cancel'], sent: ['receive'], partiallyReceived: ['receive', 'close'], received: ['close'] };
  const label = { approve: t('approve'), send: t('send'), receive: t('receiveAll'), close: t('close'), cancel: t('cancel') };
  const draw = () => mount(main,
    h('p', {}, h('a', { href: '/console/inventory' }, '← ' + t('inventory'))),
    h('h1', {}, `${t('purchaseOrders')} ${order.id} `, h('span', { class: 'badge', id: 'po-status', 'data-status': order.status }, t('po.' + order.status))),
    h('section', { class: 'card' },
      h('p', {}, `${t('supplier')}: ${order.supplierId}`, order.expectedDate ? ` · ${order.expectedDate}` : ''),
      table([[t('sku'), (l) => l.sku], [t('warehouse'), (l) => l.warehouseId], [t('quantity'), (l) => fmt.number(l.quantity)],
        [t('received'), (l) => fmt.number(l.received)], ['¥', (l) => fmt.money(l.unitCostCents)]], order.lines),
      h('div', { class: 'actions' }, (steps[order.status] || []).map((name) =>
        h('button', { type: 'button', class: name === 'cancel' ? '' : 'primary', 'data-step': name, onclick: () => step(name) }, label[name]))),
      message));
  draw();
}

/** A SKU's weekly history (served and lost) and its forecast with 80 % and 95 % intervals, and the policy. */
export async function forecastPage({ main, params }) {
  const [warehouseId, sku] = params;
  const f = await api(`/admin/inventory/forecasts?sku=${encodeURIComponent(sku)}&warehouseId=${encodeURIComponent(warehouseId)}`);
  const history = f.history.slice(-52);
  const p = f.policy;
  mount(main,
    h('p', {}, h('a', { href: '/console/inventory' }, '← ' + t('inventory'))),
    h('h1', {}, `${sku} · ${warehouseId}`),
    h('section', { class: 'card' },
      timeChart({
        title: `${t('forecast')} (${f.model})`,
        bands: [
          { label: t('interval95'), className: 'band95', points: f.forecast.map((d) => ({ x: dayDate(d.date), lower: d.lo95, upper: d.hi95 })) },
          { label: t('interval80'), className: 'band80', points: f.forecast.map((d) => ({ x: dayDate(d.date), lower: d.lo80, upper: d.hi80 })) },
        ],
        lines: [
          { label: t('history'), className: 'series-a', points: history.map((d) => ({ x: dayDate(d.date), y: d.value + d.lost })) },
          { label: t('forecast'), className: 'series-b', points: f.forecast.map((d) => ({ x: dayDate(d.date), y: d.mean })) },
        ],
      })),
    h('section', { class: 'card' },
      table([['ABC', () => p.abcClass], ['target', () => fmt.percent(p.serviceTarget)], ['lead time', () => `${fmt.number(p.leadTimeDays, 1)} ± ${fmt.number(p.leadTimeSpreadDays, 1)} d`],
        [t('reorderPoint'), () => fmt.number(p.reorderPoint, 1)], ['order-up-to', () => fmt.number(p.orderUpTo, 1)], ['safety stock', () => fmt.number(p.safetyStock, 1)]], [p])));
}
