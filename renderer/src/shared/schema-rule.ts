import type { FormRule } from 'antd';
import { INVALID_VALUE_MESSAGE } from '../../../electron/contract';
import { issueMessages } from './call-error';

/** The part of a contract schema a form rule needs (structural, so the UI does not import zod). */
export interface Schema {
  safeParse(
    value: unknown,
  ): { success: true } | { success: false; error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> } };
}

/**
 * A form rule that runs the contract's own schema, so the clerk sees the core's wording before
 * the call is even made and the two can never disagree.
 */
export function schemaRule(schema: Schema): FormRule {
  return {
    validator: async (_rule, value: unknown) => {
      const result = schema.safeParse(value ?? undefined);
      if (!result.success) throw new Error(result.error.issues[0]?.message ?? INVALID_VALUE_MESSAGE);
    },
  };
}

/**
 * The first message `schema` gives for `input` at the dotted `path` ('' for the value itself),
 * or null when it has none there.
 */
export function schemaMessage(schema: Schema, input: unknown, path = ''): string | null {
  const parsed = schema.safeParse(input);
  if (parsed.success) return null;
  return issueMessages(parsed.error.issues).find((m) => m.path === path)?.message ?? null;
}

/**
 * A form rule whose check is the contract's schema for the whole call, the one the core runs:
 * `toArgs` builds the call's arguments from the form's values (the same function the dialog
 * sends them with), and the field shows the schema's message at `path`, in the core's words.
 * A rule that depends on another field (邮寄送达 needs an address) is then checked as the core
 * checks it, and its message is defined once, in the contract.
 */
export function callRule<V>(schema: Schema, toArgs: (values: V) => unknown, path: string): FormRule {
  return (form) => ({
    validator: async () => {
      const message = schemaMessage(schema, toArgs(form.getFieldsValue(true) as V), path);
      if (message !== null) throw new Error(message);
    },
  });
}
