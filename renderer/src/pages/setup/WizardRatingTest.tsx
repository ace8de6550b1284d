/**
 * 测试评价器 in the first-run wizard's 设备 step, under the rating device's fields: the same tester
 * as the 设置 page (components/rating-test), offered once 串口 is chosen, on the settings as typed (`setup.testRatingDevice`:
 * nothing is saved, and no coin is taken meanwhile). A field the contract refuses is marked
 * beside it first. Its result is redrawn from nothing whenever the device's fields change, so
 * what it shows is always the device as the fields now describe it.
 */
import { Form } from 'antd';
import { useCallback } from 'react';
import { CounterCallError } from '../../../../electron/contract';
import { useCounter } from '../../api/hooks';
import { RatingTester } from '../../components/rating-test/RatingTester';
import { wizardRatingTestBlocked } from '../../components/rating-test/test-rating-model';
import { formValuesToConfigInput } from '../../components/settings-form/config-form-model';
import type { SetupFormValues } from './setup-form';

const RATING_DEVICE = ['devices', 'ratingDevice'] as const;

export function WizardRatingTest() {
  const form = Form.useFormInstance<SetupFormValues>();
  const client = useCounter();
  const fields: unknown = Form.useWatch([...RATING_DEVICE], form);
  const kind = Form.useWatch([...RATING_DEVICE, 'kind'], form) as string | undefined;
  const serialPath = Form.useWatch([...RATING_DEVICE, 'serialPath'], form) as string | undefined;

  const run = useCallback(async () => {
    try {
      await form.validateFields([[...RATING_DEVICE]], { recursive: true });
    } catch {
      const failed = form.getFieldsError().find((f) => f.errors.length > 0 && f.name[0] === 'devices' && f.name[1] === 'ratingDevice');
      if (failed) form.focusField(failed.name);
      throw new CounterCallError({ code: 'invalid_arguments', message: '评价器的设置有误，请先改正上面标红的项' });
    }
    const device = formValuesToConfigInput(form.getFieldsValue(true) as SetupFormValues).devices?.ratingDevice;
    if (!device) throw new CounterCallError({ code: 'invalid_arguments', message: '未设置评价器' });
    return client.call('setup.testRatingDevice', { device });
  }, [client, form]);

  // No device, nothing to test: offered once 串口 is chosen.
  if (kind === undefined || kind === 'none') return null;
  return <RatingTester key={JSON.stringify(fields ?? null)} run={run} blocked={wizardRatingTestBlocked(serialPath)} device={null} />;
}
