import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { registerDisplay } from '../../../server/http/display-routes';

// The hall display page and its assets as the server sends them (server/http/display-routes.ts),
// from a built renderer folder made here.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'counter-display-'));
fs.mkdirSync(path.join(dir, 'assets'));
fs.writeFileSync(path.join(dir, 'display.html'), '<!doctype html><title>大厅叫号</title><script src="./assets/display-abc123.js"></script>');
fs.writeFileSync(path.join(dir, 'assets', 'display-abc123.js'), 'console.log("叫号")');
fs.writeFileSync(path.join(dir, 'secret.json'), '{"token":"x"}');

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function app(from: string) {
  const server = Fastify();
  registerDisplay(server, from);
  return server;
}

describe('the hall display page', () => {
  it('serves the page and its hashed scripts', async () => {
    const server = app(dir);
    const page = await server.inject({ method: 'GET', url: '/display?hall=JQ' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('大厅叫号');
    const script = await server.inject({ method: 'GET', url: '/assets/display-abc123.js' });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.body).toBe('console.log("叫号")');
  });

  it('serves nothing outside the assets folder', async () => {
    const server = app(dir);
    for (const url of ['/assets/..%2Fsecret.json', '/assets/%2E%2E%2Fdisplay.html', '/assets/secret.json', '/assets/missing.js']) {
      const answer = await server.inject({ method: 'GET', url });
      expect(answer.statusCode, url).toBe(404);
      expect(answer.body).not.toContain('token');
    }
  });

  it('says in Chinese that the page is not built when it is missing', async () => {
    const answer = await app(path.join(dir, 'nowhere')).inject({ method: 'GET', url: '/display?hall=JQ' });
    expect(answer.statusCode).toBe(503);
    expect(answer.json()).toMatchObject({ error: 'unavailable', reason: expect.stringContaining('npm run build') });
  });
});
