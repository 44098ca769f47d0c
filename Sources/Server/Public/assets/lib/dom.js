// Building the page from data: every text from the API becomes a text node, never markup.

const SVG = 'http://www.w3.org/2000/svg';

function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

function apply(element, attrs) {
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else if (name === 'value' && 'value' in element) element.value = value;
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  return element;
}

/** An HTML element: h('a', {href, class}, 'text', child, [more]). */
export function h(tag, attrs, ...children) {
  return append(apply(document.createElement(tag), attrs), children);
}

/** An SVG element. */
export function s(tag, attrs, ...children) {
  return append(apply(document.createElementNS(SVG, tag), attrs), children);
}

export function mount(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}

// The mall's days and promises are China's (as the API's plan dates are), wherever the browser is.
const CHINA = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});
function china(value) {
  const parts = Object.fromEntries(CHINA.formatToParts(new Date(value)).map((p) => [p.type, p.value]));
  return { day: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

export const fmt = {
  money: (cents) => '¥' + (Number(cents || 0) / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
  time: (iso) => (iso ? china(iso).time : '—'),
  dateTime: (iso) => { if (!iso) return '—'; const c = china(iso); return `${c.day} ${c.time}`; },
  /** The China calendar day of a Date (or time). */
  day: (date) => china(date).day,
  number: (n, digits = 0) => (n === null || n === undefined || Number.isNaN(n)) ? '—'
    : Number(n).toLocaleString('zh-CN', { minimumFractionDigits: digits, maximumFractionDigits: digits }),
  /** Large sums short: ¥1,301.6万 / ¥13M. */
  compactMoney: (cents) => '¥' + new Intl.NumberFormat(document.documentElement.lang === 'en' ? 'en' : 'zh-CN',
    { notation: 'compact', maximumFractionDigits: 1 }).format(Number(cents || 0) / 100),
  percent: (share, digits = 1) => (share === null || share === undefined) ? '—' : (100 * share).toFixed(digits) + ' %',
};

/** A table from rows: columns are [title, row => cell] pairs. */
export function table(columns, rows, { empty = '—', rowAttrs } = {}) {
  if (!rows.length) return h('p', { class: 'empty' }, empty);
  return h('div', { class: 'table-wrap' }, h('table', {},
    h('thead', {}, h('tr', {}, columns.map(([title]) => h('th', {}, title)))),
    h('tbody', {}, rows.map((row) => h('tr', rowAttrs ? rowAttrs(row) : {}, columns.map(([, cell]) => h('td', {}, cell(row))))))));
}

/** A message line for errors and outcomes; role=status so screen readers hear it. */
export function notice(text, kind = 'info') {
  return h('p', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}
