// The customer's chat with service about an order.

import { h, mount, fmt, notice } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import { api } from '../lib/api.js';

export async function chatPage(main, id) {
  let conversation = await api(`/conversations/${encodeURIComponent(id)}`);
  const text = h('input', { type: 'text', id: 'chat-text', maxlength: 2000, required: true, placeholder: t('chatPlaceholder') });
  const message = h('div');
  const draw = () => {
    mount(main,
      h('p', {}, conversation.orderId ? h('a', { href: `/m/orders/${encodeURIComponent(conversation.orderId)}` }, '← ' + t('orders')) : h('a', { href: '/m/' }, '← ' + t('orders'))),
      h('section', { class: 'card' },
        h('h2', {}, t('service')),
        h('ol', { class: 'chat', id: 'chat' }, conversation.messages.map((m) => h('li', { class: `from-${m.author}`, 'data-author': m.author },
          h('span', { class: 'who' }, `${t('author.' + m.author)} · ${fmt.time(m.createdAt)}`), h('span', { class: 'text' }, m.text)))),
        conversation.state === 'closed' ? h('p', { class: 'hint' }, t('state.closed')) : h('form', {
          class: 'chat-form', onsubmit: async (event) => {
            event.preventDefault();
            try {
              await api(`/conversations/${encodeURIComponent(id)}/messages`, { method: 'POST', body: { text: text.value } });
              conversation = await api(`/conversations/${encodeURIComponent(id)}`);
              text.value = '';
              draw();
            } catch (error) { mount(message, notice(error.message, 'error')); }
          },
        }, text, h('button', { type: 'submit', class: 'primary', id: 'chat-send' }, t('send'))),
        message,
        conversation.state === 'solved' ? rating() : null));
  };
  const rating = () => h('div', { class: 'actions', id: 'rating' }, h('span', {}, t('rate')), [1, 2, 3, 4, 5].map((score) => h('button', {
    type: 'button', class: 'small', 'data-score': score, onclick: async () => {
      conversation = { ...conversation, ...(await api(`/conversations/${encodeURIComponent(id)}/rating`, { method: 'POST', body: { score } })) };
      draw();
    },
  }, '★'.repeat(score))));
  draw();
}

/** Opens a conversation about the order ("where is my order") and goes to it. */
export async function askAbout(orderId, go) {
  const conversation = await api('/conversations', { method: 'POST', body: { orderId, category: 'whereIsMyOrder', text: t('whereIsMyOrder') } });
  go(`/m/conversations/${encodeURIComponent(conversation.id)}`);
}
