import type { FollowUpStage, FollowUpStepKind, RemedyVerdict } from '../../../contract/ratings';

/**
 * The follow-up's events on the rating's stream (stream type `rating`, stream id = rating id,
 * after its `rating.received`), and what each carries. Payloads are kept as written: a new field
 * is optional here, never a rewrite of old events.
 */
export interface FollowUpEventPayloads {
  /** A 差评 was committed: the follow-up opens in 待核实 with its due date (hall calendar). */
  'rating.followUpOpened': { followUpId: string; dueDate: string; workingDays: number; dueProvisional: boolean };
  /** 核实: what the lead found. */
  'rating.verified': { followUpId: string; finding: string };
  /** 回访: what the applicant said, and their view if they gave one. */
  'rating.revisited': { followUpId: string; note: string; verdict: RemedyVerdict | null };
  /** 整改: the measures taken. */
  'rating.rectified': { followUpId: string; measures: string };
  /** 办结: the applicant's verdict on the remedy. */
  'rating.followUpClosed': { followUpId: string; verdict: RemedyVerdict; note: string };
  /** 申诉: the rated staff member's reason, and the stage it was lodged from. */
  'rating.appealed': { followUpId: string; reason: string; from: FollowUpStage };
  /** 申诉复核: the lead's decision; `stage` is where the follow-up went (closed, or back). */
  'rating.appealDecided': { followUpId: string; upheld: boolean; note: string; stage: FollowUpStage };
  /**
   * The hall calendar changed (an official schedule replaced a 暂定 year, or corrected one): the
   * open follow-up's due date counted again from the rating's hall date with the working days it
   * was opened with, from what to what (follow-up-due-recompute.ts). Recorded by the system (no staff).
   */
  'rating.followUpDueRecomputed': {
    followUpId: string;
    dueDate: string;
    dueProvisional: boolean;
    previousDueDate: string;
    previousDueProvisional: boolean;
    workingDays: number;
    /** The calendar years the old and new due dates span, from the rating's year: what changed. */
    calendarYears: number[];
  };
}
export type FollowUpEventType = keyof FollowUpEventPayloads;

/** Each follow-up event type and the step kind it shows as (contract FOLLOW_UP_STEP_KINDS). */
export const STEP_KIND_OF_EVENT: { readonly [T in FollowUpEventType]: FollowUpStepKind } = {
  'rating.followUpOpened': 'opened',
  'rating.verified': 'verified',
  'rating.revisited': 'revisited',
  'rating.rectified': 'rectified',
  'rating.followUpClosed': 'closed',
  'rating.appealed': 'appealed',
  'rating.appealDecided': 'appealDecided',
  'rating.followUpDueRecomputed': 'dueRecomputed',
};

/** Whether an event on a rating stream is one of the follow-up's steps (not `rating.received`). */
export function isFollowUpEventType(type: string): type is FollowUpEventType {
  return Object.hasOwn(STEP_KIND_OF_EVENT, type);
}
