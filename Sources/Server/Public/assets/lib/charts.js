// Charts and maps as SVG from the API's data: a line chart with interval bands, a route map and a Gantt
// of routes. Colours come from the stylesheet (classes), so the pages need no inline style.

import { s, fmt } from './dom.js';
import { t } from './i18n.js';

const niceMax = (value) => {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 2.5, 5, 10].map((m) => m * power).find((m) => m >= value);
};

/**
 * Lines and bands over time. lines: [{label, className, points:[{x:Date, y}]}];
 * bands: [{label, className, points:[{x:Date, lower, upper}]}].
 */
export function timeChart({ lines = [], bands = [], width = 720, height = 260, title, yFormat = (v) => fmt.number(v) }) {
  const margin = { left: 52, right: 12, top: 24, bottom: 28 };
  const all = [...lines.flatMap((l) => l.points.map((p) => [p.x, p.y])), ...bands.flatMap((b) => b.points.flatMap((p) => [[p.x, p.lower], [p.x, p.upper]]))];
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': title || 'chart' });
  if (title) svg.append(s('text', { x: margin.left, y: 16, class: 'chart-title' }, title));
  if (!all.length) return svg;
  const xs = all.map(([x]) => +x), ys = all.map(([, y]) => y);
  const x0 = Math.min(...xs), x1 = Math.max(...xs) || x0 + 1;
  const yMax = niceMax(Math.max(...ys, 0));
  const X = (x) => margin.left + (x1 === x0 ? 0 : ((+x - x0) / (x1 - x0)) * (width - margin.left - margin.right));
  const Y = (y) => height - margin.bottom - (y / yMax) * (height - margin.top - margin.bottom);
  for (let i = 0; i <= 4; i++) {
    const v = (yMax * i) / 4;
    svg.append(s('line', { x1: margin.left, x2: width - margin.right, y1: Y(v), y2: Y(v), class: 'grid' }),
      s('text', { x: margin.left - 6, y: Y(v) + 4, class: 'axis', 'text-anchor': 'end' }, yFormat(v)));
  }
  for (const frac of [0, 0.5, 1]) {
    const x = x0 + frac * (x1 - x0);
    svg.append(s('text', { x: X(x), y: height - 8, class: 'axis', 'text-anchor': frac === 0 ? 'start' : frac === 1 ? 'end' : 'middle' }, fmt.day(new Date(x))));
  }
  for (const band of bands) {
    if (!band.points.length) continue;
    const upper = band.points.map((p) => `${X(p.x)},${Y(p.upper)}`);
    const lower = band.points.slice().reverse().map((p) => `${X(p.x)},${Y(p.lower)}`);
    svg.append(s('polygon', { points: [...upper, ...lower].join(' '), class: `band ${band.className || ''}` }, s('title', {}, band.label || '')));
  }
  for (const line of lines) {
    svg.append(s('polyline', { points: line.points.map((p) => `${X(p.x)},${Y(p.y)}`).join(' '), class: `line ${line.className || ''}` },
      s('title', {}, line.label || '')));
  }
  let legendX = width - margin.right;
  for (const item of [...lines, ...bands].reverse()) {
    const label = item.label || '';
    // About a glyph's width at 11 px: Chinese characters are twice as wide as Latin ones.
    legendX -= [...label].reduce((width, c) => width + (c.charCodeAt(0) > 0x2e80 ? 11.5 : 6.5), 0) + 24;
    svg.append(s('rect', { x: legendX, y: 7, width: 12, height: 10, class: `legend ${item.className || ''}` }),
      s('text', { x: legendX + 16, y: 16, class: 'axis' }, label));
  }
  return svg;
}

/**
 * The plan's routes on a map: the warehouse, each route's stops in order, one colour per route; traffic
 * slowdowns as shaded areas and corridors; each van where its driver last reported.
 */
export function routeMap(plan, warehouse, { width = 720, height = 420, incidents = [], positions = [] } = {}) {
  const points = plan.routes.flatMap((r) => [...r.stops, ...(r.chargingStops || [])].map((st) => st.location));
  if (warehouse?.location) points.push(warehouse.location);
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'map', role: 'img', 'aria-label': 'route map' });
  svg.append(s('rect', { x: 0, y: 0, width, height, class: 'map-ground' }));
  if (!points.length) return svg;
  const lats = points.map((p) => p.latitude), lons = points.map((p) => p.longitude);
  const lat0 = Math.min(...lats), lat1 = Math.max(...lats), lon0 = Math.min(...lons), lon1 = Math.max(...lons);
  const k = Math.cos(((lat0 + lat1) / 2) * Math.PI / 180);
  const spanX = Math.max((lon1 - lon0) * k, 1e-4), spanY = Math.max(lat1 - lat0, 1e-4);
  const scale = Math.min((width - 40) / spanX, (height - 40) / spanY);
  const X = (p) => 20 + (p.longitude - lon0) * k * scale + ((width - 40) - spanX * scale) / 2;
  const Y = (p) => height - 20 - (p.latitude - lat0) * scale - ((height - 40) - spanY * scale) / 2;
  const kmToPx = scale / 111.32;
  for (const incident of incidents) {
    const group = s('g', { class: 'incident', 'data-incident': incident.id }, s('title', {}, `${incident.reason} ×${incident.factor}`));
    if (incident.corridor.length >= 2) {
      group.append(s('polyline', { points: incident.corridor.map((p) => `${X(p)},${Y(p)}`).join(' '), 'stroke-width': Math.max(4, 2 * incident.radiusKm * kmToPx) }));
    } else {
      group.append(s('circle', { cx: X(incident.center), cy: Y(incident.center), r: Math.max(6, incident.radiusKm * kmToPx) }));
    }
    svg.append(group);
  }
  plan.routes.forEach((route, index) => {
    const path = [warehouse?.location, ...drivingOrder(route), warehouse?.location].filter(Boolean);
    const group = s('g', { class: `route route-${index % 8}` });
    group.append(s('polyline', { points: path.map((p) => `${X(p)},${Y(p)}`).join(' ') }, s('title', {}, route.vehicleId)));
    for (const stop of route.stops) {
      const pickup = stop.kind === 'pickup';
      group.append(s('circle', { cx: X(stop.location), cy: Y(stop.location), r: 4.5, class: `stop ${stop.status}${pickup ? ' pickup' : ''}`, 'data-kind': stop.kind },
        s('title', {}, `${stop.sequence}. ${pickup ? t('pickupStop') + ' ' : ''}${stop.orderId} · ${fmt.time(stop.eta)}`)));
    }
    for (const charge of route.chargingStops || []) {
      const x = X(charge.location), y = Y(charge.location);
      group.append(s('polygon', { points: `${x},${y - 7} ${x + 7},${y} ${x},${y + 7} ${x - 7},${y}`, class: 'charging' },
        s('title', {}, `${t('charging')}: ${charge.name} · ${fmt.time(charge.arrival)} · ${fmt.number(charge.kWh, 1)} kWh · ${charge.minutes} min`)));
    }
    svg.append(group);
  });
  plan.routes.forEach((route, index) => {
    // The route's own pings; on a plan for a later day, where its driver was last seen today.
    const van = positions.find((p) => p.routeId === route.id) || (route.driverId ? positions.find((p) => p.driverId === route.driverId) : undefined);
    if (!van) return;
    svg.append(s('g', { class: `van route-${index % 8}`, 'data-van': route.vehicleId },
      s('circle', { cx: X(van), cy: Y(van), r: 8 }), s('circle', { cx: X(van), cy: Y(van), r: 3, class: 'van-dot' }),
      s('title', {}, `${route.vehicleId} · ${fmt.time(van.at)}`)));
  });
  if (warehouse?.location) {
    svg.append(s('rect', { x: X(warehouse.location) - 7, y: Y(warehouse.location) - 7, width: 14, height: 14, class: 'depot' },
      s('title', {}, warehouse.name || warehouse.id)));
  }
  return svg;
}

/** The places a route visits in driving order: its stops, each charging stop after the stop it follows. */
function drivingOrder(route) {
  const charges = route.chargingStops || [];
  const points = charges.filter((c) => c.afterStop === 0).map((c) => c.location);
  for (const stop of [...route.stops].sort((a, b) => a.sequence - b.sequence)) {
    points.push(stop.location, ...charges.filter((c) => c.afterStop === stop.sequence).map((c) => c.location));
  }
  return points;
}

/** One row per route: the van's day from departure to return, a tick at each stop's arrival, charging in yellow. */
export function gantt(plan, { width = 720, rowHeight = 26 } = {}) {
  const routes = plan.routes;
  const height = 30 + routes.length * rowHeight;
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'gantt', role: 'img', 'aria-label': 'routes over the day' });
  if (!routes.length) return svg;
  const t0 = Math.min(...routes.map((r) => +new Date(r.departure)));
  const t1 = Math.max(...routes.map((r) => +new Date(r.returnAt)), t0 + 3600e3);
  const left = 110, right = 12;
  const X = (time) => left + ((+new Date(time) - t0) / (t1 - t0)) * (width - left - right);
  for (let hour = Math.ceil(t0 / 3600e3) * 3600e3; hour <= t1; hour += 3600e3) {
    svg.append(s('line', { x1: X(hour), x2: X(hour), y1: 18, y2: height, class: 'grid' }),
      s('text', { x: X(hour), y: 12, class: 'axis', 'text-anchor': 'middle' }, fmt.time(new Date(hour).toISOString())));
  }
  routes.forEach((route, index) => {
    const y = 24 + index * rowHeight;
    svg.append(s('text', { x: 4, y: y + 14, class: 'axis' }, route.vehicleId),
      s('rect', { x: X(route.departure), y, width: Math.max(2, X(route.returnAt) - X(route.departure)), height: rowHeight - 8, rx: 3,
        class: `span route-${index % 8}` }, s('title', {}, `${fmt.time(route.departure)}–${fmt.time(route.returnAt)} · ${fmt.number(route.km, 1)} km`)));
    for (const stop of route.stops) {
      svg.append(s('line', { x1: X(stop.eta), x2: X(stop.eta), y1: y, y2: y + rowHeight - 8, class: 'tick' }));
    }
    for (const charge of route.chargingStops || []) {
      const start = +new Date(charge.arrival), end = start + charge.minutes * 60e3;
      svg.append(s('rect', { x: X(start), y: y + 2, width: Math.max(2, X(end) - X(start)), height: rowHeight - 12, class: 'charging' },
        s('title', {}, `${charge.name} · ${fmt.number(charge.kWh, 1)} kWh · ${charge.minutes} min`)));
    }
  });
  return svg;
}
