import { z } from 'zod';

export const selfCheckSchema = z
  .array(
    z.strictObject({
      prompt: z.string().min(10),
      choices: z
        .array(z.strictObject({ text: z.string().min(1), correct: z.boolean().optional(), why: z.string().min(5) }))
        .min(2)
        .max(5)
        .refine((choices) => choices.filter((c) => c.correct).length === 1, 'each question needs exactly one choice with correct: true'),
    }),
  )
  .min(3)
  .max(5);

export type SelfCheckQuestion = z.infer<typeof selfCheckSchema>[number];

/**
 * Evaluate the literal `questions={[…]}` expression of a <SelfCheck> and validate it.
 * It is the writer's own literal, evaluated at build time only. Returns the questions or a problem.
 */
export function parseSelfCheck(expression: string): SelfCheckQuestion[] | string {
  let value: unknown;
  try {
    value = new Function(`"use strict"; return (${expression});`)();
  } catch (error) {
    return `questions is not a literal array: ${(error as Error).message}`;
  }
  const result = selfCheckSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  return `questions${issue.path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('')}: ${issue.message}`;
}
