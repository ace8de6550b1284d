import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseChange, CaseSubscriptions } from '../../../../electron/core/assembly/capability-module';
import { createCaseChangeBus, type CaseChangeBus } from '../../../../electron/core/assembly/case-change-bus';
import { applyCaseEvent } from '../../../../electron/core/cases/case-lifecycle';
import { createLogger } from '../../../../electron/core/logging/logger';
import type { Db } from '../../../../electron/core/storage/database';
import { caseEventMaker, foodLicenceSnapshot } from '../../../support/case-events';
import { makeTempDir } from '../../../support/temp-dirs';

// The bus on a real SQLite file: what is published inside a case write reaches in-transaction
// subscribers at once and after-commit subscribers only once the outermost write committed.

let db: Db | null = null;
afterEach(() => {
  db?.close();
  db = null;
});

/** A received case `caseId`, as commit() would publish it. */
function changeOf(caseId: string): CaseChange {
  const event = caseEventMaker('2026-11-23')('case.received', {
    caseNumber: `JQ-12-20261123-${caseId}`,
    receivedDate: '2026-11-23',
    item: foodLicenceSnapshot(),
    applicant: { kind: 'person', name: '张三', idType: 'resident_id_card', idNumber: '11010519491231002X', mobile: '13812345678', address: '' },
    agent: null,
    receipts: [],
  });
  return { state: { ...applyCaseEvent(null, event), id: caseId }, events: [event] };
}

interface Rig {
  db: Db;
  bus: CaseChangeBus;
  /** Case ids seen after commit, in order. */
  delivered: string[];
  logLines: string[];
  /** Rows the in-transaction subscriber wrote that are committed. */
  rows(): string[];
}

/** A bus on a fresh file; `first` (given the bus) subscribes before the rig's own subscriber. */
function rig(first?: (bus: CaseChangeBus) => CaseSubscriptions): Rig {
  db = new Database(path.join(makeTempDir('bus'), 'bus.sqlite'));
  db.exec('CREATE TABLE seen (case_id TEXT NOT NULL)');
  const logLines: string[] = [];
  const bus = createCaseChangeBus(db, createLogger({ write: (line) => logLines.push(line) }));
  if (first) bus.subscribe('first', first(bus));
  const delivered: string[] = [];
  const opened = db;
  bus.subscribe('test', {
    inTransaction: (change, tx) => void tx.prepare('INSERT INTO seen VALUES (?)').run(change.state.id),
    afterCommit: (change) => void delivered.push(change.state.id),
  });
  return { db: opened, bus, delivered, logLines, rows: () => opened.prepare('SELECT case_id FROM seen').pluck().all() as string[] };
}

describe('the case-change bus', () => {
  it('runs in-transaction subscribers inside the write, and after-commit ones once it committed', () => {
    const r = rig();
    r.bus.run(() => {
      r.bus.publish(changeOf('A'));
      expect(r.db.inTransaction).toBe(true);
      expect(r.delivered).toEqual([]);
    });
    expect(r.delivered).toEqual(['A']);
    expect(r.rows()).toEqual(['A']);
  });

  it('delivers nothing and keeps no row of a write that throws', () => {
    const r = rig();
    expect(() =>
      r.bus.run(() => {
        r.bus.publish(changeOf('A'));
        throw new Error('refused');
      }),
    ).toThrow('refused');
    expect(r.delivered).toEqual([]);
    expect(r.rows()).toEqual([]);
  });

  it('holds a nested write’s changes until the outermost commits, and drops those of a nested write that threw', () => {
    const r = rig();
    r.bus.run(() => {
      r.bus.run(() => r.bus.publish(changeOf('A')));
      expect(r.delivered).toEqual([]);
      expect(() =>
        r.bus.run(() => {
          r.bus.publish(changeOf('B'));
          throw new Error('this one only');
        }),
      ).toThrow('this one only');
      r.bus.publish(changeOf('C'));
    });
    expect(r.delivered).toEqual(['A', 'C']);
    expect(r.rows()).toEqual(['A', 'C']);
  });

  it('delivers nothing of nested writes when the outermost one throws', () => {
    const r = rig();
    expect(() =>
      r.bus.run(() => {
        r.bus.run(() => r.bus.publish(changeOf('A')));
        throw new Error('outer refused');
      }),
    ).toThrow('outer refused');
    expect(r.delivered).toEqual([]);
    expect(r.rows()).toEqual([]);
  });

  it('delivers a case an in-transaction subscriber changes after the change that caused it', () => {
    // As a supervision module that, on a case accepted, writes a case of its own in the same transaction.
    const seen: string[] = [];
    const r = rig((bus) => ({
      inTransaction: (change) => {
        if (change.state.id === 'A') bus.run(() => bus.publish(changeOf('B')));
      },
      afterCommit: (change) => void seen.push(change.state.id),
    }));
    r.bus.run(() => r.bus.publish(changeOf('A')));
    expect(seen).toEqual(['A', 'B']);
    expect(r.delivered).toEqual(['A', 'B']);
    expect(r.rows().sort()).toEqual(['A', 'B']);
  });

  it('delivers a case an after-commit subscriber changes only once every subscriber has seen the change before it', () => {
    // The first subscriber writes B on hearing of A; the one after it must still hear A first.
    const seen: string[] = [];
    const r = rig((bus) => ({
      afterCommit: (change) => {
        seen.push(change.state.id);
        if (change.state.id !== 'A') return;
        bus.run(() => bus.publish(changeOf('B')));
      },
    }));
    r.bus.run(() => r.bus.publish(changeOf('A')));
    expect(seen).toEqual(['A', 'B']);
    expect(r.delivered).toEqual(['A', 'B']);
    expect(r.rows()).toEqual(['A', 'B']);
    // The bus is not left delivering: a later write is delivered at once.
    r.bus.run(() => r.bus.publish(changeOf('C')));
    expect(r.delivered).toEqual(['A', 'B', 'C']);
  });

  it('rolls the change back when an in-transaction subscriber throws', () => {
    const r = rig();
    r.bus.subscribe('failing', {
      inTransaction: () => {
        throw new Error('no room for the print job');
      },
    });
    expect(() => r.bus.run(() => r.bus.publish(changeOf('A')))).toThrow('no room for the print job');
    expect(r.rows()).toEqual([]);
    expect(r.delivered).toEqual([]);
  });

  it('logs an after-commit subscriber that throws, and still tells the others', () => {
    const r = rig();
    const unsubscribe = r.bus.subscribe('sync', {
      afterCommit: () => {
        throw new Error('upstream asleep');
      },
    });
    r.bus.run(() => r.bus.publish(changeOf('A')));
    expect(r.delivered).toEqual(['A']);
    expect(r.logLines.join('\n')).toMatch(/case subscriber failed.*"module":"sync".*"error":"upstream asleep"/);
    unsubscribe();
    r.bus.run(() => r.bus.publish(changeOf('B')));
    expect(r.logLines.filter((l) => l.includes('case subscriber failed'))).toHaveLength(1);
  });

  it('refuses a change published outside a case write, and a case write inside a transaction it did not open', () => {
    const r = rig();
    expect(() => r.bus.publish(changeOf('A'))).toThrow('case A changed outside a case write');
    expect(() => r.db.transaction(() => r.bus.run(() => r.bus.publish(changeOf('B'))))()).toThrow(
      'a case write must open its own transaction',
    );
    expect(r.rows()).toEqual([]);
    expect(r.delivered).toEqual([]);
  });
});
