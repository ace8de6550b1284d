import { Descriptions, type DescriptionsProps } from 'antd';
import { ROLE_LABELS, type CatalogChoices } from '../../../../electron/contract';
import { RatingDeviceSchema } from '../../../../electron/contract/config';
import { RATING_PROTOCOL_LABELS } from '../../../../electron/contract/ratings';
import { DEVICE_SLOTS } from '../../components/settings-form/config-form-model';
import { DEVICE_SLOT_LABELS, describeDevice } from '../../components/settings-form/device-words';
import { completeSetupArgs, type SetupFormValues } from './setup-form';

/** What a window serves, in words: its departments and items, or 综合窗口 when it names none. */
export function servedSummary(window: SetupFormValues['window'], items: readonly { code: string; name: string }[]): string {
  const departments = window.departments ?? [];
  const codes = window.itemCodes ?? [];
  if (departments.length === 0 && codes.length === 0) return '综合窗口（办理全部事项）';
  const names = codes.map((c) => items.find((i) => i.code === c)?.name ?? c);
  return [departments.length > 0 ? `部门：${departments.join('、')}` : '', names.length > 0 ? `另办事项：${names.join('、')}` : '']
    .filter(Boolean)
    .join('；');
}

/**
 * The rating device's rows of the 确认 step: how it is connected (as every device), then the
 * protocol and the bus address by themselves — a legacy evaluator answers only at the address set
 * on its DIP switches, so the address is what is most worth reading back before 完成设置. No
 * protocol or address rows with no device (or one the schema would refuse: the core says why).
 */
export function ratingDeviceRows(device: unknown): NonNullable<DescriptionsProps['items']> {
  const rows: NonNullable<DescriptionsProps['items']> = [{ key: 'ratingDevice', label: DEVICE_SLOT_LABELS.ratingDevice, children: describeDevice(device) }];
  const parsed = device ? RatingDeviceSchema.safeParse(device) : null;
  if (!parsed?.success) return rows;
  rows.push(
    { key: 'ratingProtocol', label: '评价器协议', children: RATING_PROTOCOL_LABELS[parsed.data.protocol] },
    { key: 'ratingAddress', label: '评价器地址', children: `${parsed.data.address}` },
  );
  return rows;
}

/** The wizard's 确认 step: everything it will save, read back before 完成设置. */
export function SetupSummary({ values, catalogChoices, configFile }: { values: SetupFormValues; catalogChoices: CatalogChoices; configFile: string }) {
  const { config, admin } = completeSetupArgs(values);
  return (
    <div className="setup-summary setup-columns">
      <Descriptions
        bordered
        size="small"
        column={1}
        title="大厅与窗口"
        items={[
          { key: 'hall', label: '大厅', children: `${config.hall.name}（代码 ${config.hall.code}）` },
          { key: 'credit', label: '统一社会信用代码', children: config.hall.creditCode ?? <span className="muted">未填</span> },
          { key: 'window', label: '窗口', children: `${config.window.number ?? '—'}号窗口${config.window.name ? ` · ${config.window.name}` : ''}` },
          { key: 'served', label: '办理范围', children: servedSummary(values.window, catalogChoices.items) },
          { key: 'tz', label: '时区', children: config.timeZone },
        ]}
      />
      <Descriptions
        bordered
        size="small"
        column={1}
        title="设备"
        items={DEVICE_SLOTS.flatMap((d) =>
          d === 'ratingDevice' ? ratingDeviceRows(config.devices?.ratingDevice) : [{ key: d, label: DEVICE_SLOT_LABELS[d], children: describeDevice(config.devices?.[d]) }],
        )}
      />
      <Descriptions
        bordered
        size="small"
        column={1}
        title="管理员账号"
        items={[
          { key: 'number', label: '工号', children: admin.staffNumber },
          { key: 'name', label: '姓名', children: admin.name },
          { key: 'role', label: '角色', children: ROLE_LABELS.it_admin },
        ]}
      />
      <p className="muted setup-file">
        设置将保存到 <span className="mono">{configFile}</span>；随后程序按新设置重新启动，请用上面的管理员账号登录。
      </p>
    </div>
  );
}
