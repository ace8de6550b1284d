/**
 * The half-filled intake form, kept twice:
 * - in sessionStorage on every change: a reload, a crashed and restarted renderer or a detour to
 *   another page gives the clerk back exactly what was typed at once (and the same
 *   clientRequestId, so re-sending after a lost answer cannot make a second case).
 *   sessionStorage, not localStorage: personal data must not outlive the window's session. The
 *   window's PC is shared, so the draft also names the clerk who typed it: it is given back only
 *   to that clerk, and App drops it when the session is signed out;
 * - by the core (`drafts.save`, see useCoreDraft.ts), which keeps it in its database for the
 *   signed-in clerk: that copy survives a restart of the app or a crash of the PC, and comes back
 *   when the same clerk signs in again (toCoreDraft / fromCoreDraft below).
 */
import {
  IDENTITY_DOCUMENT_TYPES,
  ItemDetailSchema,
  type IntakeDraftBody,
  MaterialReceiptSchema,
  isIdentityDocumentType,
  type IdentityDocumentType,
  type IntakeDecisionKind,
  type ItemDetail,
} from '../../../../electron/contract';
import { emptyApplicant, type ApplicantDraft } from '../../components/intake/model/applicant-draft';
import {
  emptyDecision,
  type CorrectionExtra,
  type DecisionDraft,
  type EditedInstruction,
} from '../../components/intake/model/decision';
import type { ReceiptMap } from '../../components/intake/model/materials';

const STORAGE_KEY = 'counter.intake.draft';
// 2: the draft names its clerk. A format-1 draft cannot say whose it is, so it is not restored.
const FORMAT = 2;

export interface IntakeDraft {
  clientRequestId: string;
  query: string;
  item: ItemDetail | null;
  applicant: ApplicantDraft;
  receipts: ReceiptMap;
  decision: DecisionDraft;
}

export function newDraft(): IntakeDraft {
  return {
    clientRequestId: crypto.randomUUID(),
    query: '',
    item: null,
    applicant: emptyApplicant(),
    receipts: {},
    decision: emptyDecision(),
  };
}

/** `staffId`: the signed-in clerk's id (Session.staff.id). */
export function saveDraft(draft: IntakeDraft, staffId: string): void {
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ format: FORMAT, staffId, savedAt: new Date().toISOString(), draft }));
  } catch {
    // Storage full or disabled: the form still works, it just will not survive a reload.
  }
}

export function clearDraft(): void {
  try {
    sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Nothing to clear when storage is unavailable.
  }
}

// ——— reading back: the stored text is data from an earlier build, so nothing is trusted ———

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function idType(value: unknown): IdentityDocumentType {
  return typeof value === 'string' && isIdentityDocumentType(value) ? value : IDENTITY_DOCUMENT_TYPES[0];
}

function readApplicant(value: unknown): ApplicantDraft {
  const empty = emptyApplicant();
  if (!isObject(value)) return empty;
  const p = isObject(value.person) ? value.person : {};
  const o = isObject(value.organisation) ? value.organisation : {};
  const a = isObject(value.agent) ? value.agent : {};
  return {
    kind: value.kind === 'organisation' ? 'organisation' : 'person',
    person: { name: text(p.name), idType: idType(p.idType), idNumber: text(p.idNumber), mobile: text(p.mobile), address: text(p.address) },
    organisation: {
      name: text(o.name),
      creditCode: text(o.creditCode),
      legalRepresentative: text(o.legalRepresentative),
      contactName: text(o.contactName),
      mobile: text(o.mobile),
      address: text(o.address),
    },
    hasAgent: value.hasAgent === true,
    agent: { name: text(a.name), idType: idType(a.idType), idNumber: text(a.idNumber), mobile: text(a.mobile) },
  };
}

function readReceipts(value: unknown): ReceiptMap {
  const receipts: ReceiptMap = {};
  if (!isObject(value)) return receipts;
  for (const [id, raw] of Object.entries(value)) {
    const parsed = MaterialReceiptSchema.safeParse(raw);
    // A ticked receipt that fails the schema (e.g. no form yet) is still the clerk's work.
    if (parsed.success) receipts[id] = parsed.data;
    else if (isObject(raw) && typeof raw.received === 'boolean') {
      receipts[id] = {
        materialId: id,
        received: raw.received,
        form: raw.form === 'original' || raw.form === 'copy' || raw.form === 'both' ? raw.form : null,
        copies: typeof raw.copies === 'number' && Number.isInteger(raw.copies) ? raw.copies : 0,
        defective: raw.defective === true,
        defectNote: text(raw.defectNote),
      };
    }
  }
  return receipts;
}

const KINDS: readonly IntakeDecisionKind[] = ['accept', 'accept_with_deferral', 'request_correction', 'reject'];

function readStringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isObject(value)) for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}

function readDecision(value: unknown): DecisionDraft {
  const empty = emptyDecision();
  if (!isObject(value)) return empty;
  const instructions: Record<string, EditedInstruction> = {};
  if (isObject(value.instructions)) {
    for (const [k, v] of Object.entries(value.instructions)) {
      if (isObject(v)) instructions[k] = { text: text(v.text), basis: text(v.basis) };
    }
  }
  const extras: CorrectionExtra[] = Array.isArray(value.extras)
    ? value.extras.filter(isObject).map((x) => ({ key: text(x.key) || crypto.randomUUID(), name: text(x.name), instruction: text(x.instruction) }))
    : [];
  const chosen = KINDS.find((k) => k === value.chosen) ?? null;
  return {
    chosen,
    deferralDates: readStringRecord(value.deferralDates),
    instructions,
    extras,
    note: text(value.note),
    rejectReasonId: typeof value.rejectReasonId === 'string' ? value.rejectReasonId : null,
    rejectReason: text(value.rejectReason),
    rejectLegalBasis: text(value.rejectLegalBasis),
  };
}

export interface StoredDraft {
  draft: IntakeDraft;
  /** ISO instant, or '' when the stored one is unreadable. */
  savedAt: string;
}

/** The draft `staffId` left; another clerk's (or an unattributed one) is removed, never shown. */
export function loadDraft(staffId: string): StoredDraft | null {
  let raw: string | null;
  try {
    raw = sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
  if (raw === null) return null;
  try {
    const stored: unknown = JSON.parse(raw);
    if (!isObject(stored) || stored.format !== FORMAT || !isObject(stored.draft)) return null;
    if (stored.staffId !== staffId) {
      clearDraft();
      return null;
    }
    const d = stored.draft;
    const item = d.item === null ? null : ItemDetailSchema.safeParse(d.item);
    if (item !== null && !item.success) return null;
    const id = text(d.clientRequestId);
    const savedAt = text(stored.savedAt);
    return {
      savedAt: Number.isNaN(Date.parse(savedAt)) ? '' : savedAt,
      draft: {
        clientRequestId: /^[0-9a-f-]{36}$/i.test(id) ? id : crypto.randomUUID(),
        query: text(d.query),
        item: item === null ? null : item.data,
        applicant: readApplicant(d.applicant),
        receipts: readReceipts(d.receipts),
        decision: readDecision(d.decision),
      },
    };
  } catch {
    return null;
  }
}

// ——— the core's copy ———

/**
 * The draft as the core keeps it: the item by reference (the catalog is the core's; the page
 * reads the item again on restore), everything typed as typed.
 */
export function toCoreDraft(draft: IntakeDraft): IntakeDraftBody {
  return {
    clientRequestId: draft.clientRequestId,
    query: draft.query,
    item: draft.item ? { code: draft.item.code, version: draft.item.version } : null,
    // Spread into plain objects: the schema's loose types take any further field a form adds.
    applicant: {
      ...draft.applicant,
      person: { ...draft.applicant.person },
      organisation: { ...draft.applicant.organisation },
      agent: { ...draft.applicant.agent },
    },
    receipts: Object.fromEntries(Object.entries(draft.receipts).map(([id, r]) => [id, { ...r }])),
    decision: { ...draft.decision },
  };
}

/**
 * The form from the core's copy, read as tolerantly as the page's own (a field a newer build
 * added is left at its empty value). `item`: the draft's item as read from the catalog again, or
 * null when the draft had none or it can no longer be read.
 */
export function fromCoreDraft(body: IntakeDraftBody, item: ItemDetail | null): IntakeDraft {
  return {
    clientRequestId: body.clientRequestId,
    query: body.query,
    item,
    applicant: readApplicant(body.applicant),
    // Receipts belong to the item's materials: without the item they mean nothing.
    receipts: item ? readReceipts(body.receipts) : {},
    decision: item ? readDecision(body.decision) : emptyDecision(),
  };
}
