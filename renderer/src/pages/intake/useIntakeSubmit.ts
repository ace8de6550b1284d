import { useCallback, useRef, useState, type RefObject } from 'react';
import type { MappedErrors, PathContext } from '../../components/intake/model/field-errors';
import { useSubmitErrors } from '../../components/intake/useSubmitErrors';

/** One submit of an intake form: what the checks here found, and the call to make if nothing. */
export interface SubmitPlan<T> {
  /** What the contract's checks run here found, by field and without one; nothing: send. */
  problems: MappedErrors;
  /** The line on top when something was found, given how many places were marked. */
  refusal: (count: number) => string;
  /** The call; resolves with the core's answer. */
  call: () => Promise<T>;
  /** Where the call's list entries came from, so the core's messages find their fields. */
  paths: PathContext;
  /** Added to the line on top after a failed call: what survived and whether resending is safe. */
  retrySafe: string;
  done: (answer: T) => void;
  /** After a failed call has been shown (e.g. to read a case that moved on again). */
  failed?: (err: unknown) => void;
}

/**
 * The submit of every intake form — the intake page and the steps on a case: one submit at a
 * time (a doubled Enter sends once), the checks first with their messages beside the fields,
 * then the call, whose refusal is shown the same way (useSubmitErrors).
 */
export function useIntakeSubmit(rootRef: RefObject<HTMLElement | null>) {
  const messages = useSubmitErrors(rootRef);
  const { show, showFailure, setTopError } = messages;
  const [submitting, setSubmitting] = useState(false);
  // Taken at once, before React renders `submitting`: a second key press must not send twice.
  const busy = useRef(false);

  const submit = useCallback(
    async <T>(plan: SubmitPlan<T>): Promise<void> => {
      if (busy.current) return;
      const { fields, unplaced } = plan.problems;
      const count = Object.keys(fields).length + unplaced.length;
      if (count > 0) {
        show(fields, [plan.refusal(count), ...unplaced].join('；'));
        return;
      }
      busy.current = true;
      setSubmitting(true);
      setTopError(null);
      try {
        plan.done(await plan.call());
      } catch (err) {
        showFailure(err, plan.paths, plan.retrySafe);
        plan.failed?.(err);
      } finally {
        busy.current = false;
        setSubmitting(false);
      }
    },
    [show, showFailure, setTopError],
  );

  return { ...messages, submitting, busy, submit };
}
