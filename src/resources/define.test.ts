import { describe, expect, it } from 'vitest';
import { listener } from './aws/elbv2/listener.ts';
import { cluster } from './aws/ecs/cluster.ts';
import { fieldLine, section, valueText } from './define.ts';

const ctx = { marked: () => false };

describe('section helpers', () => {
  it('leave out the lines whose condition is not met', () => {
    expect(section('S', { text: 'a' }, false, undefined, null, '', 0, fieldLine('x', 'b'))).toEqual({ title: 'S', lines: [{ text: 'a' }, { text: 'b', evidenceId: 'path:config.x' }] });
  });
  it('tie a field line to the evidence id a generic filter on that field reports', () => {
    expect(fieldLine('sslPolicy', 'TLS policy p', 'more')).toEqual({ text: 'TLS policy p', evidenceId: 'path:config.sslPolicy', detail: 'more' });
  });
  it('say unknown for undefined and absent for null', () => {
    expect([valueText(undefined, String), valueText(null, String), valueText(null, String, 'none'), valueText('on', (v) => v.toUpperCase())]).toEqual(['unknown (could not be read)', 'not set', 'none', 'ON']);
  });
  it('give the same console lines as the hand-written sections did', () => {
    expect(cluster.sections!({ clusterName: 'c', status: 'ACTIVE', activeServicesCount: 2, containerInsights: undefined }, ctx)).toEqual([
      { title: 'Cluster', lines: [{ text: 'ACTIVE, 2 services' }, { text: 'Container Insights unknown (could not be read)', evidenceId: 'path:config.containerInsights' }] },
    ]);
    expect(cluster.sections!({ clusterName: 'c', containerInsights: null }, ctx)[0]!.lines[1]).toEqual({ text: 'Container Insights not set', evidenceId: 'path:config.containerInsights' });
    const l = listener.sections!({ ...({} as Parameters<NonNullable<typeof listener.sections>>[0]), protocol: 'HTTP', port: 80, defaultActions: [], httpsRedirect: null }, ctx);
    expect(l).toEqual([
      { title: 'Listener', lines: [{ text: 'HTTP on port 80', evidenceId: 'path:config.protocol' }] },
      { title: 'Default actions', lines: [{ text: 'no redirect to HTTPS', evidenceId: 'path:config.httpsRedirect' }] },
    ]);
  });
});
