import { z } from 'zod';
import { changedMethods, STAGE_WIDE, stageAction } from './common.ts';

const LOGS = ['ERROR', 'INFO'];
const params = z.strictObject({ level: z.enum(['ERROR', 'INFO']).optional().describe('The log level to set; default ERROR (INFO also logs every request, at a cost).') });

/** The method settings that log nothing: the stage-wide entry when not ERROR or INFO, an override when OFF. */
function silent(s: Record<string, unknown>): string[] {
  const levels = (s['loggingLevel'] ?? {}) as Record<string, string | null>;
  return Object.keys(levels).filter((k) => (k === STAGE_WIDE ? !LOGS.includes(levels[k] ?? 'OFF') : levels[k] === 'OFF'));
}

/**
 * apigateway-enable-execution-logging: sets the execution log level to ERROR (parameter level) where the stage logs
 * nothing — the stage-wide `*\/*` entry (`/*\/*\/logging/loglevel`) and method overrides set to OFF. Overrides that
 * log, data tracing and metrics stay. AWS refuses the change while the account has no CloudWatch Logs role for API
 * Gateway (its account settings); the change then fails with nothing changed.
 */
export const apigatewayEnableExecutionLogging = stageAction<z.infer<typeof params>>({
  id: 'apigateway-enable-execution-logging',
  title: 'Turn on API Gateway execution logging',
  description:
    'apigateway:UpdateStage with replace /*/*/logging/loglevel = ERROR (parameter level) when the stage-wide level logs nothing, and /{resource path}/{method}/logging/loglevel = ERROR for each method override set to OFF; other overrides, data tracing and metrics stay. Undo: the previous levels of the same method settings.',
  params,
  settings: ['loggingLevel'],
  violations: (s) => silent(s).map((k) => `${k} logging ${String(((s['loggingLevel'] ?? {}) as Record<string, unknown>)[k] ?? 'OFF')}`),
  fix: (s, p) => ({ loggingLevel: { ...(s['loggingLevel'] as Record<string, string | null>), ...Object.fromEntries(silent(s).map((k) => [k, p.level ?? 'ERROR'])) } }),
  patch: (values, current) => changedMethods(values['loggingLevel'], current['loggingLevel']).map(([k, v]) => ({ op: 'replace', path: `/${k}/logging/loglevel`, value: String(v) })),
});
