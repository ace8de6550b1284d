import { applicantIdNumber } from '../../electron/contract/applicant';
import fs from 'node:fs';
import type { ItemRejectionReason } from '../../electron/contract/catalog';
import type { WorkCalendar } from '../../electron/core/calendar';
import { dueDatesFor } from '../../electron/core/cases/case-commands';
import type { CaseEvent } from '../../electron/core/cases/case-events';
import { deferralDays } from '../../electron/core/cases/deferral-days';
import { intakeDecisionEvent } from '../../electron/core/cases/intake-rules';
import { loadRejectionReasonsFile } from '../../electron/core/catalog/catalog-file-schema';
import { CatalogService } from '../../electron/core/catalog/catalog-service';
import { applyCaseEvent } from '../../electron/core/cases/case-lifecycle';
import { caseNumberPrefix, formatCaseNumber } from '../../electron/core/cases/case-number';
import { saveCaseProjection } from '../../electron/core/cases/case-repository';
import type { CaseState, ItemSnapshot } from '../../electron/core/cases/case-state';
import { appendEvent } from '../../electron/core/events/event-store';
import { newId } from '../../electron/core/ids/new-id';
import type { Db } from '../../electron/core/storage/database';
import { residentIdNumber, unifiedSocialCreditCode } from '../../test/support/identity-numbers';
import { describeIntake, drawIntake } from './intake-decisions';
// Deterministic, so two runs of a bench search the same database.
import { seededRandom } from '../../test/support/seeded-random';


// Surnames with roughly their share of the population, so a search for 张 or 王 finds as many
// cases as it would in a real hall, and 欧阳 / 𠮷 as few.
const SURNAMES: Array<[string, number]> = [
  ['王', 7.1], ['李', 7.0], ['张', 6.8], ['刘', 5.4], ['陈', 4.6], ['杨', 3.1], ['黄', 2.3], ['赵', 2.3], ['吴', 2.0], ['周', 1.9],
  ['徐', 1.5], ['孙', 1.4], ['马', 1.4], ['朱', 1.3], ['胡', 1.3], ['郭', 1.2], ['何', 1.2], ['高', 1.1], ['林', 1.1], ['罗', 1.0],
  ['郑', 1.0], ['梁', 0.9], ['谢', 0.8], ['宋', 0.7], ['唐', 0.7], ['许', 0.6], ['韩', 0.6], ['冯', 0.6], ['邓', 0.6], ['曹', 0.5],
  ['欧阳', 0.05], ['司马', 0.02], ['诸葛', 0.01], ['䶮', 0.002], ['𠮷', 0.002],
];
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英文华建国建华志强海燕红梅晓东晓红玉兰凤英春梅丹丹浩然子涵雨桐梓萱一诺欣怡宇轩';
const SURNAME_TOTAL = SURNAMES.reduce((s, [, w]) => s + w, 0);

export function randomName(rand: () => number): string {
  let r = rand() * SURNAME_TOTAL;
  let surname = SURNAMES[0]?.[0] ?? '王';
  for (const [s, w] of SURNAMES) {
    r -= w;
    if (r <= 0) {
      surname = s;
      break;
    }
  }
  const chars = [...GIVEN];
  const given = Array.from({ length: rand() < 0.3 ? 1 : 2 }, () => chars[Math.floor(rand() * chars.length)]).join('');
  return surname + given;
}

// Some applicants unlike the rest, chosen by the case's position so that adding them draws
// nothing from the random sequence (the other cases stay as they were) and a search can name
// one without a sample: minority names with a 间隔号, organisations (credit codes, most ending
// in a letter), and agents holding passports.
const MINORITY_NAMES = ['阿卜杜', '买买提', '艾尼瓦尔', '玉苏甫', '阿依古丽', '热合曼', '努尔', '古丽娜'];
const MINORITY_FATHERS = ['艾尼', '吐尔逊', '托合提', '艾买提', '热合曼', '买买提', '阿不都', '克里木'];
const CREDIT_CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Case i's applicant is an organisation (about 1 in 29). */
export const bulkIsOrganisation = (i: number): boolean => i % 29 === 3;
/** Case i is brought by an agent (about 1 in 41). */
export const bulkHasAgent = (i: number): boolean => i % 41 === 5;

/** The minority name (名·父名, every fifth with a third part) of case i, about 1 in 53; else null. */
export function bulkMinorityName(i: number): string | null {
  if (i % 53 !== 7) return null;
  const k = Math.floor(i / 53);
  const parts = [MINORITY_NAMES[k % 8], MINORITY_FATHERS[Math.floor(k / 8) % 8]];
  if (k % 5 === 0) parts.push(MINORITY_FATHERS[Math.floor(k / 64) % 8]);
  return parts.join('·');
}

/** The credit code of case i's organisation (GB 32100 check character included). */
export function bulkCreditCode(i: number): string {
  let body = '';
  for (let n = i, d = 0; d < 7; d++, n = Math.floor(n / 31)) body = (CREDIT_CODE_CHARS[n % 31] ?? '0') + body;
  return unifiedSocialCreditCode(`91330102MA${body}`);
}

/** The passport number of case i's agent. */
export function bulkAgentPassport(i: number): string {
  return `E${String(i).padStart(8, '0')}`;
}

export interface GeneratedSample {
  caseId: string;
  caseNumber: string;
  name: string;
  idNumber: string;
  mobile: string;
  itemCode: string;
  receivedDate: string;
}

export interface BulkOptions {
  count: number;
  items: readonly ItemSnapshot[];
  staffId: string;
  hallCode: string;
  windowNumber: number;
  calendar: WorkCalendar;
  firstDay: string;
  lastDay: string;
  seed: number;
  /**
   * The stock 不予受理 reasons that fit an item. Default: the shipped reasons as the core's
   * catalog offers them for the item (catalog.getItem, filtered by the item's type).
   */
  rejectionReasons?: (itemCode: string) => readonly ItemRejectionReason[];
  batch?: number;
  onProgress?: (done: number) => void;
}

/** The shipped stock reasons each catalog item in `db` is offered, as the core's catalog filters them. */
function shippedRejectionReasons(db: Db): (itemCode: string) => readonly ItemRejectionReason[] {
  const file = new URL('../../resources/intake/rejection-reasons.json', import.meta.url);
  const reasons = loadRejectionReasonsFile(JSON.parse(fs.readFileSync(file, 'utf8')) as unknown).reasons;
  const catalog = new CatalogService(db, { departments: [], itemCodes: [] }, reasons);
  const byCode = new Map<string, readonly ItemRejectionReason[]>();
  return (code) => {
    let list = byCode.get(code);
    if (!list) byCode.set(code, (list = catalog.detail(code).rejectionReasons));
    return list;
  };
}

function dayNumber(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
}
function dateOf(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Writes `count` cases through the same fold, event store and projection the app uses, in
 * large transactions (a fixture, not a durability test). Returns a sample of what it wrote,
 * for the searches to look for.
 */
export function generateCases(db: Db, o: BulkOptions): GeneratedSample[] {
  const rand = seededRandom(o.seed);
  const first = dayNumber(o.firstDay);
  const days = dayNumber(o.lastDay) - first + 1;
  const samples: GeneratedSample[] = [];
  const sequences = new Map<string, number>();
  const batch = o.batch ?? 5000;
  const upsertSequence = db.prepare(
    'INSERT INTO case_number_sequences (prefix, last_seq) VALUES (?, ?) ON CONFLICT (prefix) DO UPDATE SET last_seq = max(last_seq, excluded.last_seq)',
  );

  const reasonsFor = o.rejectionReasons ?? shippedRejectionReasons(db);

  const writeOne = (i: number): void => {
    const day = first + Math.floor((i * days) / o.count);
    const date = dateOf(day);
    const minute = 9 * 60 + Math.floor(rand() * 8 * 60);
    const at = (offsetMinutes: number) =>
      new Date(Date.parse(`${date}T00:00:00+08:00`) + (minute + offsetMinutes) * 60_000).toISOString();
    const prefix = caseNumberPrefix(o.hallCode, o.windowNumber, date);
    const seq = (sequences.get(prefix) ?? 0) + 1;
    sequences.set(prefix, seq);
    const item = o.items[Math.floor(rand() * o.items.length)] as ItemSnapshot;
    // Drawn even when not used, so the random sequence of every other case stays as it was.
    const drawnName = randomName(rand);
    const name = bulkMinorityName(i) ?? drawnName;
    const idNumber = residentIdNumber(rand() < 0.7 ? '330102' : '330106', dateOf(dayNumber('1950-01-01') + Math.floor(rand() * 20_000)), Math.floor(rand() * 1000));
    const mobile = `1${3 + Math.floor(rand() * 7)}${String(Math.floor(rand() * 1e9)).padStart(9, '0')}`;
    const applicant = bulkIsOrganisation(i)
      ? { kind: 'organisation' as const, name: `杭州${name}商贸有限公司`, creditCode: bulkCreditCode(i), legalRepresentative: name, contactName: name, mobile, address: '' }
      : { kind: 'person' as const, name, idType: 'resident_id_card' as const, idNumber, mobile, address: '' };
    const caseId = newId();
    const caseNumber = formatCaseNumber(prefix, seq);
    const fate = rand();
    // The decision is drawn among those the core's rules allow for the item and built by the
    // core's own intake rule, so the database holds only cases the window could have made.
    const wanted = fate < 0.04 ? 'request_correction' : fate < 0.06 ? 'reject' : 'accept';
    const offer = { rejectionReasons: reasonsFor(item.code) };
    const drawn = drawIntake(item.materials, wanted, offer, i) ?? drawIntake(item.materials, 'accept', offer, i);
    if (!drawn) throw new Error(`第 ${i} 件：${describeIntake(item, wanted)}和直接受理都不被规则允许`);
    let decided: ReturnType<typeof intakeDecisionEvent>;
    try {
      decided = intakeDecisionEvent(item, drawn.receipts, drawn.decision, date, dueDatesFor(o.calendar, item, date), null, deferralDays(o.calendar));
    } catch (err) {
      throw new Error(`第 ${i} 件（${date}）：规则拒绝了${describeIntake(item, drawn.decision.kind)}：${err instanceof Error ? err.message : String(err)}`);
    }
    const base = { hallCode: o.hallCode, windowNumber: o.windowNumber, staffId: o.staffId };
    const events: CaseEvent[] = [
      {
        ...base,
        id: newId(),
        occurredAt: at(0),
        type: 'case.received',
        payload: {
          caseNumber,
          receivedDate: date,
          item,
          applicant,
          agent: bulkHasAgent(i) ? { name: '代办人', idType: 'passport', idNumber: bulkAgentPassport(i), mobile } : null,
          receipts: drawn.receipts,
        },
      },
      { ...base, id: newId(), occurredAt: at(5), ...decided },
    ];
    if (decided.type === 'case.accepted') {
      const recent = day > first + days - 30;
      if (fate < 0.08) {
        events.push({ ...base, id: newId(), occurredAt: at(30), type: 'case.withdrawn', payload: { reason: '申请人撤回' } });
      } else if (!recent || fate > 0.5) {
        if (item.caseType !== 'immediate') events.push({ ...base, id: newId(), occurredAt: at(60), type: 'case.reviewStarted', payload: {} });
        if (!recent) {
          events.push({ ...base, id: newId(), occurredAt: at(120), type: 'case.decided', payload: { outcome: 'approved', reason: '', legalBasis: '' } });
          events.push({ ...base, id: newId(), occurredAt: at(180), type: 'case.delivered', payload: { method: 'window', recipientName: name, address: '', trackingNumber: '' } });
        }
      }
    }
    let state: CaseState | null = null;
    events.forEach((e, k) => {
      state = { ...applyCaseEvent(state, e), id: caseId };
      appendEvent(db, { ...e, streamType: 'case', streamId: caseId, streamVersion: k + 1 });
    });
    if (state) saveCaseProjection(db, state, null);
    if (i % Math.max(1, Math.floor(o.count / 2000)) === 0) {
      samples.push({ caseId, caseNumber, name: applicant.name, idNumber: applicantIdNumber(applicant), mobile, itemCode: item.code, receivedDate: date });
    }
  };

  for (let start = 0; start < o.count; start += batch) {
    db.transaction(() => {
      for (let i = start; i < Math.min(o.count, start + batch); i++) writeOne(i);
    })();
    o.onProgress?.(Math.min(o.count, start + batch));
  }
  db.transaction(() => {
    for (const [prefix, last] of sequences) upsertSequence.run(prefix, last);
  })();
  return samples;
}
