import { describe, expect, it } from 'vitest';
import { progressReporter } from './progress.ts';

describe('progressReporter', () => {
  it('names the endpoint while accounts and regions are resolved, so that a slow start says where it waits', () => {
    let err = '';
    const p = progressReporter({ out: () => undefined, err: (t) => (err += t), interactive: true, env: {}, cwd: '/' }, true);
    p.onProgress({ phase: 'accounts', endpoint: 'http://127.0.0.1:4566' });
    p.done();
    expect(err).toContain('Resolving accounts and regions at http://127.0.0.1:4566…');
  });

  it('stays silent when stderr is not a terminal', () => {
    let err = '';
    const p = progressReporter({ out: () => undefined, err: (t) => (err += t), interactive: false, env: {}, cwd: '/' }, true);
    p.onProgress({ phase: 'accounts', endpoint: 'AWS (us-east-1)' });
    p.done();
    expect(err).toBe('');
  });
});
