import { foldCase } from '../../cases/case-lifecycle';
import { toCaseEvent } from '../../cases/case-repository';
import { readStream } from '../../events/event-store';
import type { Db } from '../../storage/database';
import { isNoticeKind } from '../notices/document-number';
import type { StoredDocument } from './document-store';
import { documentsIssuedBy } from './documents-for-events';
import { issueNotice, type IssuingContext } from './issue-documents';
import { anyNoticeOwed, owedNotices, settleOwedNotice, type OwedNotice } from './owed-notice-store';

/** What one pass over the owed notices did. */
export interface OwedNoticesIssued {
  /** The notices stored by this pass, in the order of the events that owed them. */
  documents: StoredDocument[];
  /** Owed notices that could not be built (left owed; `error` in words for the log). */
  failed: Array<{ notice: OwedNotice; error: string }>;
}

/**
 * Issues the A4 notices committed case events owe (owed-notice-store.ts; migration 0013): for each,
 * oldest event first, the case is folded from its events up to the owed version (so a notice
 * issued after a restart still shows the case as it stood after its event), the notice rendered,
 * numbered and stored, and the owed row removed — one IMMEDIATE transaction for the pass, a
 * savepoint per notice, so a notice that cannot be built stays owed without holding back others.
 * `skip`: events whose notice already failed in this process (not retried until the next start,
 * so a bug does not fill the log on every read). Cheap when nothing is owed (one indexed read,
 * no transaction).
 * @throws Error (SQLite's) when the store cannot be written: the notices stay owed.
 */
export function issueOwedNotices(ctx: IssuingContext, db: Db, options: { caseId?: string; skip?: ReadonlySet<string> } = {}): OwedNoticesIssued {
  const issued: OwedNoticesIssued = { documents: [], failed: [] };
  if (!anyNoticeOwed(db)) return issued;
  db.transaction(() => {
    for (const notice of owedNotices(db, options.caseId ?? null)) {
      if (options.skip?.has(notice.eventId)) continue;
      try {
        const documents = db.transaction(() => {
          const events = readStream(db, 'case', notice.caseId)
            .filter((e) => e.streamVersion <= notice.caseVersion)
            .map(toCaseEvent);
          const event = events.find((e) => e.id === notice.eventId);
          if (!event) throw new Error(`event ${notice.eventId} is not in case ${notice.caseId} up to version ${notice.caseVersion}`);
          const state = foldCase(notice.caseId, events);
          const stored: StoredDocument[] = [];
          for (const { kind } of documentsIssuedBy([event])) if (isNoticeKind(kind)) stored.push(issueNotice(ctx, db, kind, event, state));
          settleOwedNotice(db, notice.eventId);
          return stored;
        })();
        issued.documents.push(...documents);
      } catch (err) {
        issued.failed.push({ notice, error: err instanceof Error ? err.message : String(err) });
      }
    }
  }).immediate();
  return issued;
}
