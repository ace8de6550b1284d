/**
 * A real SQLite file at the latest schema with staff, cases and ratings written as the ratings
 * module writes them (migration 0009's rows and the `rating.received` event), for the follow-up
 * and figures tests. Shared by test/unit/core/ratings/follow-ups/** and figures/**.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { calendarDateIn } from '../../../../../electron/contract/dates';
import type { Satisfaction } from '../../../../../electron/contract/ratings';
import type { Role } from '../../../../../electron/contract/roles';
import { buildWorkCalendar, loadCalendarFile, type WorkCalendar } from '../../../../../electron/core/calendar';
import { fixedClock } from '../../../../../electron/core/clock';
import type { FollowUpContext } from '../../../../../electron/core/ratings/follow-ups/follow-up-store';
import type { Db } from '../../../../../electron/core/storage/database';
import { LATEST_SCHEMA_VERSION } from '../../../../../electron/core/storage/migrations';
import { makeTempDir } from '../../../../support/temp-dirs';
import { migrate } from '../../storage/migrations/migrate-to';

export const TIME_ZONE = 'Asia/Shanghai';

/** A fresh database file at the schema this build writes. */
export function ratingsDb(): Db {
  const db = new Database(path.join(makeTempDir('ratings'), 'counter.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  migrate(db, LATEST_SCHEMA_VERSION);
  return db;
}

/** The 2018–2019 calendar of test/support/calendar (国庆 2019: 10-01…07 off, 09-29 and 10-12 worked). */
export function calendar2019(): WorkCalendar {
  const file = fileURLToPath(new URL('../../../../support/calendar/cn-calendar-2018-2019.json', import.meta.url));
  return buildWorkCalendar(loadCalendarFile(JSON.parse(readFileSync(file, 'utf8'))).years);
}

export function followUpContext(now: string, workingDays = 15, calendar: WorkCalendar = calendar2019()): FollowUpContext {
  return {
    clock: fixedClock(now),
    window: { hallCode: 'JQ', hallName: '金桥区政务服务中心', windowNumber: 12, timeZone: TIME_ZONE },
    timeZone: TIME_ZONE,
    followUpWorkingDays: workingDays,
    calendar: () => calendar,
  };
}

export function addStaff(db: Db, id: string, name: string, role: Role = 'clerk'): void {
  db.prepare(
    `INSERT INTO staff (id, staff_number, name, pin_hash, created_at, updated_at, role) VALUES (?, ?, ?, 'h', 't', 't', ?)`,
  ).run(id, `n-${id}`, name, role);
}

export interface CaseFixture {
  id: string;
  caseNumber: string;
  itemCode: string;
  itemName: string;
  staffId: string;
  applicant: Record<string, unknown>;
}

/** A case row and its stored state with what the ratings read of it (item, applicant). */
export function addCase(db: Db, c: CaseFixture): void {
  db.prepare(
    `INSERT OR IGNORE INTO catalog_items (code, version, name, department, case_type, legal_days, promised_days, in_force, catalog_version, body, imported_at)
     VALUES (?, 1, ?, '市场监管局', 'promised', 20, 10, 1, 'v1', '{}', 't')`,
  ).run(c.itemCode, c.itemName);
  const seq = db
    .prepare(
      `INSERT INTO cases (id, case_number, item_code, item_version, status, applicant_name, applicant_id_number, applicant_mobile,
         received_at, received_date, window_number, staff_id, version)
       VALUES (?, ?, ?, 1, 'delivered', 'x', 'x', 'x', 't', '2019-09-27', 12, ?, 1)`,
    )
    .run(c.id, c.caseNumber, c.itemCode, c.staffId).lastInsertRowid;
  const state = { id: c.id, caseNumber: c.caseNumber, item: { code: c.itemCode, version: 1, name: c.itemName }, applicant: c.applicant };
  db.prepare('INSERT INTO case_states (case_seq, state) VALUES (?, ?)').run(seq, JSON.stringify(state));
}

export interface RatingFixture {
  id: string;
  satisfaction: Satisfaction;
  receivedAt: string;
  staffId?: string | null;
  caseId?: string | null;
  windowNumber?: number;
}

let keys = 0;

/** A rating as commitVote stores it: its `rating.received` event (stream version 1) and its row. */
export function addRating(db: Db, r: RatingFixture): void {
  const staffId = r.staffId ?? null;
  const caseId = r.caseId ?? null;
  const eventId = `e-${r.id}`;
  db.prepare(
    `INSERT INTO events (id, stream_type, stream_id, stream_version, type, occurred_at, hall_code, window_number, staff_id, payload)
     VALUES (?, 'rating', ?, 1, 'rating.received', ?, 'JQ', ?, ?, '{}')`,
  ).run(eventId, r.id, r.receivedAt, r.windowNumber ?? 12, staffId);
  keys += 1;
  db.prepare(
    `INSERT INTO ratings (id, vote_key, satisfaction, received_at, received_date, rated_at, rated_date, attribution, session_id, case_id, staff_id,
       hall_code, window_number, protocol, device_serial, device_event_id, address, slot, device_time, event_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'JQ', ?, 'v1', 'SN-1', ?, 1, 0, ?, ?)`,
  ).run(
    r.id,
    `v1:SN-1:${keys}`,
    r.satisfaction,
    r.receivedAt,
    calendarDateIn(TIME_ZONE, new Date(r.receivedAt)),
    r.receivedAt,
    calendarDateIn(TIME_ZONE, new Date(r.receivedAt)),
    caseId !== null ? 'session' : staffId !== null ? 'on_duty' : 'nobody',
    caseId !== null ? `00000000-0000-4000-8000-${String(keys).padStart(12, '0')}` : null,
    caseId,
    staffId,
    r.windowNumber ?? 12,
    keys,
    r.receivedAt,
    eventId,
  );
}
