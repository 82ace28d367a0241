// Silent authentication: the authorize URL (prompt=none, response_mode=web_message) in a
// hidden iframe; the server's session cookie decides, and its answer arrives by postMessage.
// Also the web_message listener, which popup.js shares.
import { GenericError, PopupCancelledError, PopupTimeoutError, TimeoutError } from './index.js';

export async function silentAuth(url, origin, state, timeoutMs) {
  const frame = document.createElement('iframe');
  frame.width = frame.height = '0';
  frame.style.display = 'none';
  const answer = webMessage({ origin, state, source: () => frame.contentWindow, timeoutMs });
  document.body.appendChild(frame);
  frame.src = url;
  try {
    return await answer;
  } finally {
    frame.remove();
  }
}

// The web_message response: the authorization server's response page posts
// `{type: 'authorization_response', response}` to its opener or parent. Only a message from
// `origin`, from the window we opened, of that type and carrying our `state` is taken;
// anything else is ignored, so another frame can neither answer nor abort the flow.
// Resolves with `{code, state, …}`; rejects with the server's error (a GenericError with its
// `error`), a TimeoutError (PopupTimeoutError for a popup) after `timeoutMs`, or
// PopupCancelledError once `popup` is closed (polled every second).
export function webMessage({ origin, state, source, timeoutMs, popup }) {
  return new Promise((resolve, reject) => {
    const timers = [];
    const finish = (f, v) => {
      removeEventListener('message', onMessage);
      for (const t of timers) clearInterval(t);
      f(v);
    };
    const onMessage = (e) => {
      const r = e.data?.response;
      if (e.origin !== origin || e.data.type !== 'authorization_response' || e.source !== source() || !r || r.state !== state) return;
      if (r.error) finish(reject, new GenericError(String(r.error), String(r.error_description ?? r.error)));
      else if (typeof r.code === 'string') finish(resolve, r);
    };
    addEventListener('message', onMessage);
    timers.push(setTimeout(() => finish(reject, popup ? new PopupTimeoutError(popup) : new TimeoutError()), timeoutMs));
    if (popup) timers.push(setInterval(() => popup.closed && finish(reject, new PopupCancelledError(popup)), 1000));
  });
}
