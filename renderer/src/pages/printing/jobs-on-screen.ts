import { useEffect } from 'react';

/**
 * Cases whose print jobs a page already shows with their guidance (the intake result's 受理回执
 * panel: a case's only thermal job is its receipt). A toast about such a job would only cover
 * the very words it repeats (at 1366×768 it hides the panel's advice), so PrintJobAlerts leaves
 * those to the page. Keyed by case, known before the case's documents are read, so no toast
 * flashes up while the panel loads. A count per case: two places may show the same one.
 */
const shown = new Map<string, number>();
const listeners = new Set<(caseId: string, shownNow: boolean) => void>();

/** Whether a page now shows the jobs of `caseId` with its guidance. */
export function isJobOnScreen(caseId: string): boolean {
  return (shown.get(caseId) ?? 0) > 0;
}

/** Called with a case's id (and true) each time a page starts showing its job, (and false) when no page shows it any more. Returns the unsubscribe. */
export function onJobShown(listener: (caseId: string, shownNow: boolean) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Marks `caseId`'s jobs as shown on screen while the calling component is mounted (null: nothing). */
export function useJobOnScreen(caseId: string | null): void {
  useEffect(() => {
    if (caseId === null) return;
    shown.set(caseId, (shown.get(caseId) ?? 0) + 1);
    for (const l of listeners) l(caseId, true);
    return () => {
      const left = (shown.get(caseId) ?? 1) - 1;
      if (left > 0) shown.set(caseId, left);
      else {
        shown.delete(caseId);
        for (const l of listeners) l(caseId, false);
      }
    };
  }, [caseId]);
}
