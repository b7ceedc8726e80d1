#!/usr/bin/env node
// Serves the built site (dist/) the way a real static host would: gzip/brotli for text and wasm,
// long caching for hashed assets, and the 404 page of the reader's language (/en/… → English).
//   node scripts/serve.mjs [--port 4321] [--host 127.0.0.1] [--dir dist] [--no-compress] [--quiet]
import http from 'node:http';
import { readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import sirv from 'sirv';
import compression from 'compression';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const port = Number(opt('port', process.env.PORT ?? 4321));
const host = opt('host', '127.0.0.1');
const dir = resolve(opt('dir', 'dist'));
const compress = !args.includes('--no-compress');
const quiet = args.includes('--quiet');

if (!existsSync(join(dir, 'index.html'))) {
  console.error(`serve: ${dir}/index.html not found — run "npm run build" first.`);
  process.exit(1);
}

const notFound = {
  ru: readFileSync(join(dir, '404.html')),
  en: readFileSync(join(dir, 'en', '404', 'index.html')),
};

const assets = sirv(dir, {
  dev: false,
  etag: true,
  extensions: ['html'],
  setHeaders(res, pathname) {
    if (pathname.startsWith('/_astro/')) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    else res.setHeader('Cache-Control', 'public, max-age=0, must-revalidate');
  },
});

// compression's default filter skips application/wasm; a real host compresses it (stack.md P6).
const gzip = compression({
  filter: (req, res) => /wasm|json|javascript|css|html|xml|svg|text|octet-stream/.test(String(res.getHeader('Content-Type') ?? '')) || compression.filter(req, res),
});

const server = http.createServer((req, res) => {
  const next = () =>
    assets(req, res, () => {
      const lang = /^\/en(\/|$)/.test(req.url ?? '') ? 'en' : 'ru';
      res.statusCode = 404;
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end(notFound[lang]);
    });
  if (compress) gzip(req, res, next);
  else next();
});

// A file that vanishes mid-read (e.g. a rebuild while serving) must cost one request, not the server.
process.on('uncaughtException', (error) => console.error(`serve: ${error.message}`));

server.listen(port, host, () => {
  if (!quiet) console.log(`serving ${dir} at http://${host === '0.0.0.0' ? 'localhost' : host}:${port}/ (search included; Ctrl+C stops)`);
});
