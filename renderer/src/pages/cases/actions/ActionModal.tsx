import type { FormInstance } from 'antd';
import type { ReactNode } from 'react';
import type { CaseDetail } from '../../../../../electron/contract';
import { FormDialog } from '../../../components/form-dialog/FormDialog';
import { isStaleCase, isVersionConflict, type FieldName } from '../../../shared/call-error';
import { useRunOwnAction } from './own-action';

/** What every case dialog is given by CaseActions. */
export interface CaseDialogProps {
  /** The case as it was when the dialog opened (its version goes with the call). */
  detail: CaseDetail;
  onDone: (detail: CaseDetail) => void;
  /** The core said the case has changed since: the page loads it again. */
  onStale: () => void;
  onClose: () => void;
}

interface Props<V extends object> extends Omit<CaseDialogProps, 'detail'> {
  title: string;
  okText: string;
  danger?: boolean;
  width?: number;
  form: FormInstance<V>;
  initialValues: V;
  /** Makes the call; resolves with the case as it now stands. */
  perform: (values: V) => Promise<CaseDetail>;
  /** A check the form's rules cannot express (e.g. "tick at least one"); returns the message. */
  check?: (values: V) => string | null;
  /** Where the core's `fieldErrors[].path` goes in this form. */
  fieldFor: (path: string) => FieldName | null;
  children: ReactNode;
}

/**
 * The app's FormDialog for a case action: the call runs as the page's own action (the page
 * shows the case it answers with instead of reading it again on its case.changed), and a refusal saying the case moved on
 * under the dialog (a version conflict, a step no longer allowed) turns it stale: what was typed
 * stays readable, it can no longer be sent, and the page loads the case again.
 */
export function ActionModal<V extends object>({ perform, onStale, width, ...rest }: Props<V>) {
  const runOwnAction = useRunOwnAction();
  return (
    <FormDialog<V, CaseDetail>
      {...rest}
      width={width ?? 560}
      perform={(values) => runOwnAction(() => perform(values))}
      staleWords={(err, general) => {
        if (!isStaleCase(err)) return null;
        // The core's own words ask for a refresh, which has just been done.
        return isVersionConflict(err)
          ? '本对话框打开后，该办件已有新的办理记录，页面已显示最新内容。请返回办件，核对后再操作。'
          : `${general ?? '办件已有变化'}（页面已显示最新内容，请返回办件核对）`;
      }}
      staleCancelText="返回办件"
      onStale={onStale}
    />
  );
}
