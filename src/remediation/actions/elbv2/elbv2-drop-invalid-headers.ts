import { attributeAction } from './common.ts';

/** elbv2-drop-invalid-headers: sets routing.http.drop_invalid_header_fields.enabled to true; every other attribute stays. */
export const elbv2DropInvalidHeaders = attributeAction({
  id: 'elbv2-drop-invalid-headers',
  title: 'Drop invalid HTTP header fields',
  description: 'elasticloadbalancing:ModifyLoadBalancerAttributes with routing.http.drop_invalid_header_fields.enabled=true only. Undo: false again.',
  settings: ['routing.http.drop_invalid_header_fields.enabled'],
  violations: (s) => (s['routing.http.drop_invalid_header_fields.enabled'] === 'false' ? ['routing.http.drop_invalid_header_fields.enabled = false'] : []),
  fix: () => ({ 'routing.http.drop_invalid_header_fields.enabled': 'true' }),
});
