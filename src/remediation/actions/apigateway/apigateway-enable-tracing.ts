import { stageAction } from './common.ts';

/** apigateway-enable-tracing: turns on X-Ray active tracing of a REST API stage; everything else stays. */
export const apigatewayEnableTracing = stageAction({
  id: 'apigateway-enable-tracing',
  title: 'Turn on X-Ray tracing for an API Gateway stage',
  description: 'apigateway:UpdateStage with replace /tracingEnabled = true only; method settings, cache and logging stay. Undo: /tracingEnabled = false.',
  settings: ['tracingEnabled'],
  violations: (s) => (s['tracingEnabled'] === false ? ['tracingEnabled = false'] : []),
  fix: () => ({ tracingEnabled: true }),
  patch: (values) => ('tracingEnabled' in values ? [{ op: 'replace', path: '/tracingEnabled', value: String(values['tracingEnabled']) }] : []),
});
