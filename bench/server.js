// The benchmark's local server (127.0.0.1): both packages, the pages, and an API endpoint that
// answers 200 at once. Cross-origin isolated (COOP/COEP) so performance.now() is precise.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const roots = { '/pkg/': join(root, 'pkg'), '/auth0/': join(root, 'node_modules/@auth0/auth0-spa-js/dist') };
const types = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };

export function fileFor(pathname) {
  for (const [prefix, dir] of Object.entries(roots)) {
    if (pathname.startsWith(prefix)) {
      const file = normalize(join(dir, pathname.slice(prefix.length)));
      return file.startsWith(dir) ? file : undefined;
    }
  }
  return undefined;
}

export async function startBenchServer() {
  const isolation = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };
  const fetched = new Set(); // package files served (the bytes a page fetched), engine-neutral
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    if (fileFor(url.pathname)) fetched.add(url.pathname);
    if (url.pathname.startsWith('/api/')) {
      req.resume();
      req.on('end', () => res.writeHead(200, { ...isolation, 'content-type': 'application/json' }).end('{"ok":true}'));
      return;
    }
    if (url.pathname.endsWith('.html')) {
      // plain.html is not cross-origin isolated: silent authentication (an iframe) runs there.
      res.writeHead(200, { ...(url.pathname === '/plain.html' ? {} : isolation), 'content-type': 'text/html' }).end(`<!doctype html><title>bench</title>${url.searchParams.get('script') ? `<script type="module" src="${url.searchParams.get('script')}"></script>` : ''}`);
      return;
    }
    const file = fileFor(url.pathname) ?? (url.pathname.startsWith('/bench/') ? normalize(join(root, url.pathname)) : undefined);
    try {
      if (!file || !file.startsWith(root)) throw new Error('not found');
      const body = await readFile(file);
      res.writeHead(200, { ...isolation, 'content-type': types[extname(file)] || 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404, isolation).end();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { fetched, origin: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }) };
}
