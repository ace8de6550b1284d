import { useCallback, useRef, useState, type RefObject } from 'react';
import { CounterCallError } from '../../../../electron/contract';
import { failureSummary, mapFieldErrors, type FieldErrors, type PathContext } from './model/field-errors';
import { focusFirstError, messagesWithoutField } from './keyboard';

/**
 * The messages of one intake form: each beside its field, and one line on top. The intake page
 * and the steps on a case share it, so a refused submit reads and behaves the same everywhere.
 */
export function useSubmitErrors(rootRef: RefObject<HTMLElement | null>) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [topError, setTopError] = useState<string | null>(null);
  const shown = useRef(errors);
  shown.current = errors;

  /** Shows `fields` and `top`, and takes the clerk to the first field named (else to the top). */
  const show = useCallback(
    (fields: FieldErrors, top: string) => {
      // Nothing may be lost: a message whose field is not on the page joins the one on top.
      const orphans = messagesWithoutField(rootRef.current, fields).filter((m) => !top.includes(m));
      setErrors(fields);
      setTopError([top, ...orphans].join('；'));
      requestAnimationFrame(() => {
        if (!focusFirstError(rootRef.current, new Set(Object.keys(fields)))) rootRef.current?.scrollIntoView({ block: 'start' });
      });
    },
    [rootRef],
  );

  /**
   * A call that failed. The core's field messages replace those shown; a failure that names no
   * field (a lost connection, a conflict) leaves them, since the form has not changed.
   * `retrySafe` tells the clerk what survived and whether resending is safe.
   */
  const showFailure = useCallback(
    (err: unknown, paths: PathContext, retrySafe: string) => {
      const mapped = err instanceof CounterCallError ? mapFieldErrors(err.fieldErrors, paths) : { fields: {}, unplaced: [] };
      const top = failureSummary(err, mapped, retrySafe);
      show(Object.keys(mapped.fields).length > 0 ? mapped.fields : shown.current, top);
    },
    [show],
  );

  const clear = useCallback(() => {
    setErrors({});
    setTopError(null);
  }, []);

  return { errors, setErrors, topError, setTopError, show, showFailure, clear };
}
