#!/usr/bin/env node
// The editor's local backend: decap-server's own middlewares (fs or git mode), behind
// two checks, listening on 127.0.0.1 only. Started by scripts/edit.py.
//
// decap-server alone listens on every interface and answers any Host, and its CORS
// accepts every port of localhost. Here:
//  - a request whose Host is not 127.0.0.1:PORT or localhost:PORT gets 403 (DNS rebinding);
//  - a request with an Origin other than the preview's own (BANTIN_ORIGINS) gets 403,
//    preflight included, so no other local page or port can read or write through it.
//
// Environment: PORT, MODE (fs|git), GIT_REPO_DIRECTORY, BANTIN_ORIGINS (space-separated),
// BANTIN_NODE_MODULES (editor/node_modules, pinned by editor/package-lock.json).
'use strict';

const fs = require('fs');
const path = require('path');
const fromEditor = require('module').createRequire(
  path.join(process.env.BANTIN_NODE_MODULES || path.join(__dirname, '..', '..', '..', 'editor', 'node_modules'), 'x.js'));
const express = fromEditor('express');
const { registerLocalFs, registerLocalGit } = fromEditor('decap-server/dist/middlewares');

const port = parseInt(process.env.PORT || '8081', 10);
const mode = process.env.MODE || 'fs';
const origins = new Set((process.env.BANTIN_ORIGINS || '').split(/\s+/).filter(Boolean));
const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

function refuse(res, message) {
  res.status(403).type('text/plain; charset=utf-8').send(message + '\n');
}

const app = express();
app.disable('x-powered-by');
app.use((req, res, next) => {
  const host = String(req.headers.host || '').toLowerCase();
  if (!hosts.has(host)) {
    return refuse(res, `Yêu cầu bị từ chối: máy chủ lưu bài chỉ trả lời địa chỉ 127.0.0.1:${port} (tên máy nhận được: ${host.slice(0, 100) || '(không có)'}).`);
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !origins.has(origin)) {
    return refuse(res, `Yêu cầu bị từ chối: chỉ trang soạn thảo (${[...origins].join(', ')}) được gửi yêu cầu tới máy chủ lưu bài (nguồn nhận được: ${String(origin).slice(0, 100)}).`);
  }
  next();
});

// Sorting by date. Decap sorts entries by the raw text of the field, and writers (and the
// template) write dates the Vietnamese way, 25/11/2022 14:32, which does not sort as text.
// So each article handed to Decap carries one more front-matter line, `bantin_sort:
// "2022-11-25 14:32"` (ISO, sorts as text), read from its `date`; the collections sort on
// it. The line never reaches the disk: it is taken out of every article Decap saves.
const SORT_KEY = 'bantin_sort';
const SORT_LINE = new RegExp(`^${SORT_KEY}:.*(?:\r?\n|$)`, 'm');

function sortValue(raw) {
  const fm = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---/.exec(raw);
  const date = fm && /^date:[ \t]*['"]?([^'"#\r\n]*)/m.exec(fm[1]);
  if (!date) return '';
  const text = date[1].trim();
  let m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T]+(\d{1,2}):(\d{2}))?/.exec(text);
  if (m) return `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')} ${(m[4] || '00').padStart(2, '0')}:${m[5] || '00'}`;
  m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T]+(\d{1,2}):(\d{2}))?/.exec(text);
  if (m) return `${m[1]}-${m[2]}-${m[3]} ${(m[4] || '00').padStart(2, '0')}:${m[5] || '00'}`;
  return '';
}

function withSortKey(entry) {
  if (!entry || typeof entry.data !== 'string' || !/\.md$/.test((entry.file && entry.file.path) || '')) return entry;
  const m = /^(\uFEFF?---\r?\n)/.exec(entry.data);
  if (!m) return entry;
  const line = `${SORT_KEY}: "${sortValue(entry.data)}"\n`;
  return { ...entry, data: m[1] + line + entry.data.slice(m[1].length) };
}

function withoutSortKey(file) {
  if (!file || typeof file.raw !== 'string') return file;
  const m = /^(\uFEFF?---\r?\n)([\s\S]*?)(\r?\n---)/.exec(file.raw);
  if (!m || !SORT_LINE.test(m[2])) return file;
  const front = m[2].replace(SORT_LINE, '').replace(/\r?\n$/, '');
  return { ...file, raw: m[1] + front + file.raw.slice(m[1].length + m[2].length) };
}

// Key order. Decap writes the front matter's top-level keys in the configuration's order
// (the template's). An article written in another order would see every key move on
// its first save; so the saved front matter's top-level entries are put back in the
// order of the file on disk, new keys after the key that precedes them in Decap's output.
const TOP_KEY = /^(?!#)([^\s:'"-][^:]*|"[^"]*"|'[^']*'):(?:\s|$)/;

function topBlocks(front) {
  const blocks = [];
  for (const line of front.split(/\r?\n/)) {
    const m = TOP_KEY.exec(line);
    if (m || !blocks.length) blocks.push({ key: m ? m[1] : null, lines: [line] });
    else blocks[blocks.length - 1].lines.push(line);
  }
  return blocks;
}

function frontMatter(raw) {
  const m = /^(\uFEFF?---\r?\n)([\s\S]*?)(\r?\n---(?:\r?\n|$)[\s\S]*)$/.exec(raw);
  return m && { head: m[1], front: m[2], tail: m[3] };
}

function keepKeyOrder(newRaw, oldRaw) {
  const now = frontMatter(newRaw), before = frontMatter(oldRaw);
  if (!now || !before) return newRaw;
  const blocks = topBlocks(now.front);
  if (blocks.some((b) => b.key === null)) return newRaw; // not the plain map Decap writes: leave it
  const oldOrder = topBlocks(before.front).map((b) => b.key).filter(Boolean);
  const byKey = new Map(blocks.map((b) => [b.key, b]));
  const order = oldOrder.filter((k) => byKey.has(k));
  blocks.forEach((b, i) => {
    if (order.includes(b.key)) return;
    let at = 0;
    for (let j = i - 1; j >= 0; j--) {
      const k = order.indexOf(blocks[j].key);
      if (k >= 0) { at = k + 1; break; }
    }
    order.splice(at, 0, b.key);
  });
  const front = order.map((k) => byKey.get(k).lines.join('\n')).join('\n');
  return now.head + front + now.tail;
}

const repo = path.resolve(process.env.GIT_REPO_DIRECTORY || process.cwd());

function onDisk(rel) {
  const file = path.resolve(repo, String(rel || ''));
  if (!file.startsWith(repo + path.sep)) return null; // decap-server refuses such paths itself
  try { return fs.readFileSync(file, 'utf8'); } catch (e) { return null; }
}

function forDisk(file) {
  file = withoutSortKey(file);
  if (!file || typeof file.raw !== 'string') return file;
  const old = onDisk(file.path);
  return old === null ? file : { ...file, raw: keepKeyOrder(file.raw, old) };
}

app.use(express.json({ limit: '50mb' }));
app.use((req, res, next) => {
  const body = req.body || {};
  if (body.action === 'persistEntry' && body.params) {
    if (body.params.entry) body.params.entry = forDisk(body.params.entry);
    if (Array.isArray(body.params.dataFiles)) body.params.dataFiles = body.params.dataFiles.map(forDisk);
  }
  if (['entriesByFolder', 'entriesByFiles', 'getEntry'].includes(body.action)) {
    const json = res.json.bind(res);
    res.json = (payload) => json(Array.isArray(payload) ? payload.map(withSortKey) : withSortKey(payload));
  }
  next();
});

// decap-server's own CORS then answers: it reflects a localhost origin, and only the
// preview's origins get this far.
const options = { logLevel: process.env.LOG_LEVEL || 'warn' };

(async () => {
  try {
    if (mode === 'git') await registerLocalGit(app, options);
    else await registerLocalFs(app, options);
  } catch (error) {
    console.error(`Không khởi động được máy chủ lưu bài: ${error && error.message}`);
    process.exit(1);
  }
  const server = app.listen(port, '127.0.0.1', () => {
    console.log(`Máy chủ lưu bài (decap-server, chế độ ${mode === 'git' ? 'git: mỗi lần lưu là một commit' : 'tệp'}) tại http://127.0.0.1:${port}/api/v1`);
  });
  server.on('error', (error) => {
    console.error(`Không mở được cổng ${port} cho máy chủ lưu bài: ${error.message}`);
    process.exit(1);
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
})();
