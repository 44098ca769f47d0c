// Following one order live over its server-sent events (the browser reconnects by itself with
// Last-Event-ID). Events come faster than a page can be fetched: updates run one at a time, in order,
// so an older answer never overwrites a newer one.

import { streamURL, refresh } from './api.js';

/**
 * Calls `update(event)` for each tracking event that `isKnown(event)` says the page has not shown yet,
 * and `onState('live' | 'offline')` as the connection opens and drops. Returns a function that stops.
 */
export function followOrder(orderId, { isKnown, update, onState = () => {} }) {
  const stream = new EventSource(streamURL(`/orders/${encodeURIComponent(orderId)}/events`));
  stream.addEventListener('open', () => onState('live'));
  stream.addEventListener('error', () => onState('offline'));
  let updates = Promise.resolve();
  stream.addEventListener('tracking', (message) => {
    const event = JSON.parse(message.data);
    updates = updates.then(async () => {
      if (!isKnown(event)) await update(event);
    }).catch((error) => console.warn(error));
  });
  return () => stream.close();
}

/**
 * Follows one conversation (every one the user may read when `conversationId` is null) live over the
 * WebSocket stream. `resync()` is called once the stream is
 * connected (and after every reconnection that could not resume), so a page that reads the conversation
 * there misses nothing committed before; `onMessage(message)` is called for each chat message of this
 * conversation after that, possibly one already read (pages skip known sequences). Reconnects with
 * `chatSince` after a drop. Returns a function that stops.
 */
export function followChat(conversationId, { resync, onMessage, onState = () => {} }) {
  let socket = null;
  let chatSince = null;
  let stopped = false;
  let delay = 500;
  let queue = Promise.resolve();
  const run = (step) => { queue = queue.then(step).catch((error) => console.warn(error)); };
  const connect = () => {
    if (stopped) return;
    const url = new URL(streamURL('/stream' + (chatSince === null ? '' : `?chatSince=${chatSince}`)), window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    socket = new WebSocket(url);
    let greeted = false;
    socket.addEventListener('message', (frame) => {
      const data = JSON.parse(frame.data);
      if (data.type === 'hello') {
        greeted = true;
        delay = 500;
        onState('live');
        if (chatSince === null) run(resync);
        chatSince = data.chatPosition ?? chatSince;
      } else if (data.type === 'chat') {
        chatSince = data.chatPosition;
        if (conversationId === null || data.conversationId === conversationId) run(() => onMessage(data.message));
      }
    });
    socket.addEventListener('close', async () => {
      onState('offline');
      if (stopped) return;
      // Refused before the hello: most likely an access token that expired while the page was open.
      try {
        if (!greeted && !(await refresh())) return;
      } catch { /* offline: try again later */ }
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 10000);
    });
  };
  connect();
  return () => { stopped = true; socket?.close(); };
}
