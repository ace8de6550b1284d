import { z } from 'zod';
// Before any schema below is used: zod's messages in Chinese where a schema has none of its own.
import './zod-messages';
import type { Access } from './access';
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
import { ResumeArgs, SessionSchema, SignInArgs } from './session';
import { WindowInfoForDisplaySchema, WindowInfoSchema } from './window-info';

export type { Access } from './access';

/**
 * One method of the contract: its arguments' schema (the dispatcher validates before anything
 * runs), its result's schema, who may call it (access.ts) and, for a `display` method whose
 * result holds something for this PC only, `displayResult`: the schema a hall screen's answer is
 * parsed through, which keeps only its fields (a zod object drops the keys it does not name).
 */
export interface MethodSpec<A extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType, X extends Access = Access> {
  args: A;
  result: R;
  access: X;
  displayResult?: z.ZodType;
}

function method<A extends z.ZodType, R extends z.ZodType, X extends Access>(
  args: A,
  result: R,
  access: X,
  options: { displayResult?: z.ZodType } = {},
): MethodSpec<A, R, X> {
  return options.displayResult === undefined ? { args, result, access } : { args, result, access, displayResult: options.displayResult };
}

/** Every call the UI can make into the core. The dispatcher validates `args` before anything runs. */
export const methods = {
  // A hall screen shows the window's name and its devices' health; where this PC keeps its files
  // (a user name, folders) and where its devices are attached are not for the network.
  'app.windowInfo': method(NoArgs, WindowInfoSchema, 'display', { displayResult: WindowInfoForDisplaySchema }),
  'app.health': method(NoArgs, HealthSchema, 'display', { displayResult: HealthForDisplaySchema }),

  'session.current': method(NoArgs, SessionSchema, 'public'),
  'session.signIn': method(SignInArgs, SessionSchema, 'public'),
  'session.signOut': method(NoArgs, SessionSchema, 'public'),
  'session.pause': method(NoArgs, SessionSchema, 'staff'),
  // Resuming checks the PIN itself: whoever sits down at a paused window must prove who they are.
  'session.resume': method(ResumeArgs, SessionSchema, 'public'),

  'catalog.search': method(CatalogSearchArgs, z.array(ItemSearchHitSchema), 'staff'),
  'catalog.getItem': method(CatalogGetItemArgs, ItemDetailSchema, 'staff'),

  'intake.referenceData': method(NoArgs, ReferenceDataSchema, 'staff'),
  'intake.preview': method(IntakePreviewArgs, IntakePreviewSchema, 'staff'),
  'intake.submit': method(IntakeArgs, CaseDetailSchema, 'staff'),
  // The hall calendar for date pickers (a 容缺 due date must be a working day).
  'calendar.workingDays': method(WorkingDaysArgs, WorkingDaysSchema, 'staff'),
  // The signed-in clerk's own half-filled intake form (see drafts.ts): never another clerk's.
  'drafts.get': method(NoArgs, StoredIntakeDraftSchema, 'staff'),
  'drafts.save': method(SaveIntakeDraftArgs, SaveIntakeDraftResultSchema, 'staff'),
  'drafts.discard': method(NoArgs, DiscardIntakeDraftResultSchema, 'staff'),

  'cases.search': method(CaseSearchArgs, CaseSearchResultSchema, 'staff'),
  'cases.get': method(GetCaseArgs, CaseDetailSchema, 'staff'),
  'cases.decideIntake': method(DecideIntakeArgs, CaseDetailSchema, 'staff'),
  'cases.supplementMaterials': method(SupplementMaterialsArgs, CaseDetailSchema, 'staff'),
  'cases.startReview': method(StartReviewArgs, CaseDetailSchema, 'staff'),
  'cases.decide': method(DecideArgs, CaseDetailSchema, 'staff'),
  'cases.deliver': method(DeliverArgs, CaseDetailSchema, 'staff'),
  'cases.withdraw': method(CloseArgs, CaseDetailSchema, 'staff'),
  'cases.terminate': method(CloseArgs, CaseDetailSchema, 'staff'),
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
