import type { FormInstance } from 'antd';
import type { ReactNode } from 'react';
import type { StaffMember } from '../../../../electron/contract';
import { FormDialog } from '../../components/form-dialog/FormDialog';
import type { FieldName } from '../../shared/call-error';

interface Props<V extends object> {
  title: string;
  okText: string;
  danger?: boolean;
  form: FormInstance<V>;
  initialValues: V;
  /** Makes the call; resolves with the account as it now stands. */
  perform: (values: V) => Promise<StaffMember>;
  /** Where the core's `fieldErrors[].path` goes in this form; anything else goes on top. */
  fieldFor: (path: string) => FieldName | null;
  onDone: (member: StaffMember) => void;
  onClose: () => void;
  children: ReactNode;
}

/**
 * One dialog shape for every act on a staff account (the app's FormDialog): the form (possibly
 * only a question), the core's refusals beside the fields they name (a taken 工号, a trivial PIN)
 * and any other (oneself, the last 系统管理员) on top, in its words; resolves with the account.
 */
export function StaffDialog<V extends object>(props: Props<V>) {
  return <FormDialog<V, StaffMember> {...props} />;
}
