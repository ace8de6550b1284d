/**
 * The pieces of a window's settings form, shared by the first-run setup screen and the 设置 page.
 * Each is a group of antd Form.Items for the form around it (its layout is the form's), named as
 * ConfigFormValues (config-form-model.ts) at the form's root, each checked by config.json's own
 * schema (configRule) with the message beside the field.
 */
import { Alert, AutoComplete, Form, Input, InputNumber, Radio, Select, Tag } from 'antd';
import { useMemo } from 'react';
import { FLOW_CONTROLS, PRINTER_ENCODINGS, QR_MODES, type CatalogChoices, type SerialPortInfo } from '../../../../electron/contract';
import { useShell } from '../../api/hooks';
import { LimitedInput } from '../LimitedText';
import {
  BAUD_RATES,
  PAPER_WIDTHS,
  deviceKindsOf,
  isPrinterSlot,
  type ConfigFieldName,
  type DeviceFormValues,
  type DeviceKind,
  type DeviceSlot,
} from './config-form-model';
import { configRule } from './config-rule';
import { RatingDeviceFields } from './RatingDeviceFields';
import { DEVICE_KIND_LABELS, ENCODING_LABELS, FLOW_CONTROL_LABELS, QR_MODE_LABELS, portDescription } from './device-words';

/** A Form.Item checked by the config schema at its own path. */
function rules(name: ConfigFieldName) {
  return [configRule(name)];
}

export interface HallFieldsProps {
  /** Puts the cursor in the hall code when the form opens. */
  autoFocus?: boolean;
}

/** 大厅: code (the start of every case number), name, unified social credit code (optional). */
export function HallFields({ autoFocus }: HallFieldsProps) {
  return (
    <>
      <Form.Item
        label="大厅代码"
        name={['hall', 'code']}
        required
        rules={rules(['hall', 'code'])}
        normalize={(v: unknown) => (typeof v === 'string' ? v.toUpperCase() : v)}
        extra="办件编号的开头，1–8 位大写字母或数字；启用后不宜再改。"
      >
        <Input autoFocus={autoFocus} maxLength={8} className="mono" style={{ width: 160 }} />
      </Form.Item>
      <Form.Item label="大厅名称" name={['hall', 'name']} required rules={rules(['hall', 'name'])}>
        <LimitedInput limit={60} />
      </Form.Item>
      <Form.Item
        label="统一社会信用代码"
        name={['hall', 'creditCode']}
        rules={rules(['hall', 'creditCode'])}
        normalize={(v: unknown) => (typeof v === 'string' ? v.toUpperCase() : v)}
        extra="选填；打印在受理通知书等文书上。"
      >
        <Input maxLength={18} className="mono" style={{ width: 240 }} />
      </Form.Item>
    </>
  );
}

export interface WindowFieldsProps {
  /** What the catalog offers (settings.get / setup.status `catalogChoices`). */
  choices: CatalogChoices;
  autoFocus?: boolean;
}

/** 窗口: number, name, the departments and single items served (both empty: 综合窗口). */
export function WindowFields({ choices, autoFocus }: WindowFieldsProps) {
  const form = Form.useFormInstance();
  const departments = Form.useWatch<string[] | undefined>(['window', 'departments'], form);
  const itemCodes = Form.useWatch<string[] | undefined>(['window', 'itemCodes'], form);
  const everything = (departments?.length ?? 0) === 0 && (itemCodes?.length ?? 0) === 0;
  const departmentOptions = useMemo(() => choices.departments.map((d) => ({ value: d, label: d })), [choices.departments]);
  const itemOptions = useMemo(
    () => choices.items.map((i) => ({ value: i.code, label: `${i.name}（${i.department}）`, search: `${i.name} ${i.department} ${i.code}` })),
    [choices.items],
  );
  return (
    <>
      <Form.Item label="窗口号" name={['window', 'number']} required rules={rules(['window', 'number'])} extra="1–999 的整数，办件编号的第二段。">
        {/* No `precision`: it would round 12.5 to 13 unasked; the schema says it must be whole. */}
        <InputNumber autoFocus={autoFocus} controls={false} style={{ width: 120 }} />
      </Form.Item>
      <Form.Item label="窗口名称" name={['window', 'name']} rules={rules(['window', 'name'])}>
        <LimitedInput limit={40} placeholder="例如 综合受理窗口" />
      </Form.Item>
      <Form.Item
        label="服务部门"
        name={['window', 'departments']}
        rules={rules(['window', 'departments'])}
        extra={everything ? <Tag color="blue">综合窗口：办理全部部门的全部事项</Tag> : '办理所选部门的全部事项。'}
      >
        <Select mode="multiple" allowClear options={departmentOptions} placeholder="不选 = 全部部门（综合窗口）" />
      </Form.Item>
      <Form.Item
        label="另办事项"
        name={['window', 'itemCodes']}
        rules={rules(['window', 'itemCodes'])}
        extra="所选部门以外，本窗口也办理的单个事项。"
      >
        <Select
          mode="multiple"
          allowClear
          options={itemOptions}
          optionFilterProp="search"
          placeholder="输入事项名称或编码查找"
        />
      </Form.Item>
    </>
  );
}

/** Every IANA zone this browser knows, for suggestions; any zone may still be typed. */
function timeZones(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: 'timeZone') => string[] };
  return typeof intl.supportedValuesOf === 'function' ? intl.supportedValuesOf('timeZone') : ['Asia/Shanghai'];
}

/** 时区: the hall's IANA time zone (Asia/Shanghai); numbers and deadlines use the hall's date. */
export function TimeZoneField() {
  const options = useMemo(() => timeZones().map((z) => ({ value: z })), []);
  return (
    <Form.Item
      label="时区"
      name={['timeZone']}
      required
      rules={rules(['timeZone'])}
      extra="大厅所在地的时区，办件日期和期限按此计算；中国大陆均为 Asia/Shanghai。"
    >
      <AutoComplete
        options={options}
        style={{ width: 240 }}
        filterOption={(typed, option) => (option?.value ?? '').toLowerCase().includes(typed.toLowerCase())}
      />
    </Form.Item>
  );
}

/** 容缺受理: default working days offered for a deferred material. */
export function IntakeFields() {
  return (
    <Form.Item
      label="容缺补正默认期限"
      name={['intake', 'deferralWorkingDays']}
      required
      rules={rules(['intake', 'deferralWorkingDays'])}
      extra="容缺受理时默认给出的补正期限（工作日，1–60）。"
    >
      <InputNumber precision={0} controls={false} suffix="个工作日" style={{ width: 160 }} />
    </Form.Item>
  );
}

export interface DeviceFieldsProps {
  slot: DeviceSlot;
  /** Serial ports found on this PC (settings.listPorts / setup.listPorts); a path may still be typed. */
  ports: readonly SerialPortInfo[];
}

/** What the system print queue cannot tell, said where the kind is chosen (issue 14: "the UI says so"). */
export const SYSTEM_QUEUE_NOTE = '经 Windows 驱动打印：无法读取缺纸等状态（缺纸、上盖打开时不会提示），请留意打印机指示灯。';

/**
 * One device: 无 / 串口 (a port found, with its USB description, or a typed path) / 网络打印机
 * (host and port, TCP 9100) / 设备文件 (path) / 系统打印机 (the OS print queue, by the printer's
 * name); the latter three for printers only. Baud rate for a serial port (and flow control for a
 * printer's), paper width, character set and QR mode for a printer, the rating device's protocol,
 * address, USB identity and legacy score map (RatingDeviceFields).
 */
export function DeviceFields({ slot, ports }: DeviceFieldsProps) {
  const form = Form.useFormInstance();
  const kind = Form.useWatch<DeviceKind | undefined>(['devices', slot, 'kind'], form) ?? 'none';
  const printer = isPrinterSlot(slot);
  const kinds = deviceKindsOf(slot);
  const shell = useShell();
  const at = (field: keyof DeviceFormValues): ConfigFieldName => ['devices', slot, field];
  const portOptions = useMemo(
    () =>
      ports.map((p) => ({
        value: p.path,
        label: (
          <span>
            <span className="mono">{p.path}</span>
            {portDescription(p) && <span className="muted"> · {portDescription(p)}</span>}
          </span>
        ),
      })),
    [ports],
  );
  return (
    // One container per device, so a form can lay out a device's fields as a row (the wizard does).
    <div className="device-fields">
      <Form.Item label="连接方式" name={at('kind')} rules={rules(at('kind'))}>
        <Radio.Group optionType="button" options={kinds.map((k) => ({ value: k, label: DEVICE_KIND_LABELS[k] }))} />
      </Form.Item>
      {kind === 'serial' && (
        <>
          <Form.Item
            label="串口"
            name={at('serialPath')}
            required
            rules={rules(at('serialPath'))}
            extra={ports.length > 0 ? '从本机找到的串口中选择，或直接输入。' : '直接输入，例如 COM3 或 /dev/ttyUSB0；可先点“检测串口”。'}
          >
            <AutoComplete options={portOptions} style={{ width: 360 }} placeholder="COM3 或 /dev/ttyUSB0" />
          </Form.Item>
          <Form.Item label="波特率" name={at('baudRate')} rules={rules(at('baudRate'))}>
            <Select style={{ width: 120 }} options={BAUD_RATES.map((b) => ({ value: b, label: String(b) }))} />
          </Form.Item>
          {printer && (
            <Form.Item
              label="流控"
              name={at('flowControl')}
              rules={rules(at('flowControl'))}
              extra="按打印机说明书设置；不确定时选“无”。"
            >
              <Radio.Group optionType="button" options={FLOW_CONTROLS.map((f) => ({ value: f, label: FLOW_CONTROL_LABELS[f] }))} />
            </Form.Item>
          )}
        </>
      )}
      {kind === 'tcp' && (
        <>
          <Form.Item label="打印机地址" name={at('host')} required rules={rules(at('host'))}>
            <Input className="mono" style={{ width: 240 }} placeholder="例如 192.168.1.50" />
          </Form.Item>
          <Form.Item label="端口" name={at('port')} required rules={rules(at('port'))} extra="网络打印机通常为 9100。">
            <InputNumber precision={0} controls={false} style={{ width: 120 }} />
          </Form.Item>
        </>
      )}
      {kind === 'file' && (
        <Form.Item label="设备文件" name={at('filePath')} required rules={rules(at('filePath'))}>
          <Input className="mono" style={{ width: 360 }} placeholder="例如 /dev/usb/lp0" />
        </Form.Item>
      )}
      {kind === 'system' && (
        <>
          <Form.Item
            label="打印机名称"
            name={at('printerName')}
            rules={rules(at('printerName'))}
            extra="与“设备和打印机”中的名称一致；留空则用系统默认打印机。"
          >
            <LimitedInput limit={200} counter={false} style={{ width: 360 }} placeholder="例如 XP-80C" />
          </Form.Item>
          <Alert
            className="device-fields-note"
            type="warning"
            showIcon
            title={SYSTEM_QUEUE_NOTE}
            description={shell === 'browser' ? '系统打印机只能在桌面程序中使用；浏览器模式下此打印机显示为故障。' : undefined}
          />
        </>
      )}
      {kind !== 'none' && printer && (
        <Form.Item label="纸宽" name={at('paperWidthMm')} rules={rules(at('paperWidthMm'))}>
          <Radio.Group options={PAPER_WIDTHS.map((w) => ({ value: w, label: `${w} mm` }))} />
        </Form.Item>
      )}
      {/* The OS queue gets an HTML page through the driver: the ESC/POS font and QR command do not apply. */}
      {kind !== 'none' && kind !== 'system' && printer && (
        <>
          <Form.Item
            label="字符集"
            name={at('encoding')}
            rules={rules(at('encoding'))}
            extra="打印机内置的中文字库，多数为 GBK；字库里没有的生僻字按图片打印。"
          >
            <Radio.Group options={PRINTER_ENCODINGS.map((e) => ({ value: e, label: ENCODING_LABELS[e] }))} />
          </Form.Item>
          <Form.Item label="二维码" name={at('qrMode')} rules={rules(at('qrMode'))} extra="若二维码打印成乱码，选“图片”。">
            <Radio.Group options={QR_MODES.map((q) => ({ value: q, label: QR_MODE_LABELS[q] }))} />
          </Form.Item>
        </>
      )}
      {kind !== 'none' && !printer && <RatingDeviceFields slot={slot} ports={ports} />}
    </div>
  );
}
