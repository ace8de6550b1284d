import type { CaseDetail, CaseTicket } from '../../contract/cases';
import { CounterError } from '../../contract/errors';
import type { CapabilityModule, CoreContext, HandlerSlice } from '../assembly/capability-module';
import type { CaseChangeBus } from '../assembly/case-change-bus';
import type { WorkCalendar } from '../calendar';
import type { CalendarModule } from '../calendar/calendar-module';
import type { CatalogModule } from '../catalog/catalog-module';
import { staffNames } from '../staff/staff-repository';
import {
  decide,
  decideIntake,
  recordBackOfficeDecision,
  recordBackOfficeDecisionNotRecorded,
  type BackOfficeDecisionInput,
  recordDocumentReprint,
  deliver,
  startReview,
  submitIntake,
  supplementMaterials,
  terminate,
  withdraw,
  type CaseCommandContext,
} from './case-commands';
import type { CaseEvent, CaseEventPayloads } from './case-events';
import { caseItemType } from './case-item-type';
import { loadCaseEvents, loadCaseState } from './case-repository';
import { searchCases } from './case-search';
import type { CaseState } from './case-state';
import { toCaseDetail } from './case-view';
import { catchUpDeadlines, recomputeUnderCalendar } from './deadline-catch-up';
import { intakePreview } from './intake-preview';
import { caseAcceptedForTicket, type CaseForTicket } from './ticket-link';

export interface CasesDeps {
  catalog: CatalogModule;
  calendar: CalendarModule;
  /** Where the case commands publish what they commit (built by the assembler). */
  caseChanges: CaseChangeBus;
  /**
   * The hall-queue ticket at this window's counter now, or null (issue 17 §3): recorded on each
   * case accepted meanwhile. The composition root wires it to the queue module's public
   * `currentTicket`; absent with no queue.
   */
  currentTicket?: () => CaseTicket | null;
}

/** The cases module, with the one case command another module calls. */
export interface CasesModule extends CapabilityModule {
  /**
   * Records 补打 of an issued document on its case (`case.documentReprinted`), in its own case
   * write or inside the caller's (caseChanges.run), so a reprint's print job commits with it.
   * @throws CounterError not_found for an unknown case.
   */
  recordDocumentReprint(caseId: string, staffId: string | null, payload: CaseEventPayloads['case.documentReprinted']): CaseState;
  /**
   * Records a back-office step pulled from the upstream (`case.backOfficeDecided`), in its own
   * case write or inside the caller's (caseChanges.run: the pull's transaction).
   * @throws CounterError not_found (a case this window does not hold), illegal_transition (a step
   *   the case's state does not allow), both in Chinese words.
   */
  recordBackOfficeDecision(decision: BackOfficeDecisionInput): CaseState;
  /**
   * Notes on its case a back-office step the case's state did not allow
   * (`case.backOfficeDecisionNotRecorded`, with `reason`), in its own case write or the caller's,
   * so the back office learns it was not recorded.
   * @throws CounterError not_found (a case this window does not hold).
   */
  recordBackOfficeDecisionNotRecorded(decision: BackOfficeDecisionInput, reason: string): CaseState;
  /**
   * Recomputes every open case's deadlines under `calendar` (revision `revision`), as at start
   * after a shipped schedule: for a year's schedule pulled from the upstream, inside the
   * caller's case write, before the calendar module serves it. Returns the cases that moved.
   */
  recomputeDeadlines(calendar: WorkCalendar, revision: string): CaseState[];
  /**
   * The case accepted at this window for queue ticket `ticket.ticketId` (its `case.accepted`
   * carries the ticket), the latest if two; null when none. `calledAt` (ISO instant, or null)
   * bounds how far back the event log is read (ticket-link.ts).
   */
  caseAcceptedForTicket(ticket: { ticketId: string; calledAt: string | null }): CaseForTicket | null;
}

/**
 * 收件 and the case's life after it: `intake.preview`, `intake.submit` and `cases.*`. Each
 * committed change is pushed to the UI as `case.changed` (with the case's version) after its
 * transaction commits. Once every service has started it brings the open cases' deadlines up to
 * date with the calendar (deadline-catch-up.ts).
 */
export function casesModule(ctx: CoreContext, deps: CasesDeps): CasesModule {
  const { db } = ctx;
  const { catalog, rejectionReasons } = deps.catalog;
  // Read at each call: a year's schedule pulled from the upstream replaces the calendar in force.
  const calendar = (): WorkCalendar => deps.calendar.calendar;
  const cases: CaseCommandContext = {
    db,
    clock: ctx.clock,
    window: ctx.window,
    calendar,
    items: catalog,
    rejectionReasons,
    caseChanges: deps.caseChanges,
    ...(deps.currentTicket ? { currentTicket: deps.currentTicket } : {}),
  };

  /** The case as the UI shows it; `history` when the caller already holds all its events. */
  const detail = (state: CaseState, history: readonly CaseEvent[] | null = null): CaseDetail => {
    const events = history ?? loadCaseEvents(db, state.id);
    const ids = [state.receivedBy, ...events.flatMap((e) => (e.staffId ? [e.staffId] : []))];
    return toCaseDetail(state, events, staffNames(db, ids), caseItemType(state.item, catalog));
  };

  return {
    name: 'cases',
    recordDocumentReprint: (caseId, staffId, payload) => recordDocumentReprint(cases, caseId, staffId, payload),
    recordBackOfficeDecision: (decision) => recordBackOfficeDecision(cases, decision),
    recordBackOfficeDecisionNotRecorded: (decision, reason) => recordBackOfficeDecisionNotRecorded(cases, decision, reason),
    recomputeDeadlines: (next, revision) => recomputeUnderCalendar(cases, next, revision, ctx.log),
    caseAcceptedForTicket: (ticket) => caseAcceptedForTicket(db, ctx.window.windowNumber, ticket, ctx.clock.now()),
    handlers: {
      'intake.preview': (args) => {
        const version = args.itemVersion ?? catalog.inForce(args.itemCode)?.version;
        if (version === undefined) throw new CounterError('not_found', '事项不存在或本窗口不受理该事项');
        const item = catalog.itemVersion(args.itemCode, version);
        if (!item || !catalog.servedHere(item.snapshot)) throw new CounterError('not_found', '事项不存在或本窗口不受理该事项');
        return intakePreview(calendar(), item.snapshot, ctx.today(), ctx.config.intake.deferralWorkingDays);
      },
      'intake.submit': (args, call) => {
        const { state, history } = submitIntake(cases, args, call.staff);
        return detail(state, history);
      },
      'cases.search': (args) => searchCases(db, args),
      'cases.get': (args) => {
        const state = loadCaseState(db, args.caseId);
        if (!state) throw new CounterError('not_found', '办件不存在');
        return detail(state);
      },
      'cases.decideIntake': (args, call) => detail(decideIntake(cases, args, call.staff)),
      'cases.supplementMaterials': (args, call) => detail(supplementMaterials(cases, args, call.staff)),
      'cases.startReview': (args, call) => detail(startReview(cases, args, call.staff)),
      'cases.decide': (args, call) => detail(decide(cases, args, call.staff)),
      'cases.deliver': (args, call) => detail(deliver(cases, args, call.staff)),
      'cases.withdraw': (args, call) => detail(withdraw(cases, args, call.staff)),
      'cases.terminate': (args, call) => detail(terminate(cases, args, call.staff)),
    } satisfies HandlerSlice,
    readsOnDamagedStore: ['intake.preview', 'cases.search', 'cases.get'],
    afterStart: () => catchUpDeadlines(cases, deps.calendar.revision, ctx.log),
    caseSubscriptions: {
      afterCommit: ({ state }) =>
        ctx.emit({ name: 'case.changed', payload: { caseId: state.id, caseNumber: state.caseNumber, status: state.status, version: state.version } }),
    },
  };
}
