/**
 * `schedules:` in mamori.yaml: scans that run by themselves (under `mamori serve` or `mamori schedules run
 * --until-stopped`). Each names a cron expression (five fields, in UTC unless `timezone` is given), a scope and
 * whether the scan's `auto` and `approve` responses follow as with `mamori scan --remediate`.
 */
import { Cron } from 'croner';
import { z } from 'zod';
import { strictObject } from '../engine/zod-helpers.ts';

const NICKNAMES = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@hourly'];

/** Why `cron` is not a five-field cron expression this scheduler can run, or undefined when it is. */
export function cronProblem(cron: string, timezone?: string): string | undefined {
  const text = cron.trim();
  const fields = text.split(/\s+/).length;
  if (!NICKNAMES.includes(text.toLowerCase()) && fields !== 5) {
    return `cron expression "${cron}" has ${fields} field${fields === 1 ? '' : 's'}; expected 5 (minute hour day-of-month month day-of-week), e.g. "0 3 * * *"`;
  }
  try {
    const c = new Cron(text, { paused: true, ...(timezone ? { timezone } : {}) });
    if (!c.nextRun(new Date())) return `cron expression "${cron}" never runs`;
  } catch (e) {
    return `invalid cron expression "${cron}": ${(e as Error).message}`;
  }
  return undefined;
}

function validTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const strings = z.array(z.string().min(1)).min(1);

const scheduleSchema = strictObject('schedules entry', {
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'a schedule name is letters, digits, ".", "_" and "-" (at most 64), e.g. "nightly"'),
  cron: z.string().min(1),
  timezone: z.string().min(1).refine(validTimezone, { error: (iss) => `unknown time zone "${String(iss.input)}" (an IANA name such as "Europe/Berlin")` }).optional(),
  scope: strictObject('schedule scope', {
    /** Account ids or names, or globs (`1111*`, `prod-*`). */
    accounts: z.array(z.union([z.string().min(1), z.number().transform((n) => String(n).padStart(12, '0'))])).min(1).optional(),
    /** Region names as in `aws.regions` (no globs: an account's regions are not listed before the scan). */
    regions: z.array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'a region name such as eu-west-1 (no globs)')).min(1).optional(),
    /** Policy ids or globs. */
    policies: strings.optional(),
  }).optional(),
  /** Apply `auto` responses and queue `approve` ones after the scan, like `mamori scan --remediate`. */
  remediate: z.boolean().optional(),
}).superRefine((s, ctx) => {
  const problem = cronProblem(s.cron, s.timezone && validTimezone(s.timezone) ? s.timezone : undefined);
  if (problem) ctx.addIssue({ code: 'custom', path: ['cron'], message: `schedule "${s.name}": ${problem}` });
});

export const schedulesSchema = z.array(scheduleSchema).superRefine((list, ctx) => {
  const seen = new Set<string>();
  list.forEach((s, i) => {
    if (seen.has(s.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `schedule name "${s.name}" is used twice` });
    seen.add(s.name);
  });
});

export type ScheduleConfig = z.infer<typeof scheduleSchema>;
