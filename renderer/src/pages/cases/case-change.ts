import type { EventPayload } from '../../../../electron/contract';

/**
 * Whether a `case.changed` event should make a page read its case again. Not for another case;
 * not when the page already holds the version the event announces, or a later one (the event of
 * the page's own action arrives after the action's answer, which is that version already).
 * `held` null: the page has no case on screen yet (loading, or the load failed), so it reads it.
 */
export function caseChangeNeedsFetch(
  event: Pick<EventPayload<'case.changed'>, 'caseId' | 'version'>,
  caseId: string,
  held: { version: number } | null,
): boolean {
  if (event.caseId !== caseId) return false;
  return held === null || event.version > held.version;
}
