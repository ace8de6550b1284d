import type { CapabilityModule, CoreContext, HandlerSlice } from '../assembly/capability-module';
import { SessionManager, type OnDuty } from './session-manager';

/** Sign-in, sign-out, 暂离 and one's own PIN change at this window, and the person on duty for `staff` methods. */
export interface SessionModule extends CapabilityModule {
  /** The active clerk, or the typed error the dispatcher returns for `staff` methods (session-manager.ts). */
  requireActive(): OnDuty;
}

export interface SessionDeps {
  /** After a session change was recorded (it is an event, so the pending-sync count moved). */
  onRecorded(): void;
}

/**
 * The `session.*` methods. Building it closes on the record a session left open by a crash or a
 * kill (a write: call it once the store is open). Every change is pushed as `session.changed`.
 */
export function sessionModule(ctx: CoreContext, deps: SessionDeps): SessionModule {
  const sessions = new SessionManager(ctx.db, ctx.clock, ctx.window, (session) => {
    ctx.emit({ name: 'session.changed', payload: session });
    deps.onRecorded();
  });
  sessions.closeSessionLeftOpen();
  return {
    name: 'session',
    handlers: {
      'session.current': () => sessions.session(),
      'session.signIn': (args) => sessions.signIn(args.staffNumber, args.pin),
      'session.signOut': () => sessions.signOut(),
      'session.pause': () => sessions.pause(),
      'session.resume': (args) => sessions.resume(args.pin),
      'session.changePin': (args) => sessions.changePin(args.currentPin, args.newPin),
    } satisfies HandlerSlice,
    readsOnDamagedStore: ['session.current'],
    requireActive: () => sessions.requireActive(),
  };
}
