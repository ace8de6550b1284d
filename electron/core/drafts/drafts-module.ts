import type { CapabilityModule, CoreContext, HandlerSlice } from '../assembly/capability-module';
import { deleteDraft, deleteSubmittedDraft, readDraft, writeDraft } from './draft-store';

/**
 * The clerk's unfinished intake form (`drafts.*`), kept so a restart loses nothing typed. The
 * draft of a form ends in the transaction that makes it a case (an in-transaction subscriber on
 * `case.received`), so no restart can bring back as a draft a form that is already a case.
 * Depends on `submitIntake` recording the intake request before it publishes (case-commands.ts).
 */
export function draftsModule(ctx: CoreContext): CapabilityModule {
  const { db, log } = ctx;
  return {
    name: 'drafts',
    handlers: {
      'drafts.get': (_args, call) => readDraft(db, call.staff.staffId, (reason) => log.warn('intake draft discarded on read', { reason })),
      'drafts.save': (args, call) => {
        const at = ctx.clock.now().toISOString();
        const saved = writeDraft(db, call.staff.staffId, ctx.config.window.number, args.draft, at);
        return { saved, savedAt: saved ? at : null };
      },
      'drafts.discard': (_args, call) => ({ discarded: deleteDraft(db, call.staff.staffId) }),
    } satisfies HandlerSlice,
    caseSubscriptions: {
      inTransaction: (change, tx) => {
        for (const event of change.events) {
          if (event.type === 'case.received' && event.staffId !== null) deleteSubmittedDraft(tx, event.staffId, change.state.id);
        }
      },
    },
  };
}
