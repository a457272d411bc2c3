import type { SectionContext, SectionLine } from '../../define.ts';

/** The statements of a resource-based policy (JSON text or object), `[]` when it cannot be read. */
function statementsOf(policy: unknown): Record<string, unknown>[] {
  try {
    const doc = (typeof policy === 'string' ? JSON.parse(policy) : policy) as { Statement?: unknown } | null;
    const list = Array.isArray(doc?.Statement) ? doc.Statement : doc?.Statement ? [doc.Statement] : [];
    return list.filter((s): s is Record<string, unknown> => !!s && typeof s === 'object');
  } catch {
    return [];
  }
}

/**
 * One line per statement of a resource-based policy (SQS queues, SNS topics, KMS keys), each tied to the evidence id
 * the shared resource-policy analysis gives it (`statement:<Sid>` or `statement:#<index>`), as the S3 bucket shows it.
 */
export function policyLines(policy: unknown, ctx: SectionContext, none = 'no policy'): SectionLine[] {
  if (policy === null) return [{ text: none }];
  if (policy === undefined) return [{ text: 'policy: unknown (could not be read)' }];
  return statementsOf(policy).map((st, i) => {
    const sid = typeof st['Sid'] === 'string' && st['Sid'] !== '' ? st['Sid'] : undefined;
    const id = sid !== undefined && !ctx.marked(`statement:#${i}`) ? `statement:${sid}` : `statement:#${i}`;
    return {
      text: `${sid ?? `#${i}`}: ${String(st['Effect'] ?? '?')} ${JSON.stringify(st['Action'] ?? st['NotAction'] ?? '')} to ${JSON.stringify(st['Principal'] ?? st['NotPrincipal'] ?? '')}${st['Condition'] ? ' with conditions' : ''}`,
      evidenceId: id,
      detail: JSON.stringify(st),
    };
  });
}
