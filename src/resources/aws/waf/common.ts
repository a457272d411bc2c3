import { z } from 'zod';

/** A rule as a web ACL or rule group activates it (`ActivatedRule`). */
export const activatedRule = z.object({
  ruleId: z.string(),
  type: z.string().describe('REGULAR, RATE_BASED or GROUP.'),
  priority: z.number(),
  action: z.string().nullable().describe('BLOCK, ALLOW or COUNT; for a rule group its override (NONE, COUNT).'),
});
export type ActivatedRuleConfig = z.infer<typeof activatedRule>;

export const rulesLine = (rules: readonly ActivatedRuleConfig[] | undefined): string =>
  rules === undefined ? 'rules unknown (could not be read)' : rules.length ? rules.map((r) => `${r.priority}: ${r.ruleId} (${r.type}${r.action ? `, ${r.action}` : ''})`).join('; ') : 'no rules';
