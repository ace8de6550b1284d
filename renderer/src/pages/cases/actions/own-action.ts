import { createContext, useContext } from 'react';
import type { CaseDetail } from '../../../../../electron/contract';

/**
 * Runs one of the case page's own actions: `call` makes the core call and resolves with the case
 * as it then stands. The page shows that answer itself and meanwhile holds the case's
 * `case.changed` events, so it does not read again the version its own action returns (see
 * OwnActions in ../case-change.ts). Resolves and rejects as `call` does.
 */
export type RunOwnAction = (call: () => Promise<CaseDetail>) => Promise<CaseDetail>;

/** Given by CaseActions to its dialogs. */
export const OwnActionContext = createContext<RunOwnAction | null>(null);

/** The page's RunOwnAction; throws when used outside CaseActions, where no page would see the answer. */
export function useRunOwnAction(): RunOwnAction {
  const run = useContext(OwnActionContext);
  if (!run) throw new Error('useRunOwnAction: outside CaseActions');
  return run;
}
