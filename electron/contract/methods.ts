import { z } from 'zod';
// Before any schema below is used: zod's messages in Chinese where a schema has none of its own.
import './zod-messages';
import type { Access } from './access';
import { ADMINISTRATION, EVERY_ROLE, FOLLOW_UP_CARE, STAFF_CARE, WINDOW_WORK, type Role } from './roles';
import {
  CatalogGetItemArgs,
  CatalogSearchArgs,
  ItemDetailSchema,
  ItemSearchHitSchema,
} from './catalog';
import {
  CaseDetailSchema,
  CaseSearchArgs,
  CaseSearchResultSchema,
  CloseArgs,
  DecideArgs,
  DecideIntakeArgs,
  DeliverArgs,
  GetCaseArgs,
  IntakeArgs,
  IntakePreviewArgs,
  IntakePreviewSchema,
  ReferenceDataSchema,
  StartReviewArgs,
  SupplementMaterialsArgs,
} from './cases';
import { WorkingDaysArgs, WorkingDaysSchema } from './calendar';
import { NoArgs } from './common';
import { DiscardIntakeDraftResultSchema, SaveIntakeDraftArgs, SaveIntakeDraftResultSchema, StoredIntakeDraftSchema } from './drafts';
import { HealthForDisplaySchema, HealthSchema } from './health';
import { ChangePinArgs, ResumeArgs, SessionSchema, SignInArgs } from './session';
import {
  ClockSchema,
  PortListSchema,
  RestartArgs,
  RestartResultSchema,
  SettingsHistoryArgs,
  SettingsHistorySchema,
  SettingsSchema,
  UpdateSettingsArgs,
  UpdateSettingsResultSchema,
} from './settings';
import {
  CaseDocumentsArgs,
  DiscardPrintJobArgs,
  GetDocumentArgs,
  IssuedDocumentListSchema,
  IssuedDocumentSchema,
  ListPrintJobsArgs,
  PrintJobListSchema,
  PrintJobRef,
  PrintJobSchema,
  PrintDocumentArgs,
  ReprintArgs,
  PrintNoticeArgs,
  PrintNoticeResultSchema,
  ReprintResultSchema,
  TestPrintArgs,
} from './printing';
import {
  AppealFollowUpArgs,
  CloseFollowUpArgs,
  CurrentRatingSessionSchema,
  DecideAppealArgs,
  DeviceFaultListArgs,
  DeviceFaultListSchema,
  FollowUpListArgs,
  FollowUpListSchema,
  FollowUpRef,
  FollowUpSchema,
  RatingDeviceTestSchema,
  RatingSearchArgs,
  RatingSearchResultSchema,
  RatingSessionSchema,
  RatingSummaryArgs,
  RatingSummarySchema,
  RequestRatingArgs,
  RectifyFollowUpArgs,
  RevisitFollowUpArgs,
  VerifyFollowUpArgs,
} from './ratings';
import { CompleteSetupArgs, CompleteSetupResultSchema, SetupStatusSchema, SetupTestRatingDeviceArgs } from './setup';
import {
  AddStaffArgs,
  ResetStaffPinArgs,
  SetStaffActiveArgs,
  SetStaffRoleArgs,
  StaffListSchema,
  StaffMemberSchema,
  UnlockStaffArgs,
} from './staff';
import { EnrolmentSchema, EnrolWindowArgs, RetryParkedResultSchema, SyncInfoSchema, SyncNowResultSchema } from './sync-client';
import { WindowInfoForDisplaySchema, WindowInfoSchema } from './window-info';
import {
  DispenserStateSchema,
  QueueAcknowledgeRefusalsArgs,
  QueueStateArgs,
  QueueCallsSchema,
  QueueIssueArgs,
  QueueIssueResultSchema,
  QueuePanelSchema,
  QueuePressArgs,
  QueuePressResultSchema,
} from './queue/methods-queue';

export type { Access } from './access';

/**
 * One method of the contract: its arguments' schema (the dispatcher validates before anything
 * runs), its result's schema, who may call it (access.ts), for a `staff` method the roles that
 * may (roles.ts; the dispatcher answers any other `forbidden`, and the UI offers the method only
 * to them) and, for a `display` method whose result holds something for this PC only,
 * `displayResult`: the schema a hall screen's answer is parsed through, which keeps only its
 * fields (a zod object drops the keys it does not name).
 */
export interface MethodSpec<A extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType, X extends Access = Access> {
  args: A;
  result: R;
  access: X;
  /** The roles that may call a `staff` method; empty for `public` and `display` ones (no one is asked). */
  roles: readonly Role[];
  displayResult?: z.ZodType;
}

/** A `staff` method names its roles; the compiler refuses one without them. */
function method<A extends z.ZodType, R extends z.ZodType>(
  args: A,
  result: R,
  access: 'staff',
  options: { roles: readonly Role[] },
): MethodSpec<A, R, 'staff'>;
function method<A extends z.ZodType, R extends z.ZodType, X extends 'public' | 'display'>(
  args: A,
  result: R,
  access: X,
  options?: { displayResult?: z.ZodType },
): MethodSpec<A, R, X>;
function method(
  args: z.ZodType,
  result: z.ZodType,
  access: Access,
  options: { roles?: readonly Role[]; displayResult?: z.ZodType } = {},
): MethodSpec {
  const spec: MethodSpec = { args, result, access, roles: options.roles ?? [] };
  if (options.displayResult !== undefined) spec.displayResult = options.displayResult;
  return spec;
}

const windowWork = { roles: WINDOW_WORK };
const administration = { roles: ADMINISTRATION };
const followUpCare = { roles: FOLLOW_UP_CARE };

/** Every call the UI can make into the core. The dispatcher validates `args` before anything runs. */
export const methods = {
  // A hall screen shows the window's name and its devices' health; where this PC keeps its files
  // (a user name, folders) and where its devices are attached are not for the network.
  'app.windowInfo': method(NoArgs, WindowInfoSchema, 'display', { displayResult: WindowInfoForDisplaySchema }),
  'app.health': method(NoArgs, HealthSchema, 'display', { displayResult: HealthForDisplaySchema }),

  // The PC's clock against the hall's zone (the 设置 page warns when their dates differ).
  'app.clock': method(NoArgs, ClockSchema, 'public'),
  // Restarts the core on the saved settings (the host does it; everyone signs in again).
  'app.restart': method(RestartArgs, RestartResultSchema, 'staff', administration),

  // First run: a data folder with no staff account. `complete` is refused once one exists, and
  // `listPorts` answers only while setup is needed (after that, `settings.listPorts`).
  'setup.status': method(NoArgs, SetupStatusSchema, 'public'),
  'setup.listPorts': method(NoArgs, PortListSchema, 'public'),
  'setup.complete': method(CompleteSetupArgs, CompleteSetupResultSchema, 'public'),
  'setup.testRatingDevice': method(SetupTestRatingDeviceArgs, RatingDeviceTestSchema, 'public'),

  'session.current': method(NoArgs, SessionSchema, 'public'),
  'session.signIn': method(SignInArgs, SessionSchema, 'public'),
  'session.signOut': method(NoArgs, SessionSchema, 'public'),
  'session.pause': method(NoArgs, SessionSchema, 'staff', { roles: EVERY_ROLE }),
  // Resuming checks the PIN itself: whoever sits down at a paused window must prove who they are.
  'session.resume': method(ResumeArgs, SessionSchema, 'public'),
  // Checks the current PIN itself, and is what a `pin_change_required` session may do: `public`.
  'session.changePin': method(ChangePinArgs, SessionSchema, 'public'),

  // Staff accounts (人员). A 组长 sees the list, unlocks and resets a 窗口工作人员's PIN; the rest,
  // and anything about a 组长's or 系统管理员's account, is the 系统管理员's (staff-module.ts).
  'staff.list': method(NoArgs, StaffListSchema, 'staff', { roles: STAFF_CARE }),
  'staff.add': method(AddStaffArgs, StaffMemberSchema, 'staff', administration),
  'staff.setActive': method(SetStaffActiveArgs, StaffMemberSchema, 'staff', administration),
  'staff.setRole': method(SetStaffRoleArgs, StaffMemberSchema, 'staff', administration),
  'staff.resetPin': method(ResetStaffPinArgs, StaffMemberSchema, 'staff', { roles: STAFF_CARE }),
  'staff.unlock': method(UnlockStaffArgs, StaffMemberSchema, 'staff', { roles: STAFF_CARE }),

  // The window's settings (config.json), by the 系统管理员, each change recorded old → new.
  'settings.get': method(NoArgs, SettingsSchema, 'staff', administration),
  'settings.update': method(UpdateSettingsArgs, UpdateSettingsResultSchema, 'staff', administration),
  'settings.history': method(SettingsHistoryArgs, SettingsHistorySchema, 'staff', administration),
  'settings.listPorts': method(NoArgs, PortListSchema, 'staff', administration),

  'catalog.search': method(CatalogSearchArgs, z.array(ItemSearchHitSchema), 'staff', windowWork),
  'catalog.getItem': method(CatalogGetItemArgs, ItemDetailSchema, 'staff', windowWork),

  'intake.referenceData': method(NoArgs, ReferenceDataSchema, 'staff', windowWork),
  'intake.preview': method(IntakePreviewArgs, IntakePreviewSchema, 'staff', windowWork),
  'intake.submit': method(IntakeArgs, CaseDetailSchema, 'staff', windowWork),
  // The hall calendar for date pickers (a 容缺 due date must be a working day).
  'calendar.workingDays': method(WorkingDaysArgs, WorkingDaysSchema, 'staff', windowWork),
  // The signed-in clerk's own half-filled intake form (see drafts.ts): never another clerk's.
  'drafts.get': method(NoArgs, StoredIntakeDraftSchema, 'staff', windowWork),
  'drafts.save': method(SaveIntakeDraftArgs, SaveIntakeDraftResultSchema, 'staff', windowWork),
  'drafts.discard': method(NoArgs, DiscardIntakeDraftResultSchema, 'staff', windowWork),

  'cases.search': method(CaseSearchArgs, CaseSearchResultSchema, 'staff', windowWork),
  'cases.get': method(GetCaseArgs, CaseDetailSchema, 'staff', windowWork),
  'cases.decideIntake': method(DecideIntakeArgs, CaseDetailSchema, 'staff', windowWork),
  'cases.supplementMaterials': method(SupplementMaterialsArgs, CaseDetailSchema, 'staff', windowWork),
  'cases.startReview': method(StartReviewArgs, CaseDetailSchema, 'staff', windowWork),
  'cases.decide': method(DecideArgs, CaseDetailSchema, 'staff', windowWork),
  'cases.deliver': method(DeliverArgs, CaseDetailSchema, 'staff', windowWork),
  'cases.withdraw': method(CloseArgs, CaseDetailSchema, 'staff', windowWork),
  'cases.terminate': method(CloseArgs, CaseDetailSchema, 'staff', windowWork),

  // Printing (issue 14): print jobs are durable rows; documents are kept as issued.
  'printing.listJobs': method(ListPrintJobsArgs, PrintJobListSchema, 'staff', windowWork),
  // Sends a `failed` or `waiting` job again now, as it is (it was certainly not printed).
  'printing.retry': method(PrintJobRef, PrintJobSchema, 'staff', windowWork),
  // The first paper of a thermal document never printed (打印回执): unmarked, not recorded as 补打.
  'printing.print': method(PrintDocumentArgs, PrintJobSchema, 'staff', windowWork),
  // 确认已打印: an `unknown` job the clerk saw on paper becomes `printed` (reason 经办人确认已打印).
  'printing.confirmPrinted': method(PrintJobRef, PrintJobSchema, 'staff', windowWork),
  // 补打: the issued document again, marked 补打, recorded on the case.
  'printing.reprint': method(ReprintArgs, ReprintResultSchema, 'staff', windowWork),
  // 作废 a job that is not printed (queued, waiting, failed, unknown), with the reason.
  'printing.discard': method(DiscardPrintJobArgs, PrintJobSchema, 'staff', windowWork),
  'printing.documents': method(CaseDocumentsArgs, IssuedDocumentListSchema, 'staff', windowWork),
  'printing.document': method(GetDocumentArgs, IssuedDocumentSchema, 'staff', windowWork),
  // An A4 notice to the configured A4 printer through the desktop shell (the browser shell prints the preview itself).
  'printing.printNotice': method(PrintNoticeArgs, PrintNoticeResultSchema, 'staff', windowWork),
  // 测试打印 from the 设置 page: the printer's state, the column ruler, the rare characters.
  'printing.testPrint': method(TestPrintArgs, PrintJobSchema, 'staff', administration),

  // 好差评 (issue 15). Nobody casts, steers or alters a rating: there is no method for it (GB/T
  // 39734; DOMAIN.md, Ratings). The window sees its ratings, figures and 差评 follow-ups; a 组长
  // takes a follow-up through 核实 → 回访 → 整改 → closed and decides appeals; the rated staff
  // member may appeal (申诉复核) their own.
  'ratings.search': method(RatingSearchArgs, RatingSearchResultSchema, 'staff', windowWork),
  'ratings.summary': method(RatingSummaryArgs, RatingSummarySchema, 'staff', windowWork),
  'ratings.followUps': method(FollowUpListArgs, FollowUpListSchema, 'staff', windowWork),
  'ratings.followUp': method(FollowUpRef, FollowUpSchema, 'staff', windowWork),
  'ratings.verify': method(VerifyFollowUpArgs, FollowUpSchema, 'staff', followUpCare),
  'ratings.revisit': method(RevisitFollowUpArgs, FollowUpSchema, 'staff', followUpCare),
  'ratings.rectify': method(RectifyFollowUpArgs, FollowUpSchema, 'staff', followUpCare),
  'ratings.close': method(CloseFollowUpArgs, FollowUpSchema, 'staff', followUpCare),
  'ratings.appeal': method(AppealFollowUpArgs, FollowUpSchema, 'staff', windowWork),
  'ratings.decideAppeal': method(DecideAppealArgs, FollowUpSchema, 'staff', followUpCare),
  // The window's open 一次一评 session (请评价 with its countdown), or null.
  'ratings.session': method(NoArgs, CurrentRatingSessionSchema, 'staff', windowWork),
  'ratings.requestRating': method(RequestRatingArgs, RatingSessionSchema, 'staff', windowWork),
  'ratings.deviceFaults': method(DeviceFaultListArgs, DeviceFaultListSchema, 'staff', windowWork),
  // 测试评价器 on the 设置 page: identify the device, its slots and its state.
  'ratings.testDevice': method(NoArgs, RatingDeviceTestSchema, 'staff', administration),

  // 上级平台同步 (issue 16): the 系统管理员 enrols the window with the upstream's one-time code and
  // may force a round; everyone sees the enrolment and the last push and pull on the 设置 page.
  'sync.info': method(NoArgs, SyncInfoSchema, 'staff', { roles: EVERY_ROLE }),
  'sync.enrol': method(EnrolWindowArgs, EnrolmentSchema, 'staff', administration),
  'sync.now': method(NoArgs, SyncNowResultSchema, 'staff', administration),
  'sync.retryParked': method(NoArgs, RetryParkedResultSchema, 'staff', administration),

  // 排队叫号 (issue 17): the window's panel and key presses (叫号, 重呼, 过号, 暂停, 转移, 办结);
  // the dispenser's screen and issuing (a kiosk: no one signs in there, so `public`, this PC
  // only); the hall display's calls (no personal data: numbers and windows).
  'queue.state': method(QueueStateArgs, QueuePanelSchema, 'staff', windowWork),
  'queue.press': method(QueuePressArgs, QueuePressResultSchema, 'staff', windowWork),
  // 已知晓 on the panel's warning of local tickets the hall did not take (review finding M2).
  'queue.acknowledgeRefusals': method(QueueAcknowledgeRefusalsArgs, QueuePanelSchema, 'staff', windowWork),
  'queue.issue': method(QueueIssueArgs, QueueIssueResultSchema, 'public'),
  'queue.dispenserState': method(NoArgs, DispenserStateSchema, 'public'),
  'queue.calls': method(NoArgs, QueueCallsSchema, 'display'),
} as const satisfies Record<string, MethodSpec>;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
/** What the caller passes (before defaults and normalisation). */
export type MethodArgs<M extends MethodName> = z.input<Methods[M]['args']>;
/** What the handler receives (after the schema ran). */
export type ParsedArgs<M extends MethodName> = z.output<Methods[M]['args']>;
export type MethodResult<M extends MethodName> = z.output<Methods[M]['result']>;
export type MethodAccess<M extends MethodName> = Methods[M]['access'];

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name);
}
