/**
 * 打印: what the window prints and how (config.json `printing`, config.ts PrintingSchema), as
 * antd Form.Items for the settings form around it, named as ConfigFormValues.printing and each
 * checked by config.json's own schema (configRule), the message beside the field.
 */
import { Form, Input, Switch } from 'antd';
import { LimitedInput, LimitedTextArea } from '../LimitedText';
import type { ConfigFieldName } from './config-form-model';
import { configRule } from './config-rule';
import { exampleCaseNumber, lookupPayload } from './lookup-example';

const at = (field: string): ConfigFieldName => ['printing', field];

export interface PrintingFieldsProps {
  /** The hall's business date (YYYY-MM-DD), for the example case number in the QR payload. */
  today: string;
  /** Where this runs: in the browser shell A4 notices go through the browser's own print dialog. */
  shell: 'electron' | 'browser';
}

/** 受理后自动打印回执, 进度查询地址 (with the QR payload it makes), 领取方式说明, A4 打印机名称. */
export function PrintingFields({ today, shell }: PrintingFieldsProps) {
  const form = Form.useFormInstance();
  const hallCode = Form.useWatch<string | undefined>(['hall', 'code'], form) ?? '';
  const windowNumber = Form.useWatch<number | null | undefined>(['window', 'number'], form) ?? null;
  const lookupUrl = Form.useWatch<string | undefined>(at('lookupUrl'), form) ?? '';
  const payload = lookupPayload(lookupUrl, exampleCaseNumber(hallCode, windowNumber, today));
  return (
    <>
      <Form.Item
        label="受理后自动打印回执"
        name={at('autoReceipt')}
        valuePropName="checked"
        rules={[configRule(at('autoReceipt'))]}
        extra="开启后，受理成功即在回执打印机上打印受理回执，无需再点打印（须已设置回执打印机）。"
      >
        <Switch checkedChildren="开" unCheckedChildren="关" />
      </Form.Item>
      <Form.Item
        label="进度查询地址"
        name={at('lookupUrl')}
        rules={[configRule(at('lookupUrl'))]}
        extra={
          <span>
            回执上的二维码内容：<span className="mono lookup-payload">{payload}</span>
            {lookupUrl.trim() === '' && '（未填地址时只含办件编号）'}
          </span>
        }
      >
        <Input className="mono" style={{ width: 480 }} placeholder="例如 https://zwfw.example.gov.cn/progress?case=" />
      </Form.Item>
      <Form.Item
        label="领取方式说明"
        name={at('collectionNote')}
        rules={[configRule(at('collectionNote'))]}
        extra="印在受理回执和受理通知书上，告诉申请人如何领取办理结果。"
      >
        <LimitedTextArea limit={200} autoSize={{ minRows: 2, maxRows: 4 }} style={{ maxWidth: 560 }} />
      </Form.Item>
      <Form.Item
        label="A4 打印机名称"
        name={at('a4PrinterName')}
        rules={[configRule(at('a4PrinterName'))]}
        extra={
          shell === 'browser'
            ? '受理通知书等 A4 文书在桌面程序中送往此打印机，留空用系统默认打印机。浏览器模式下用浏览器打印对话框选择打印机。'
            : '受理通知书等 A4 文书送往此打印机（与“设备和打印机”中的名称一致）；留空用系统默认打印机。浏览器模式下用浏览器打印对话框选择。'
        }
      >
        <LimitedInput limit={200} counter={false} style={{ width: 360 }} placeholder="留空 = 系统默认打印机" />
      </Form.Item>
    </>
  );
}
