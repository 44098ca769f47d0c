// Following one order live over its server-sent events (the browser reconnects by itself with
// Last-Event-ID). Events come faster than a page can be fetched: updates run one at a time, in order,
// so an older answer never overwrites a newer one.

import { streamURL } from './api.js';

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
