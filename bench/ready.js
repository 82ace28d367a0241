// A page that only starts the SDK with an existing session and records when it is ready
// (performance.now() counts from navigation start).
const name = new URLSearchParams(location.search).get('sdk');
const { client } = await import('/bench/page.js');
const c = await client(name, `bench-ready-${name}`);
window.ready = { at: performance.now(), authenticated: await c.isAuthenticated() };
