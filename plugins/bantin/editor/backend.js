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
// Environment: PORT, MODE (fs|git), GIT_REPO_DIRECTORY, BANTIN_ORIGINS (space-separated).
'use strict';

const express = require('express');
const { registerLocalFs, registerLocalGit } = require('decap-server/dist/middlewares');

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
