import { h, mount, fmt, table, notice } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import { api } from '../lib/api.js';
import { followChat } from '../lib/live.js';
import { photo } from '../m/chat.js';
import { statusBadge, timeline } from './orders.js';

const STATES = ['open', 'pending', 'solved', 'closed'];
const CATEGORIES = ['whereIsMyOrder', 'addressChange', 'returnOrExchange', 'installation', 'damaged', 'invoice', 'other'];

/** The agents' inbox: queues (categories) and states; newest first; read again as messages come in. */
export async function inboxPage({ main, query, go, onLeave }) {
  await drawInbox({ main, query, go });
  let pending = null;
  const stop = followChat(null, {
    resync: async () => {},
    onMessage: async () => {
      // A burst of messages reads the inbox once.
      pending ??= setTimeout(() => { pending = null; drawInbox({ main, query, go }).catch((error) => console.warn(error)); }, 300);
    },
  });
  onLeave(() => { stop(); clearTimeout(pending); });
}

async function drawInbox({ main, query, go }) {
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
      [t('handedOver'), (c) => (c.handedOver ? '✓' : '')], [t('assignee'), (c) => c.assigneeId || '—'],
      [t('sla'), (c) => { const worst = worstClock(c.serviceLevel); return worst ? clockBadge(...worst) : '—'; }],
      [t('updated'), (c) => fmt.dateTime(c.updatedAt)],
    ], page.items, { rowAttrs: (c) => ({ 'data-conversation': c.id,
      class: (c.handedOver && !c.assigneeId) || ['atRisk', 'breached'].includes(worstClock(c.serviceLevel)?.[1].state) ? 'exception' : null }) })));
}

/** A service clock as a badge: its state, and the minutes left while it runs. */
function clockBadge(name, clock) {
  if (!clock) return null;
  const left = clock.minutesLeft !== undefined && clock.state !== 'met' ? ' · ' + t('minutesLeft', { n: Math.round(clock.minutesLeft) }) : '';
  return h('span', { class: `badge clock-${clock.state}`, 'data-clock': name, 'data-state': clock.state, title: fmt.dateTime(clock.dueAt) },
    `${t('sla.' + name)} ${t('clock.' + clock.state)}${clock.state === 'breached' ? '' : left}`);
}

/** The clock that needs attention first. */
function worstClock(level) {
  if (!level) return null;
  const rank = { met: 0, running: 1, atRisk: 2, breached: 3 };
  return rank[level.firstResponse.state] >= rank[level.resolution.state] ? ['firstResponse', level.firstResponse] : ['resolution', level.resolution];
}

const bubble = (m) => h('li', { class: `from-${m.author}${m.internal ? ' internal' : ''}`, 'data-sequence': m.sequence },
  h('span', { class: 'who' }, `${t('author.' + m.author)} · ${fmt.time(m.createdAt)}${m.internal ? ' · ' + t('internalNote') : ''}`),
  m.attachment ? photo(m.conversationId, m.attachment) : h('span', { class: 'text' }, m.text));

/** One conversation for an agent: the chat (live), a reply box (or an internal note), and the order beside it. */
export async function conversationPage({ main, params, onLeave }) {
  const [id] = params;
  let conversation = await api(`/conversations/${encodeURIComponent(id)}`);
  let list = null;
  const live = h('span', { class: 'live off', id: 'chat-live', 'data-state': 'offline' }, t('offline'));
  // The customer's messages are appended as they come, so a reply being typed keeps its focus.
  const add = (messages) => {
    for (const m of messages) {
      if (conversation.messages.some((known) => known.sequence === m.sequence)) continue;
      conversation.messages.push(m);
      list.append(bubble(m));
    }
  };
  const reload = async () => {
    conversation = await api(`/conversations/${encodeURIComponent(id)}`);
    draw();
  };
  const [order, why] = conversation.orderId
    ? await Promise.all([api(`/orders/${encodeURIComponent(conversation.orderId)}`), api(`/orders/${encodeURIComponent(conversation.orderId)}/explanation`).catch(() => null)])
    : [null, null];
  const message = h('div', { id: 'reply-message' });
  const text = h('textarea', { id: 'reply-text', rows: 3, maxlength: 2000, required: true });
  // Canned replies come filled from the order's live data; picking one puts it in the box to edit.
  const canned = (await api(`/admin/conversations/${encodeURIComponent(id)}/replies`).catch(() => ({ items: [] }))).items;
  const picker = canned.length ? h('select', {
    id: 'canned-reply', onchange: (event) => {
      const reply = canned.find((r) => r.id === event.target.value);
      if (reply) { text.value = reply.text; text.focus(); }
      event.target.value = '';
    },
  }, h('option', { value: '' }, t('cannedReply') + '…'), canned.map((r) => h('option', { value: r.id }, r.title))) : null;
  const internalBox = h('input', { type: 'checkbox', id: 'reply-internal' });
  const draw = () => mount(main,
    h('p', {}, h('a', { href: '/console/service' }, '← ' + t('service'))),
    h('h1', {}, t('category.' + conversation.category), h('span', { class: 'badge', id: 'conversation-state', 'data-state': conversation.state }, t('state.' + conversation.state)), ' ', live),
    conversation.serviceLevel ? h('p', { class: 'clocks', id: 'clocks' }, clockBadge('firstResponse', conversation.serviceLevel.firstResponse), ' ',
      clockBadge('resolution', conversation.serviceLevel.resolution)) : null,
    h('section', { class: 'grid2' },
      h('div', { class: 'card' },
        (list = h('ol', { class: 'chat', id: 'chat' }, conversation.messages.map(bubble))),
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
        }, picker, text, h('label', { class: 'inline' }, internalBox, ' ', t('internalNote')),
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
  onLeave(followChat(id, {
    resync: reload,
    // A notice says the state moved (solved): read it all again. Otherwise the state follows the message by
    // the rules (a customer's reopens, an agent's answer waits on the customer) and only the badge changes.
    onMessage: async (m) => {
      if (m.author === 'system') return reload();
      add([m]);
      if (m.internal) return;
      const state = m.author === 'customer' ? 'open' : m.author === 'agent' ? 'pending' : conversation.state;
      conversation.state = state;
      const badge = document.getElementById('conversation-state');
      if (badge) { badge.dataset.state = state; badge.textContent = t('state.' + state); }
    },
    onState: (state) => {
      live.textContent = t(state === 'live' ? 'live' : 'offline');
      live.classList.toggle('off', state !== 'live');
      live.dataset.state = state;
    },
  }));
}
