import type { FormRule } from 'antd';

/** The part of a contract schema a form rule needs (structural, so the UI does not import zod). */
interface Schema {
  safeParse(value: unknown): { success: true } | { success: false; error: { issues: readonly { message: string }[] } };
}

/**
 * A form rule that runs the contract's own schema, so the clerk sees the core's wording before
 * the call is even made and the two can never disagree.
 */
export function schemaRule(schema: Schema): FormRule {
  return {
    validator: async (_rule, value: unknown) => {
      const result = schema.safeParse(value ?? undefined);
      if (!result.success) throw new Error(result.error.issues[0]?.message ?? '格式不正确');
    },
  };
}
