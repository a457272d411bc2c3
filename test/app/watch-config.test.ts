/** The `events:` key of mamori.yaml: what `mamori watch` and `mamori serve` read. */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/app/config.ts';

describe('mamori.yaml events:', () => {
  it('accepts the queue URL and the loop settings', () => {
    const c = parseConfig('events:\n  queueUrl: https://sqs.eu-west-1.amazonaws.com/111111111111/mamori-events\n  coalesceMs: 250\n  maxReceives: 3\n  visibilityTimeout: 60\n', 'mamori.yaml');
    expect(c.events).toEqual({ queueUrl: 'https://sqs.eu-west-1.amazonaws.com/111111111111/mamori-events', coalesceMs: 250, maxReceives: 3, visibilityTimeout: 60 });
  });

  it('refuses an unknown key, a queue that is not a URL and a zero maxReceives, with file and line', () => {
    const error = (text: string) => {
      try {
        parseConfig(text, 'mamori.yaml');
      } catch (e) {
        return (e as { format(): string }).format();
      }
      return 'accepted';
    };
    expect(error('events:\n  queue: x\n')).toMatch(/^mamori\.yaml:2:3: .*unknown key "queue"/);
    expect(error('events:\n  queueUrl: my-queue\n')).toMatch(/^mamori\.yaml:2:\d+: .*queueUrl/);
    expect(error('events:\n  maxReceives: 0\n')).toMatch(/^mamori\.yaml:2:\d+: .*maxReceives/);
  });
});
