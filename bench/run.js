// `npm run bench`: dpop-spa (the release package in pkg/) side by side with
// @auth0/auth0-spa-js 2.28.3 and the raw WebCrypto floor, in one run per browser engine
// (Chromium, Firefox ESR, WebKitGTK, through tests/engines.js). Prints a table per engine,
// writes bench/results.json and bench/chart.svg (Chromium). Never fails on a timing.
//   DPOP_SPA_BROWSERS="chromium firefox" npm run bench    some engines only
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { launch } from '../tests/engines.js';
import { fileFor, startBenchServer } from './server.js';

const out = new URL('.', import.meta.url);
const SDKS = ['dpop-spa', 'auth0-spa-js'];
const ENGINES = (process.env.DPOP_SPA_BROWSERS || 'chromium firefox webkit').split(/\s+/).filter(Boolean);
const log = (s) => process.stdout.write(`${s}\n`);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const srv = await startBenchServer();
const all = {};

for (const engine of ENGINES) {
  const browser = await launch({ engine });
  const results = all[engine] = { engine, machine: {}, proof: {}, fetch: {}, ready: {}, bytes: {} };
  results.machine = {
    cpu: cpus()[0]?.model, cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30),
    browser: await browser.version(), node: process.version, date: new Date().toISOString().slice(0, 10),
  };
  log(`\nbench in ${engine}: ${results.machine.cpu}, ${results.machine.cores} cores, ${results.machine.browser}`);
  const context = await browser.newContext();
  const page = await context.newPage();
  const inPage = async (fn, ...args) => {
    await page.goto(`${srv.origin}/index.html`);
    return page.evaluate(async ([src, args]) => (await import('/bench/page.js'))[src](...args), [fn, args]);
  };

  // Proofs over 7 rounds (a 2-core VM is noisy): each round measures dpop-spa and the floor
  // in one page, back to back, and auth0-spa-js in another; each ratio is the median over the
  // rounds of that round's pair, each figure the median round.
  const rounds = { 'dpop-spa': [], 'auth0-spa-js': [], floor: [] };
  for (let round = 0; round < 7; round++) {
    const pair = await inPage('proofPair', round);
    rounds['dpop-spa'].push(pair['dpop-spa']);
    rounds.floor.push(pair.floor);
    rounds['auth0-spa-js'].push((await inPage('proofBench', 'auth0-spa-js')).mean);
  }
  for (const [name, means] of Object.entries(rounds)) results.proof[name] = { mean: median(means), roundMeans: means };
  results.proof.ratioFloor = median(rounds['dpop-spa'].map((m, i) => m / rounds.floor[i]));
  results.proof.ratioAuth0 = median(rounds['dpop-spa'].map((m, i) => m / rounds['auth0-spa-js'][i]));
  for (const name of SDKS) results.fetch[name] = await inPage('fetchBench', name);

  // Client ready with an existing session: 15 fresh navigations each (warm HTTP cache).
  for (const name of SDKS) {
    await inPage('seedSession', name, `bench-ready-${name}`);
    const times = [];
    for (let i = 0; i < 15; i++) {
      await page.goto(`${srv.origin}/ready.html?sdk=${name}&script=/bench/ready.js`);
      let r;
      for (let t = 0; !r && t < 400; t++) r = await page.evaluate(() => window.ready) || await new Promise((ok) => setTimeout(ok, 50));
      if (!r?.authenticated) throw new Error(`${name}: the seeded session was not picked up`);
      times.push(r.at);
    }
    results.ready[name] = { median: median(times), n: times.length };
  }

  // Bytes: the package files a page fetched (the server's log; lazily loaded flow modules and
  // the worker included) to run a configuration: `proof` starts the client and makes a proof;
  // (a) `iframe`, the defaults with a session, restores it by silent authentication; (b)
  // `worker`, the memory cache with refresh tokens, sends its refresh through the worker.
  // The bench server is no authorization server, so (a) and (b) fail after fetching the code
  // they run; that is what is counted.
  const CONFIGS = {
    proof: {},
    iframe: { cacheLocation: 'memory', authorizeTimeoutInSeconds: 1 },
    worker: { cacheLocation: 'memory', useRefreshTokens: true },
  };
  for (const [config, extra] of Object.entries(CONFIGS)) for (const name of SDKS) {
    const ctx = await browser.newContext();
    const p2 = await ctx.newPage();
    srv.fetched.clear();
    await p2.goto(`${srv.origin}/${config === 'iframe' ? 'plain' : 'index'}.html`);
    await p2.evaluate(async ([name, config, extra]) => {
      const clientId = `bench-bytes-${config}`;
      if (config !== 'proof') document.cookie = `auth0.${clientId}.is.authenticated=true; path=/`;
      const m = await import('/bench/page.js');
      const c = await m.client(name, clientId, extra); // createAuth0Client: checkSession restores
      if (config === 'proof') await c.generateDpopProof({ url: location.href, method: 'GET' });
      await new Promise((r) => setTimeout(r, 300));
    }, [name, config, extra]);
    await ctx.close();
    const files = [...srv.fetched].filter((p) => (name === 'dpop-spa' ? p.startsWith('/pkg/') : p.startsWith('/auth0/')));
    const sizes = files.map((p) => {
      const data = readFileSync(fileFor(p));
      return {
        file: p, raw: data.length, gzip: gzipSync(data, { level: 9 }).length,
        brotli: brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
      };
    });
    const sum = (k) => sizes.reduce((a, s) => a + s[k], 0);
    const r = { files: sizes, raw: sum('raw'), gzip: sum('gzip'), brotli: sum('brotli') };
    if (config === 'proof') results.bytes[name] = r;
    else (results.bytes[config] ??= {})[name] = r;
  }
  await browser.close();
  report(results);
}
await srv.close();
all.packageBytes = packageBytes();
writeFileSync(new URL('results.json', out), `${JSON.stringify(all, null, 2)}\n`);
if (all.chromium) writeFileSync(new URL('chart.svg', out), chart(all.chromium));
log(`\nwrote bench/results.json${all.chromium ? ' and bench/chart.svg' : ''}`);

// The package's own files, gzip -9 (static: the same in every engine). Each wrapper is what an
// app adds to the core by using it, beside the official wrapper's ESM bundle (auth0-react's
// and auth0-vue's inline their own auth0-spa-js; auth0-angular's imports it). The inline-wasm
// path is what a bundler that leaves the .wasm behind ships instead of it.
function packageBytes() {
  const gz = (f) => gzipSync(readFileSync(new URL(f, new URL('..', import.meta.url))), { level: 9 }).length;
  const official = (p) => gz(`node_modules/@auth0/${p}`);
  const rows = [
    ['dpop-spa/react (react.js)', gz('pkg/react.js'), official('auth0-react/dist/auth0-react.esm.js'), 'auth0-react 2.27.0 ESM, spa-js inlined', 3000],
    ['dpop-spa/vue (vue.js)', gz('pkg/vue.js'), official('auth0-vue/dist/auth0-vue.production.esm.js'), 'auth0-vue 2.10.0 ESM, spa-js inlined', 3000],
    ['dpop-spa/angular (fesm2022)', gz('pkg/angular/fesm2022/dpop-spa-angular.mjs'), official('auth0-angular/fesm2022/auth0-auth0-angular.mjs'), 'auth0-angular 2.12.0 fesm2022, spa-js not included', 3000],
    ['core, default path (index.js + dpop_spa_bg.wasm)', gz('pkg/index.js') + gz('pkg/dpop_spa_bg.wasm'), null, '', 32000],
    ['core, inline-wasm path (index.js + wasm-inline.js)', gz('pkg/index.js') + gz('pkg/wasm-inline.js'), null, '', 38000],
  ];
  const table = ['| package files, gzip -9 | dpop-spa | official | official file | budget |', '|---|---|---|---|---|',
    ...rows.map(([what, ours, theirs, file, budget]) => `| ${what} | ${ours} B | ${theirs == null ? '' : `${theirs} B`} | ${file} | ≤ ${budget} B |`)].join('\n');
  log(`\npackage bytes (the same in every engine):\n\n${table}\n`);
  return { rows: rows.map(([what, ours, official, file, budget]) => ({ what, ours, official, file, budget })), table };
}

function report(results) {
  const ms = (x) => `${x.toFixed(3)} ms`;
  const kb = (b) => `${(b / 1000).toFixed(1)} KB`;
  const ratio = (a, b) => `${(a / b).toFixed(2)}×`;
  const P = results.proof, F = results.fetch, R = results.ready, B = results.bytes;
  const rows = [
    ['generateDpopProof, mean of 300 back-to-back calls (median of 7 rounds)', ms(P['dpop-spa'].mean), ms(P['auth0-spa-js'].mean), ms(P.floor.mean), `${P.ratioAuth0.toFixed(2)}×`, `${P.ratioFloor.toFixed(2)}×`, '≤ 0.3× auth0, ≤ 1.5× floor'],
    ['fetchWithAuth extra over plain fetch (median of 200 pairs)', ms(F['dpop-spa'].extra), ms(F['auth0-spa-js'].extra), '', ratio(F['dpop-spa'].extra, F['auth0-spa-js'].extra), '', '≤ 0.5× auth0'],
    ['  plain fetch / fetchWithAuth medians', `${ms(F['dpop-spa'].plain)} / ${ms(F['dpop-spa'].fetchWithAuth)}`, `${ms(F['auth0-spa-js'].plain)} / ${ms(F['auth0-spa-js'].fetchWithAuth)}`, '', '', '', ''],
    ['navigation start → createAuth0Client resolved, with a session (median of 15)', ms(R['dpop-spa'].median), ms(R['auth0-spa-js'].median), '', ratio(R['dpop-spa'].median, R['auth0-spa-js'].median), '', '≤ 1× auth0'],
    ['bytes fetched from the package, gzip -9', kb(B['dpop-spa'].gzip), kb(B['auth0-spa-js'].gzip), '', ratio(B['dpop-spa'].gzip, B['auth0-spa-js'].gzip), '', '≤ 32.0 KB (stretch 25.0)'],
    ['  (a) defaults, session restored through the iframe', kb(B.iframe['dpop-spa'].gzip), kb(B.iframe['auth0-spa-js'].gzip), '', ratio(B.iframe['dpop-spa'].gzip, B.iframe['auth0-spa-js'].gzip), '', '≤ 32.0 KB'],
    ['  (b) memory cache + refresh tokens, through the worker', kb(B.worker['dpop-spa'].gzip), kb(B.worker['auth0-spa-js'].gzip), '', ratio(B.worker['dpop-spa'].gzip, B.worker['auth0-spa-js'].gzip), '', '≤ 32.0 KB'],
    ['  raw / brotli', `${kb(B['dpop-spa'].raw)} / ${kb(B['dpop-spa'].brotli)}`, `${kb(B['auth0-spa-js'].raw)} / ${kb(B['auth0-spa-js'].brotli)}`, '', '', '', ''],
  ];
  const head = ['measure', 'dpop-spa', 'auth0-spa-js', 'floor', 'dpop/auth0', 'dpop/floor', 'target'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  const table = [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
  log(`\n${results.engine} (${results.machine.browser}):\n\n${table}\n`);
  for (const [label, b] of [['proof', B], ['(a) iframe', B.iframe], ['(b) worker', B.worker]]) {
    for (const name of SDKS) log(`${label}, ${name} files: ${b[name].files.map((f) => `${f.file} (${f.raw} B raw, ${f.gzip} B gzip)`).join(', ')}`);
  }
  results.table = table;
}

// Bars: each measure as a multiple of auth0-spa-js's figure (auth0-spa-js = 1).
function chart(r) {
  const items = [
    ['proof, per-call mean', r.proof['dpop-spa'].mean, r.proof['auth0-spa-js'].mean, r.proof.floor.mean],
    ['fetchWithAuth extra', Math.max(r.fetch['dpop-spa'].extra, 0), Math.max(r.fetch['auth0-spa-js'].extra, 1e-9), null],
    ['client ready', r.ready['dpop-spa'].median, r.ready['auth0-spa-js'].median, null],
    ['bytes (gzip -9)', r.bytes['dpop-spa'].gzip, r.bytes['auth0-spa-js'].gzip, null],
  ];
  const W = 640, rowH = 64, left = 170, barW = 400, H = 60 + items.length * rowH + 30;
  const max = Math.max(1.2, ...items.flatMap(([, d, a, f]) => [d / a, f ? f / a : 0]));
  const x = (v) => left + (v / max) * barW;
  let s = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="system-ui,sans-serif" font-size="12">`;
  s += `<rect width="100%" height="100%" fill="#fff"/><text x="16" y="24" font-size="15" font-weight="600">dpop-spa vs auth0-spa-js 2.28.3 (auth0-spa-js = 1, shorter is better)</text>`;
  s += `<text x="16" y="42" fill="#666">${r.machine.cpu}, ${r.machine.cores} cores, ${r.engine} ${r.machine.browser}, ${r.machine.date}</text>`;
  items.forEach(([label, d, a, f], i) => {
    const y = 60 + i * rowH;
    s += `<text x="16" y="${y + 22}">${label}</text>`;
    s += `<rect x="${left}" y="${y + 8}" width="${x(d / a) - left}" height="14" fill="#3b5bdb"/><text x="${x(d / a) + 4}" y="${y + 20}">dpop-spa ${(d / a).toFixed(2)}×</text>`;
    s += `<rect x="${left}" y="${y + 26}" width="${x(1) - left}" height="14" fill="#adb5bd"/><text x="${x(1) + 4}" y="${y + 38}">auth0-spa-js</text>`;
    if (f) s += `<rect x="${left}" y="${y + 44}" width="${x(f / a) - left}" height="8" fill="#2b8a3e"/><text x="${x(f / a) + 4}" y="${y + 52}">WebCrypto floor ${(f / a).toFixed(2)}×</text>`;
  });
  s += `<line x1="${x(1)}" y1="52" x2="${x(1)}" y2="${H - 20}" stroke="#999" stroke-dasharray="3 3"/></svg>\n`;
  return s;
}
