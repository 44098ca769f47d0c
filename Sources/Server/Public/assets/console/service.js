import { h, mount, fmt, table, notice } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import { api } from '../lib/api.js';
import { statusBadge, timeline } from './orders.js';

const STATES = ['open', 'pending', 'solved', 'closed'];
const CATEGORIES = ['whereIsMyOrder', 'addressChange', 'returnOrExchange', 'installation', 'damaged', 'invoice', 'other'];

/** The agents' inbox: queues (categories) and states; newest first. */
export async function inboxPage({ main, query, go }) {
  const state = query.get('state') || 'open';
  const category = query.get('category') || '';
  const page = await api(`/admin/conversations?limit=50&state=${state}` + (category ? `&category=${category}` : ''));
  const filter = (name, values, current) => h('select', {
    id: `inbox-${name}`, onchange: (e) => {
      const next = new URLSearchParams({ state, category, [name]: e.target.value });
      if (!next.get('category')) next.delete('category');
      go('/console/service?' + next.toString());
    },
  }, name === 'category' ? h('option', { value: '' }, t('all')) : null,
  values.map((v) => h('option', { value: v, selected: v === current }, t(`${name}.${v}`))));
  mount(main,
    h('h1', {}, t('service')),
    h('div', { class: 'toolbar' }, h('label', {}, t('status'), ' ', filter('state', STATES, state)), h('label', {}, t('queue'), ' ', filter('category', CATEGORIES, category))),
    h('section', { class: 'card' }, table([
      [t('queue'), (c) => h('a', { href: `/console/service/${encodeURIComponent(c.id)}` }, t('category.' + c.category))],
      [t('number'), (c) => c.orderId || '—'], [t('status'), (c) => t('state.' + c.state)],
      [t('handedOver'), (c) => (c.handedOver ? '✓' : '')], [t('assignee'), (c) => c.assigneeId || '—'], [t('updated'), (c) => fmt.dateTime(c.updatedAt)],
    ], page.items, { rowAttrs: (c) => ({ 'data-conversation': c.id, class: c.handedOver && !c.assigneeId ? 'exception' : null }) })));
}

/** One conversation for an agent: the chat, a reply box (or an internal note), and the order beside it. */
export async function conversationPage({ main, params }) {
  const [id] = params;
  let conversation = await api(`/conversations/${encodeURIComponent(id)}`);
  const [order, why] = conversation.orderId
    ? await Promise.all([api(`/orders/${encodeURIComponent(conversation.orderId)}`), api(`/orders/${encodeURIComponent(conversation.orderId)}/explanation`).catch(() => null)])
    : [null, null];
  const message = h('div', { id: 'reply-message' });
  const text = h('textarea', { id: 'reply-text', rows: 3, maxlength: 2000, required: true });
  const internalBox = h('input', { type: 'checkbox', id: 'reply-internal' });
  const draw = () => mount(main,
    h('p', {}, h('a', { href: '/console/service' }, '← ' + t('service'))),
    h('h1', {}, t('category.' + conversation.category), h('span', { class: 'badge', id: 'conversation-state', 'data-state': conversation.state }, t('state.' + conversation.state))),
    h('section', { class: 'grid2' },
      h('div', { class: 'card' },
        h('ol', { class: 'chat', id: 'chat' }, conversation.messages.map((m) => h('li', { class: `from-${m.author}${m.internal ? ' internal' : ''}`, 'data-sequence': m.sequence },
          h('span', { class: 'who' }, `${t('author.' + m.author)} · ${fmt.time(m.createdAt)}${m.internal ? ' · ' + t('internalNote') : ''}`), h('span', { class: 'text' }, m.text)))),
        conversation.state === 'closed' ? null : h('form', {
          class: 'form', onsubmit: async (event) => {
            event.preventDefault();
            try {
              await api(`/conversations/${encodeURIComponent(id)}/messages`, { method: 'POST', body: { text: text.value, internal: internalBox.checked } });
              conversation = await api(`/conversations/${encodeURIComponent(id)}`);
              text.value = '';
              draw();
            } catch (error) { mount(message, notice(error.message, 'error')); }
          },
        }, text, h('label', { class: 'inline' }, internalBox, ' ', t('internalNote')),
        h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'reply-send' }, t('send')),
          ['open', 'pending'].includes(conversation.state) ? h('button', { type: 'button', id: 'solve', onclick: async () => {
            conversation = { ...conversation, ...(await api(`/admin/conversations/${encodeURIComponent(id)}/solve`, { method: 'POST' })) };
            draw();
          } }, t('resolve')) : null), message),
        conversation.rating ? h('p', {}, `★ ${conversation.rating} ${conversation.ratingComment || ''}`) : null),
      order ? h('div', { class: 'card' },
        h('h2', {}, h('a', { href: `/console/orders/${encodeURIComponent(order.id)}` }, `${t('number')} ${order.number}`), ' ', statusBadge(order.status)),
        why ? h('p', { class: why.delayReason ? 'explanation delayed' : 'explanation' }, why.text) : null,
        timeline(order.timeline)) : h('div', { class: 'card' }, h('p', { class: 'empty' }, '—'))));
  draw();
}
