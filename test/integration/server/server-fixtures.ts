import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { ENROLMENT_TOKEN_HEADER, SYNC_PATHS, type SyncEvent } from '../../../electron/contract/sync';
import { openDatabase, type ServerDatabase } from '../../../server/db/database';
import { issueEnrolmentCode } from '../../../server/enrolment/enrolment';
import { buildApp } from '../../../server/http/app';
import { silentLog } from '../../../server/log';
import { enrolRequest } from '../../support/enrol-request';
import type { TestPostgres } from '../../support/postgres';
import { freshPgliteDataDir } from '../../support/sync-server';

/** A case's events at a window: `count` versions of one case stream, oldest first. */
export function caseEvents(hall: string, window: number, count: number, caseId: string = uuidv7()): SyncEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    id: uuidv7(),
    stream: { type: 'case' as const, id: caseId },
    version: i + 1,
    type: i === 0 ? 'case.accepted' : 'case.noteAdded',
    occurredAt: new Date(Date.UTC(2026, 10, 23, 1, 2, 3, i)).toISOString(),
    hall,
    window,
    staff: null,
    payload: { note: `第 ${i + 1} 步`, applicant: '张三' },
  }));
}

/** An app on a real socket, over a real database of the given backend. */
export interface LiveApp {
  db: ServerDatabase;
  app: FastifyInstance;
  url: string;
  close(): Promise<void>;
}

/** Opens a fresh database (a PGlite folder from the template, or a new database on the cluster) and serves buildApp on 127.0.0.1. */
export async function startLiveApp(backend: 'pglite' | 'postgres', cluster: TestPostgres | null, options: { bodyLimit?: number } = {}): Promise<LiveApp> {
  let db: ServerDatabase;
  let dir: string | null = null;
  if (backend === 'pglite') {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'counter-server-'));
    await freshPgliteDataDir(dir);
    db = await openDatabase({ dataDir: dir, log: silentLog });
  } else {
    if (cluster === null) throw new Error('postgres backend without a cluster');
    const url = await cluster.createDatabase(`t_${Math.random().toString(36).slice(2, 10)}`);
    db = await openDatabase({ databaseUrl: url, log: silentLog });
  }
  const app = buildApp({ db, log: silentLog, ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    db,
    app,
    url: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
      await db.close();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** POSTs JSON (or a raw string) to the server; the status and parsed answer. */
export async function post(url: string, body: unknown, token?: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { [ENROLMENT_TOKEN_HEADER]: token } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* keep the text */
  }
  return { status: response.status, body: parsed };
}

/** Issues a code and trades it for a token through the real endpoint. */
export async function enrolledToken(live: LiveApp, hall: string, window: number): Promise<string> {
  const code = await issueEnrolmentCode(live.db.pool, hall, window);
  const { token, body } = enrolRequest(code, hall, window);
  const answer = await post(`${live.url}${SYNC_PATHS.enrol}`, body);
  if (answer.status !== 200) throw new Error(`enrol failed: ${JSON.stringify(answer)}`);
  return token;
}

/** Events stored for a hall (by the database itself, not by the server's answer). */
export async function storedIds(db: ServerDatabase, hall: string): Promise<string[]> {
  const rows = await db.pool.query<{ id: string }>('SELECT id FROM events WHERE hall = $1 ORDER BY seq', [hall]);
  return rows.rows.map((r) => r.id);
}
