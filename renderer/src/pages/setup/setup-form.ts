import type { MethodArgs, SetupNeeded } from '../../../../electron/contract';
import type { FieldName } from '../../shared/call-error';
import {
  configFieldFor,
  configToFormValues,
  formValuesToConfigInput,
  type ConfigFieldName,
  type ConfigFormValues,
} from '../../components/settings-form/config-form-model';

/**
 * The first-run wizard's model: its steps, its values (the settings form's, shared with the
 * 设置 page, plus the first account), the `setup.complete` call they make, and where a message
 * the core gives for an argument path is shown (which field, on which step).
 */

/** The wizard's steps, in order. */
export const SETUP_STEPS = [
  { key: 'hallWindow', title: '大厅与窗口' },
  { key: 'devices', title: '设备' },
  { key: 'admin', title: '管理员账号' },
  { key: 'confirm', title: '确认' },
] as const;
export type SetupStepKey = (typeof SETUP_STEPS)[number]['key'];

/** The index of the 确认 step, where messages no field can show are read. */
export const CONFIRM_STEP = SETUP_STEPS.length - 1;

/** The first account as the form holds it: the PIN typed twice. */
export interface AdminFormValues {
  staffNumber: string;
  name: string;
  pin: string;
  pinAgain: string;
}

export interface SetupFormValues extends ConfigFormValues {
  admin: AdminFormValues;
}

/**
 * Where the wizard starts: the settings in use and an empty account. On a PC still running on
 * the built-in demo settings the hall and the window start empty, so that no 演示 name or code
 * can be kept by a hurried Enter; the rest (time zone, devices: none) are the defaults anyway.
 */
export function setupFormValues(status: Pick<SetupNeeded, 'config' | 'demoConfig'>): SetupFormValues {
  const values = configToFormValues(status.config);
  if (status.demoConfig) {
    values.hall = { code: '', name: '', creditCode: '' };
    values.window = { ...values.window, number: null, name: '' };
  }
  return { ...values, admin: { staffNumber: '', name: '', pin: '', pinAgain: '' } };
}

/** The `setup.complete` arguments of the wizard's values. The second PIN is the screen's own check and is not sent. */
export function completeSetupArgs(values: SetupFormValues): MethodArgs<'setup.complete'> {
  return {
    config: formValuesToConfigInput(values),
    admin: {
      staffNumber: (values.admin?.staffNumber ?? '').trim(),
      name: values.admin?.name ?? '',
      pin: values.admin?.pin ?? '',
    },
  };
}

const ADMIN_FIELDS = ['staffNumber', 'name', 'pin'];

/**
 * The field (antd name path) for a `setup.complete` argument path (`config.hall.code`,
 * `config.devices.receiptPrinter.path`, `admin.pin`), or null when the wizard has none (the
 * message then goes on top). `values` tells a serial port's `path` from a device file's.
 */
export function setupFieldFor(path: string, values?: Partial<SetupFormValues>): ConfigFieldName | null {
  const [section, field] = path.split('.');
  if (section === 'config') return configFieldFor(path, values);
  if (section === 'admin' && field !== undefined && ADMIN_FIELDS.includes(field)) return ['admin', field];
  return null;
}

/** The step whose screen holds the field `name` (setupFieldFor); the 确认 step for none. */
export function stepOfField(name: FieldName | null): number {
  const section = Array.isArray(name) ? name[0] : name;
  switch (section) {
    case 'hall':
    case 'window':
    case 'timeZone':
      return 0;
    case 'devices':
      return 1;
    case 'admin':
      return 2;
    default:
      // intake and sync are not asked by the wizard (they keep the settings in use).
      return CONFIRM_STEP;
  }
}
