import type { DocumentKind } from '../../../contract/printing';

/** The A4 notices (DOMAIN.md, Notices): the documents that carry a 文书编号. */
export const NOTICE_KINDS = [
  'acceptanceNotice',
  'correctionNotice',
  'rejectionNotice',
  'refusalDecision',
  'completionNotice',
] as const satisfies readonly DocumentKind[];
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** Whether a document kind is an A4 notice (and so is numbered). */
export function isNoticeKind(kind: DocumentKind): kind is NoticeKind {
  return (NOTICE_KINDS as readonly string[]).includes(kind);
}

/**
 * The short word of each notice in its number (the 机关代字 part of a 发文字号, GB/T 9704-2012
 * 7.2.4): 受 受理, 补 补正, 不受 不予受理, 不许 不予许可 (the refusal decision of any item type:
 * the word names the document series, not the item's decision words), 结 办结.
 */
export const NOTICE_NUMBER_WORDS: Record<NoticeKind, string> = {
  acceptanceNotice: '受',
  correctionNotice: '补',
  rejectionNotice: '不受',
  refusalDecision: '不许',
  completionNotice: '结',
};

/** The parts a 文书编号 is made of. */
export interface DocumentNumberParts {
  /** The hall code (config `hall.code`: 1–8 capital letters or digits). */
  hallCode: string;
  /** The window's number in its hall, 1–999. */
  windowNumber: number;
  kind: NoticeKind;
  /** The year of issue, in the hall's time zone. */
  year: number;
  /** The notice's sequence at this window, for this kind and year, from 1. */
  sequence: number;
}

/**
 * A notice's 文书编号, `HX-7受〔2026〕0001号`: hall code, `-`, window number, the kind's word,
 * the year in 六角括号 〔〕 and the sequence (4 digits, growing a digit past 9999), then 号 — the
 * shape of a 发文字号 (GB/T 9704-2012 7.2.4).
 *
 * Unique per hall and year without the network: the window is in it, so each window counts its
 * own sequence (per kind and year; keeping it is the issuer's job, in the transaction that
 * issues the notice). The `-` is there because both a hall code and a window number may end or
 * start with digits (`HX7` window 12 and `HX71` window 2 would both read `HX712…`), the same
 * reason case numbers have it (case-number.ts).
 *
 * Throws an Error on parts that would make an ambiguous number (a hall code outside
 * `[A-Z0-9]{1,8}`, a window outside 1–999, a year outside 2000–9999, a sequence below 1):
 * a caller's bug, never a citizen's input.
 */
export function formatDocumentNumber(parts: DocumentNumberParts): string {
  const { hallCode, windowNumber, kind, year, sequence } = parts;
  if (!/^[A-Z0-9]{1,8}$/.test(hallCode)) throw new Error(`文书编号：大厅代码不合规（${hallCode}）`);
  if (!Number.isInteger(windowNumber) || windowNumber < 1 || windowNumber > 999) {
    throw new Error(`文书编号：窗口号不合规（${windowNumber}）`);
  }
  if (!Number.isInteger(year) || year < 2000 || year > 9999) throw new Error(`文书编号：年份不合规（${year}）`);
  if (!Number.isInteger(sequence) || sequence < 1) throw new Error(`文书编号：序号不合规（${sequence}）`);
  return `${hallCode}-${windowNumber}${NOTICE_NUMBER_WORDS[kind]}〔${year}〕${String(sequence).padStart(4, '0')}号`;
}

// Longest word first, so 不受 is never read as a shorter word.
const WORD_TO_KIND: [string, NoticeKind][] = Object.entries(NOTICE_NUMBER_WORDS)
  .map(([kind, word]) => [word, kind as NoticeKind] as [string, NoticeKind])
  .sort((a, b) => b[0].length - a[0].length);

const NUMBER_SHAPE = /^([A-Z0-9]{1,8})-([1-9][0-9]{0,2})([^〔〕0-9A-Z-]+)〔([0-9]{4})〕([0-9]{4,})号$/u;

/** The parts of a 文书编号 made by formatDocumentNumber, or null when `text` is not one. */
export function parseDocumentNumber(text: string): DocumentNumberParts | null {
  const match = NUMBER_SHAPE.exec(text);
  if (!match) return null;
  const [, hallCode, window, word, year, sequence] = match;
  const kind = WORD_TO_KIND.find(([w]) => w === word)?.[1];
  if (!hallCode || !window || !year || !sequence || !kind) return null;
  const parsed = Number(sequence);
  // A sequence of 5+ digits was never zero-padded (0001 only below 10000).
  if (parsed < 1 || (sequence.length > 4 && sequence.startsWith('0'))) return null;
  return { hallCode, windowNumber: Number(window), kind, year: Number(year), sequence: parsed };
}
