// The customer's chat with service about an order: answers arrive live over the WebSocket stream.

import { h, mount, fmt, notice } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import { api } from '../lib/api.js';
import { followChat } from '../lib/live.js';

/** A photo needs the bearer token: fetched, then shown from a blob URL. */
export function photo(conversationId, attachment) {
  const img = h('img', { class: 'chat-photo', alt: t('photo'), 'data-attachment': attachment.id });
  api(`/conversations/${encodeURIComponent(conversationId)}/attachments/${encodeURIComponent(attachment.id)}`)
    .then((blob) => { img.src = URL.createObjectURL(blob); }).catch(() => {});
  return img;
}

const bubble = (m) => h('li', { class: `from-${m.author}`, 'data-author': m.author, 'data-sequence': m.sequence },
  h('span', { class: 'who' }, `${t('author.' + m.author)} · ${fmt.time(m.createdAt)}`),
  m.attachment ? photo(m.conversationId, m.attachment) : h('span', { class: 'text' }, m.text));

/** Draws the conversation and follows it; returns the function that stops following. */
export async function chatPage(main, id) {
  let conversation = await api(`/conversations/${encodeURIComponent(id)}`);
  const text = h('input', { type: 'text', id: 'chat-text', maxlength: 2000, required: true, placeholder: t('chatPlaceholder') });
  const message = h('div');
  const live = h('span', { class: 'live off', id: 'chat-live', 'data-state': 'offline' }, t('offline'));
  let list = null;
  // New messages are appended, not redrawn, so what the customer is typing keeps its focus.
  const add = (messages) => {
    for (const m of messages) {
      if (conversation.messages.some((known) => known.sequence === m.sequence)) continue;
      conversation.messages.push(m);
      list.append(bubble(m));
    }
    list.lastElementChild?.scrollIntoView({ block: 'nearest' });
  };
  const draw = () => {
    list = h('ol', { class: 'chat', id: 'chat' }, conversation.messages.map(bubble));
    mount(main,
      h('p', {}, conversation.orderId ? h('a', { href: `/m/orders/${encodeURIComponent(conversation.orderId)}` }, '← ' + t('orders')) : h('a', { href: '/m/' }, '← ' + t('orders'))),
      h('section', { class: 'card' },
        h('h2', {}, t('service'), ' ', live),
        list,
        conversation.state === 'closed' ? h('p', { class: 'hint' }, t('state.closed')) : h('form', {
          class: 'chat-form', onsubmit: async (event) => {
            event.preventDefault();
            try {
              const sent = await api(`/conversations/${encodeURIComponent(id)}/messages`, { method: 'POST', body: { text: text.value } });
              text.value = '';
              mount(message);
              if (conversation.state === 'solved') await reload(); else add(sent.items);
            } catch (error) { mount(message, notice(error.message, 'error')); }
          },
        }, text, h('button', { type: 'submit', class: 'primary', id: 'chat-send' }, t('send')),
        h('label', { class: 'button', title: t('photo') }, '📷', h('input', { type: 'file', accept: 'image/jpeg,image/png', id: 'chat-photo', class: 'visually-hidden',
          onchange: async (event) => {
            const file = event.target.files[0];
            if (!file) return;
            try {
              add((await api(`/conversations/${encodeURIComponent(id)}/attachments`, { method: 'POST', body: file })).items);
              mount(message);
            } catch (error) { mount(message, notice(error.message, 'error')); }
            event.target.value = '';
          } }))),
        message,
        conversation.state === 'solved' ? rating() : null));
  };
  const reload = async () => {
    conversation = await api(`/conversations/${encodeURIComponent(id)}`);
    draw();
  };
  const rating = () => h('div', { class: 'actions', id: 'rating' }, h('span', {}, t('rate')), [1, 2, 3, 4, 5].map((score) => h('button', {
    type: 'button', class: 'small', 'data-score': score, onclick: async () => {
      conversation = { ...conversation, ...(await api(`/conversations/${encodeURIComponent(id)}/rating`, { method: 'POST', body: { score } })) };
      draw();
    },
  }, '★'.repeat(score))));
  draw();
  return followChat(id, {
    resync: reload,
    // A notice means the conversation's state moved (solved): read it again for the rating.
    onMessage: async (m) => (m.author === 'system' ? reload() : add([m])),
    onState: (state) => {
      live.textContent = t(state === 'live' ? 'live' : 'offline');
      live.classList.toggle('off', state !== 'live');
      live.dataset.state = state;
    },
  });
}

/** Opens a conversation about the order ("where is my order") and goes to it. */
export async function askAbout(orderId, go) {
  const conversation = await api('/conversations', { method: 'POST', body: { orderId, category: 'whereIsMyOrder', text: t('whereIsMyOrder') } });
  go(`/m/conversations/${encodeURIComponent(conversation.id)}`);
}
