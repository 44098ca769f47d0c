import { h, mount, fmt, table, notice } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import { api } from '../lib/api.js';
import { routeMap, gantt } from '../lib/charts.js';
import { chargersCard } from './chargers.js';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Plans a warehouse's day, shows it (map, Gantt, figures, orders left out) and publishes it. */
export async function dispatchPage({ main, params, query, go, onLeave }) {
  let stopped = false;
  onLeave(() => { stopped = true; });
  const warehouses = (await api('/admin/warehouses')).items;
  const planId = params[0];
  const warehouseSelect = h('select', { id: 'warehouse' }, warehouses.map((w) => h('option', { value: w.id, selected: w.id === query.get('warehouse') }, w.name)));
  const dateInput = h('input', { type: 'date', id: 'plan-date', value: query.get('date') || fmt.day(new Date()), required: true });
  const message = h('div', { id: 'plan-message' });
  const output = h('div', { id: 'plan' });
  const planButton = h('button', {
    type: 'submit', class: 'primary', id: 'plan-button',
  }, t('plan'));
  const form = h('form', {
    class: 'toolbar', onsubmit: async (event) => {
      event.preventDefault();
      planButton.disabled = true;
      mount(message, notice(t('planning')));
      try {
        const accepted = await api('/admin/dispatch/plans', { method: 'POST', body: { warehouseId: warehouseSelect.value, date: dateInput.value, seconds: 3 } });
        go(`/console/dispatch/plans/${encodeURIComponent(accepted.id)}`);
      } catch (error) {
        mount(message, notice(error.message, 'error'));
        planButton.disabled = false;
      }
    },
  }, h('label', {}, t('warehouse'), ' ', warehouseSelect), h('label', {}, t('date'), ' ', dateInput), planButton);
  mount(main, h('h1', {}, t('dispatch')), form, message, output, chargersCard(warehouses));
  if (!planId) return;

  let plan = await api(`/admin/dispatch/plans/${encodeURIComponent(planId)}`);
  while (plan.status === 'planning' && !stopped) {
    mount(message, notice(t('planning')));
    await sleep(500);
    plan = await api(`/admin/dispatch/plans/${encodeURIComponent(planId)}`);
  }
  if (stopped) return;
  warehouseSelect.value = plan.warehouseId;
  dateInput.value = plan.date;
  const warehouse = warehouses.find((w) => w.id === plan.warehouseId);
  const [vehicles, incidents] = await Promise.all([api(`/admin/vehicles?warehouseId=${encodeURIComponent(plan.warehouseId)}`), api('/admin/traffic')]);
  let positions = (await api('/admin/fleet/positions')).items;
  const mapBox = h('div', { id: 'map' });
  const drawMap = () => mount(mapBox, routeMap(plan, warehouse, { incidents: incidents.items, positions }));
  // Vans move: their positions are fetched again every 10 s while the page is open.
  const timer = setInterval(async () => {
    try { positions = (await api('/admin/fleet/positions')).items; drawMap(); } catch { /* the next tick tries again */ }
  }, 10_000);
  onLeave(() => { stopped = true; clearInterval(timer); });
  const moveForm = () => {
    const stops = plan.routes.flatMap((r) => r.stops.map((st) => ({ ...st, vehicleId: r.vehicleId })));
    if (plan.status !== 'ready' || !stops.length) return null;
    const order = h('select', { id: 'move-order' }, stops.map((st) => h('option', { value: st.orderId }, `${st.vehicleId} #${st.sequence} · ${st.orderId}`)));
    const van = h('select', { id: 'move-vehicle' }, vehicles.items.map((v) => h('option', { value: v.id }, `${v.id} · ${v.plate}`)));
    return h('form', {
      class: 'toolbar', id: 'move-form', onsubmit: async (event) => {
        event.preventDefault();
        try {
          plan = await api(`/admin/dispatch/plans/${encodeURIComponent(plan.id)}/pins`, { method: 'POST', body: { orderId: order.value, vehicleId: van.value } });
          draw();
        } catch (error) { mount(message, notice(error.message, 'error')); }
      },
    }, h('label', {}, t('moveStop'), ' ', order), h('label', {}, '→ ', van), h('button', { type: 'submit', id: 'move-button' }, t('moveStop')));
  };
  const draw = () => {
    mount(message, plan.status === 'failed' ? notice(`${t('planFailed')}: ${plan.error || ''}`, 'error') : null);
    const f = plan.figures;
    mount(output,
      h('section', { class: 'tiles' },
        h('div', { class: 'tile' }, h('span', { class: 'tile-value', id: 'plan-status', 'data-status': plan.status }, t('plan.' + plan.status)), h('span', { class: 'tile-label' }, t('status'))),
        h('div', { class: 'tile' }, h('span', { class: 'tile-value' }, fmt.number(f.vehicles)), h('span', { class: 'tile-label' }, t('routes'))),
        h('div', { class: 'tile' }, h('span', { class: 'tile-value' }, fmt.number(f.stops)), h('span', { class: 'tile-label' }, t('stops'))),
        h('div', { class: 'tile' }, h('span', { class: 'tile-value' }, fmt.number(f.km, 1)), h('span', { class: 'tile-label' }, t('km'))),
        h('div', { class: 'tile' }, h('span', { class: 'tile-value' }, fmt.number(f.vehicleHours, 1)), h('span', { class: 'tile-label' }, t('hours'))),
        f.kWh != null ? h('div', { class: 'tile' }, h('span', { class: 'tile-value', id: 'plan-kwh' }, fmt.number(f.kWh, 1)), h('span', { class: 'tile-label' }, 'kWh')) : null,
        h('div', { class: 'tile' }, h('span', { class: 'tile-value' }, fmt.percent(f.onTimeShare)), h('span', { class: 'tile-label' }, t('onTimeShare')))),
      plan.status === 'ready' ? h('p', {}, h('button', { type: 'button', class: 'primary', id: 'publish', onclick: publish }, t('publish'))) : null,
      h('section', { class: 'grid2' },
        h('div', { class: 'card' }, h('h2', {}, t('routes'), incidents.items.length ? h('span', { class: 'hint' }, ` · ${t('traffic')}: ${incidents.items.length}`) : null),
          mapBox, moveForm()),
        h('div', { class: 'card' }, h('h2', {}, t('departure') + ' → ' + t('returnAt')), gantt(plan),
          table([
            [t('vehicle'), (r) => r.vehicleId], [t('stops'), (r) => r.stops.length], [t('km'), (r) => fmt.number(r.km, 1)],
            ['kWh', (r) => (r.kWh != null ? fmt.number(r.kWh, 1) : '—')],
            [t('charging'), (r) => (r.chargingStops.length
              ? h('span', { class: 'charging-stops' }, r.chargingStops.map((c) => `${c.name} ${fmt.time(c.arrival)} +${fmt.number(c.kWh, 1)} kWh ${c.minutes} min`).join('; '))
              : '—')],
            [t('departure'), (r) => fmt.time(r.departure)], [t('returnAt'), (r) => fmt.time(r.returnAt)],
          ], plan.routes))),
      plan.unassigned.length ? h('section', { class: 'card' }, h('h2', {}, t('unassigned')),
        table([[t('number'), (u) => h('a', { href: `/console/orders/${encodeURIComponent(u.orderId)}` }, u.orderId)], [t('reason'), (u) => t('unassigned.' + u.reason)], [t('actions'), (u) => u.action]],
          plan.unassigned)) : null);
    drawMap();
  };
  async function publish() {
    try {
      await api(`/admin/dispatch/plans/${encodeURIComponent(plan.id)}/publish`, { method: 'POST' });
      plan = await api(`/admin/dispatch/plans/${encodeURIComponent(plan.id)}`);
      draw();
    } catch (error) {
      mount(message, notice(error.message, 'error'));
    }
  }
  draw();
}
