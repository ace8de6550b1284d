import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { QUEUE_PATHS } from '../../electron/contract/queue';
import { sendError } from './errors';

// The hall display page (GET /display?hall=JQ, issue 17): the renderer's second entry, built by
// `npm run build` to dist/renderer/display.html, with its hashed scripts and styles under
// dist/renderer/assets/ (asked for as /assets/<file>: Vite's base is './'). Public and read-only,
// like the calls stream it reads; it holds no data of its own.

/** Where the built renderer is, from this file (server/http/ → dist/renderer/). */
export const RENDERER_DIST = fileURLToPath(new URL('../../dist/renderer/', import.meta.url));

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** Registers /display and /assets/:file, reading from `dir` (default RENDERER_DIST). */
export function registerDisplay(app: FastifyInstance, dir: string = RENDERER_DIST): void {
  app.get(QUEUE_PATHS.display, async (_request, reply) => {
    let page: Buffer;
    try {
      page = await fs.promises.readFile(path.join(dir, 'display.html'));
    } catch {
      return sendError(reply, 'unavailable', '大厅显示页面尚未构建（缺少 dist/renderer/display.html），请先运行 npm run build');
    }
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(page);
  });

  app.get<{ Params: { file: string } }>('/assets/:file', async (request, reply) => {
    const file = request.params.file;
    const type = TYPES[path.extname(file)];
    // Plain file names only: nothing outside the assets folder can be named.
    if (!/^[\w.-]+$/.test(file) || file.startsWith('.') || type === undefined) return sendError(reply, 'invalid', `没有这个文件：${file.slice(0, 100)}`, 404);
    let body: Buffer;
    try {
      body = await fs.promises.readFile(path.join(dir, 'assets', file));
    } catch {
      return sendError(reply, 'invalid', `没有这个文件：${file}`, 404);
    }
    // Hashed names: a file's content never changes under its name.
    return reply.type(type).header('cache-control', 'public, max-age=31536000, immutable').send(body);
  });
}
