import { h, mount, fmt, table, notice } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import { api } from '../lib/api.js';

/** The chargers electric vans may stop at: listed, one added (a warehouse's own or public), one removed. */
export function chargersCard(warehouses) {
  const card = h('section', { class: 'card', id: 'chargers' });
  const message = h('div', { id: 'charger-message' });
  const list = h('div', {});
  const name = h('input', { type: 'text', id: 'charger-name', required: true, maxlength: 60 });
  const latitude = h('input', { type: 'number', id: 'charger-latitude', required: true, min: -90, max: 90, step: 'any' });
  const longitude = h('input', { type: 'number', id: 'charger-longitude', required: true, min: -180, max: 180, step: 'any' });
  const power = h('input', { type: 'number', id: 'charger-power', required: true, min: 1, max: 600, step: 'any', value: 60 });
  const owner = h('select', { id: 'charger-warehouse' }, h('option', { value: '' }, t('publicCharger')),
    warehouses.map((w) => h('option', { value: w.id }, w.name)));
  // A warehouse's own charger stands at the warehouse.
  owner.addEventListener('change', () => {
    const w = warehouses.find((x) => x.id === owner.value);
    if (w?.location) { latitude.value = w.location.latitude; longitude.value = w.location.longitude; }
  });
  const form = h('form', {
    class: 'toolbar', id: 'charger-form', onsubmit: async (event) => {
      event.preventDefault();
      try {
        const body = { name: name.value.trim(), location: { latitude: Number(latitude.value), longitude: Number(longitude.value) }, powerKW: Number(power.value) };
        if (owner.value) body.warehouseId = owner.value;
        await api('/admin/fleet/stations', { method: 'POST', body });
        name.value = '';
        mount(message, null);
        await draw();
      } catch (error) { mount(message, notice(error.message, 'error')); }
    },
  }, h('label', {}, t('name'), ' ', name), h('label', {}, t('warehouse'), ' ', owner), h('label', {}, t('latitude'), ' ', latitude),
  h('label', {}, t('longitude'), ' ', longitude), h('label', {}, 'kW ', power), h('button', { type: 'submit', id: 'charger-add' }, t('add')));
  async function draw() {
    const chargers = (await api('/admin/fleet/stations')).items;
    mount(list, table([
      [t('name'), (c) => c.name], ['kW', (c) => fmt.number(c.powerKW)],
      [t('warehouse'), (c) => (c.warehouseId ? (warehouses.find((w) => w.id === c.warehouseId)?.name || c.warehouseId) : t('publicCharger'))],
      ['', (c) => h('button', {
        type: 'button', class: 'small', 'data-charger': c.id, onclick: async () => {
          try {
            await api(`/admin/fleet/stations/${encodeURIComponent(c.id)}`, { method: 'DELETE' });
            await draw();
          } catch (error) { mount(message, notice(error.message, 'error')); }
        },
      }, t('remove'))],
    ], chargers));
  }
  mount(card, h('h2', {}, t('chargers')), h('p', { class: 'hint' }, t('chargersHint')), list, form, message);
  draw().catch((error) => mount(message, notice(error.message, 'error')));
  return card;
}
