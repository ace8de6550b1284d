/**
 * The rating device's own fields in the settings form (the 设置 page and the first-run setup's
 * 设备 step), under its serial port and baud rate: 协议 (v1 / 大厅总线, one line each on when to
 * choose it), 地址, the USB adapter's identity (filled from the chosen port's listing in one
 * click), and, for the legacy bus only, the score map (score byte → level). Each field is checked
 * by config.json's own schema, the message beside it; a byte used twice is the form's own check
 * (config.json cannot hold a key twice, so only the form can see it).
 */
import { Button, Form, Input, InputNumber, Radio, Select, type FormRule } from 'antd';
import { useMemo } from 'react';
import { ConfigSchema, type SerialPortInfo } from '../../../../electron/contract';
import { RATING_PROTOCOLS, SATISFACTION_LABELS, SATISFACTIONS, type RatingProtocol } from '../../../../electron/contract/ratings';
import { schemaMessage } from '../../shared/schema-rule';
import {
  DUPLICATE_SCORE_WORDS,
  duplicateScoreRows,
  formValuesToConfigInput,
  nextScoreRow,
  scoreMapMessages,
  type ConfigFieldName,
  type ConfigFormValues,
  type DeviceFormValues,
  type DeviceSlot,
  type LegacyScoreRow,
} from './config-form-model';
import { configRule } from './config-rule';
import { RATING_PROTOCOL_CHOICES } from './device-words';
import { usbIdentityOf } from './usb-identity';
import './rating-device.css';

/** The USB fields side by side, each with its own short label (not the form's label column). */
const INLINE = { labelCol: { flex: 'none' }, wrapperCol: { flex: 'none' } } as const;

const LEVEL_OPTIONS = SATISFACTIONS.map((s) => ({ value: s, label: SATISFACTION_LABELS[s] }));

/**
 * The rule of one score byte: used by no other row, then the contract's schema over the whole
 * form at `legacyScores.<the byte>` (empty, 256, 1.5: 分值应为 0–255 的整数).
 */
function scoreByteRule(slot: DeviceSlot, index: number): FormRule {
  return (form) => ({
    validator: async () => {
      const values = form.getFieldsValue(true) as ConfigFormValues;
      const rows = values.devices?.[slot]?.legacyScores ?? [];
      if (duplicateScoreRows(rows).includes(index)) throw new Error(DUPLICATE_SCORE_WORDS);
      const byte = rows[index]?.byte;
      const key = typeof byte === 'number' ? String(byte) : '';
      const message = schemaMessage(ConfigSchema, formValuesToConfigInput(values), `devices.${slot}.legacyScores.${key}`);
      if (message !== null) throw new Error(message);
    },
  });
}

export interface RatingDeviceFieldsProps {
  slot: DeviceSlot;
  /** Serial ports found on this PC: the chosen one's USB identity fills the USB fields. */
  ports: readonly SerialPortInfo[];
}

/** 协议, 地址, USB 标识 and (大厅总线) 分值对照 of the rating device. */
export function RatingDeviceFields({ slot, ports }: RatingDeviceFieldsProps) {
  const form = Form.useFormInstance();
  const at = (field: keyof DeviceFormValues): ConfigFieldName => ['devices', slot, field];
  const protocol = Form.useWatch<RatingProtocol | undefined>(at('protocol'), form) ?? 'v1';
  const path = Form.useWatch<string | undefined>(at('serialPath'), form) ?? '';
  const chosen = useMemo(() => ports.find((p) => p.path === path.trim()), [ports, path]);
  const identity = chosen ? usbIdentityOf(chosen) : null;
  const usbNames = [at('usbVendorId'), at('usbProductId'), at('usbSerialNumber')];

  const fillUsb = () => {
    if (!identity) return;
    form.setFieldValue(at('usbVendorId'), identity.vendorId);
    form.setFieldValue(at('usbProductId'), identity.productId);
    form.setFieldValue(at('usbSerialNumber'), identity.serialNumber ?? '');
    // setFieldValue is no typed change (no onValuesChange): the check that follows is what tells
    // the form around (onFieldsChange) that the settings now differ from those saved.
    void form.validateFields(usbNames).catch(() => undefined);
  };

  return (
    <>
      <Form.Item
        label="协议"
        name={at('protocol')}
        rules={[configRule(at('protocol'))]}
        extra={RATING_PROTOCOL_CHOICES[protocol].explanation}
        className="rating-protocol"
      >
        <Radio.Group
          optionType="button"
          options={RATING_PROTOCOLS.map((p) => ({ value: p, label: RATING_PROTOCOL_CHOICES[p].label }))}
        />
      </Form.Item>
      <Form.Item
        label="评价器地址"
        name={at('address')}
        required
        rules={[configRule(at('address'))]}
        extra={protocol === 'v1' ? '1–255；单台直连为 1。' : '1–255；本窗口评价器在大厅总线上的地址（设备上拨码设定）。'}
      >
        <InputNumber controls={false} style={{ width: 120 }} />
      </Form.Item>
      <Form.Item
        label="USB 标识"
        className="rating-usb"
        extra="换插 USB 口后串口名会变（COM3 → COM4，ttyUSB0 → ttyUSB1），程序按此标识重新找到评价器；全部留空则只按串口名连接。"
      >
        <div className="rating-usb-head" role="group" aria-label="USB 标识">
          <Button size="small" onClick={fillUsb} disabled={!identity}>
            按所选串口填入
          </Button>
          <span className="muted">
            {identity
              ? `${chosen?.path}：${identity.vendorId}:${identity.productId}${identity.serialNumber ? `，序列号 ${identity.serialNumber}` : ''}`
              : chosen
                ? '系统未提供此串口的 USB 标识，可按设备说明书填写'
                : '先点“检测串口”并选择串口'}
          </span>
        </div>
        <div className="rating-usb-fields">
          <Form.Item label="厂商 ID" name={at('usbVendorId')} rules={[configRule(at('usbVendorId'))]} {...INLINE}>
            <Input className="mono" maxLength={4} style={{ width: 90 }} placeholder="1a86" />
          </Form.Item>
          <Form.Item label="产品 ID" name={at('usbProductId')} rules={[configRule(at('usbProductId'))]} {...INLINE}>
            <Input className="mono" maxLength={4} style={{ width: 90 }} placeholder="7523" />
          </Form.Item>
          <Form.Item label="序列号" name={at('usbSerialNumber')} rules={[configRule(at('usbSerialNumber'))]} {...INLINE}>
            <Input className="mono" maxLength={64} style={{ width: 200 }} placeholder="选填" />
          </Form.Item>
        </div>
      </Form.Item>
      {protocol === 'legacy-bus' && <ScoreMapFields slot={slot} />}
    </>
  );
}

/** 分值对照: the legacy evaluator's score bytes and the level each stands for, as a small table. */
function ScoreMapFields({ slot }: { slot: DeviceSlot }) {
  const form = Form.useFormInstance();
  const list: ConfigFieldName = ['devices', slot, 'legacyScores'];
  const rows = (): Partial<LegacyScoreRow>[] => (form.getFieldValue(list) as Partial<LegacyScoreRow>[] | undefined) ?? [];
  // Form.List takes only validator objects, and a validator gives one message: one rule per
  // map-wide message (scoreMapMessages), so none of them can hide another under the table.
  const mapRules = [0, 1].map((n) => ({
    validator: async () => {
      const message = scoreMapMessages(rows())[n];
      if (message !== undefined) throw new Error(message);
    },
  }));
  // A change of one byte can make another row a duplicate, or stop it being one; a change of a
  // level can make the map lack (or regain) its 差评 or 满意 level, or use a level twice.
  const recheckBytes = () => {
    const names = [list, ...rows().map((_, i) => [...list, i, 'byte'])];
    setTimeout(() => void form.validateFields(names).catch(() => undefined), 0);
  };
  return (
    <Form.Item label="分值对照" className="rating-scores" extra="旧评价器发送的分值（0–255）各代表哪一评价等级；各厂家编号不同，以设备说明书为准。">
      <div role="group" aria-label="分值对照">
        <Form.List name={list} rules={mapRules}>
          {(fields, { add, remove }, { errors }) => (
            <>
              <table className="rating-scores-table">
                <thead>
                  <tr>
                    <th>分值</th>
                    <th>评价等级</th>
                    <th aria-label="操作" />
                  </tr>
                </thead>
                <tbody>
                  {fields.map((field) => (
                    <tr key={field.key}>
                      <td>
                        <Form.Item
                          name={[field.name, 'byte']}
                          rules={[scoreByteRule(slot, field.name)]}
                          className="rating-score-byte"
                        >
                          <InputNumber aria-label={`第 ${field.name + 1} 行分值`} controls={false} style={{ width: 90 }} onChange={recheckBytes} />
                        </Form.Item>
                      </td>
                      <td>
                        <Form.Item name={[field.name, 'satisfaction']} className="rating-score-level">
                          <Select aria-label={`第 ${field.name + 1} 行评价等级`} options={LEVEL_OPTIONS} style={{ width: 140 }} onChange={recheckBytes} />
                        </Form.Item>
                      </td>
                      <td>
                        <Button
                          type="link"
                          danger
                          aria-label={`删除第 ${field.name + 1} 行`}
                          onClick={() => {
                            remove(field.name);
                            recheckBytes();
                          }}
                        >
                          删除
                        </Button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <Form.ErrorList errors={errors} />
              <Button
                size="small"
                onClick={() => {
                  add(nextScoreRow(rows()));
                  recheckBytes();
                }}
              >
                添加分值
              </Button>
            </>
          )}
        </Form.List>
      </div>
    </Form.Item>
  );
}
