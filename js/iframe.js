// Silent authentication: the authorize URL (prompt=none, response_mode=web_message) in a
// hidden iframe; the server's session cookie decides, and its answer arrives by postMessage
// (message.js). The iframe is removed when the flow ends.
import { webMessage } from './message.js';

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
