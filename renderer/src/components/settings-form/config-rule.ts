import type { FormRule } from 'antd';
import { ConfigSchema } from '../../../../electron/contract';
import { callRule } from '../../shared/schema-rule';
import { configPathOf, formValuesToConfigInput, type ConfigFieldName, type ConfigFormValues } from './config-form-model';

/**
 * The rule of one settings field: config.json's own schema (ConfigSchema, the one the core runs
 * when it saves and when it starts) over the whole form, showing the message at this field's
 * config path. The form's config values must sit at its root (ConfigFormValues); other fields
 * of the form (the setup screen's administrator) are ignored.
 */
export function configRule(name: ConfigFieldName): FormRule {
  return callRule<ConfigFormValues>(ConfigSchema, formValuesToConfigInput, configPathOf(name));
}
