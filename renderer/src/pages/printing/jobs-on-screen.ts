import { useEffect } from 'react';

/**
 * Documents whose print job a page already shows with its guidance (the intake result's 受理回执
 * panel). A toast about such a job would only cover the very words it repeats (at 1366×768 it
 * hides the panel's advice), so PrintJobAlerts leaves those to the page. A count per document:
 * two places may show the same one.
 */
const shown = new Map<string, number>();
const listeners = new Set<(documentId: string) => void>();

/** Whether a page now shows the job of `documentId` with its guidance. */
export function isJobOnScreen(documentId: string): boolean {
  return (shown.get(documentId) ?? 0) > 0;
}

/** Called with a document's id each time a page starts showing its job. Returns the unsubscribe. */
export function onJobShown(listener: (documentId: string) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Marks `documentId`'s job as shown on screen while the calling component is mounted (null: nothing). */
export function useJobOnScreen(documentId: string | null): void {
  useEffect(() => {
    if (documentId === null) return;
    shown.set(documentId, (shown.get(documentId) ?? 0) + 1);
    for (const l of listeners) l(documentId);
    return () => {
      const left = (shown.get(documentId) ?? 1) - 1;
      if (left > 0) shown.set(documentId, left);
      else shown.delete(documentId);
    };
  }, [documentId]);
}
