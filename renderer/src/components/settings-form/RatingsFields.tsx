/**
 * 好差评 (config.json `ratings`): the 差评 follow-up's time limit and how long the device waits for
 * a coin after a service, as antd Form.Items named as ConfigFormValues.ratings, each checked by
 * config.json's own schema (configRule), the message beside the field.
 */
import { Form, InputNumber } from 'antd';
import type { ConfigFieldName } from './config-form-model';
import { configRule } from './config-rule';

const at = (field: string): ConfigFieldName => ['ratings', field];

/** 差评回访期限（工作日） and 评价等待时间（秒）. */
export function RatingsFields() {
  return (
    <>
      <Form.Item
        label="差评回访期限"
        name={at('followUpWorkingDays')}
        required
        rules={[configRule(at('followUpWorkingDays'))]}
        extra="收到差评后，核实、回访、整改须在此期限内办结（按大厅工作日历，1–60 个工作日，通常为 15）。"
      >
        <InputNumber controls={false} suffix="个工作日" style={{ width: 160 }} />
      </Form.Item>
      <Form.Item
        label="评价等待时间"
        name={at('sessionSeconds')}
        required
        rules={[configRule(at('sessionSeconds'))]}
        extra="办结后评价器等待群众投币的时间（10–600 秒）；超时未投币则本次不计评价。"
      >
        <InputNumber controls={false} suffix="秒" style={{ width: 160 }} />
      </Form.Item>
    </>
  );
}
