import { z } from 'zod';
import { globToRegExp } from '../../../core/glob.ts';

/** An Allow statement of an identity policy that lets its holders decrypt with every KMS key. */
export const decryptAllStatement = z.object({
  index: z.number().int(),
  sid: z.string().nullable(),
  /** The Action patterns (or `NotAction …`) that reach kms:Decrypt / kms:ReEncryptFrom. */
  actions: z.array(z.string()),
  /** The Resource patterns (or `NotResource …`) that cover every key. */
  resources: z.array(z.string()),
});
export type DecryptAllStatement = z.infer<typeof decryptAllStatement>;

const BLOCKED = ['kms:decrypt', 'kms:reencryptfrom'];
// A key of the account nobody names, in a Region nobody names: a Resource pattern matching it matches every key of the account.
const anyKey = (account: string) => `arn:aws:kms:zz-mamori-1:${account}:key/00000000-0000-4000-8000-000000000000`;
const list = (v: unknown): string[] => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string'));
const matches = (pattern: string, s: string) => globToRegExp(pattern.toLowerCase(), { anyChar: true }).test(s);

/**
 * The Allow statements of an IAM policy document that allow kms:Decrypt or kms:ReEncryptFrom (wildcards included:
 * `kms:*`, `kms:Decrypt*`, `*`; NotAction not excluding them) on every key (`"Resource": "*"`, a key ARN pattern
 * with wildcard Region and key id in the account or any account, or NotResource not excluding keys), as FSBP KMS.1 / KMS.2 read them.
 * Conditions are not taken to narrow the keys (the FSBP rules do not read them either). A document that is not a
 * JSON object with statements throws, naming what is wrong.
 */
export function decryptAllStatements(doc: unknown, account: string): DecryptAllStatement[] {
  const key = anyKey(account);
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new Error('the policy document is not a JSON object');
  const raw = (doc as { Statement?: unknown }).Statement;
  const statements = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const out: DecryptAllStatement[] = [];
  statements.forEach((st, index) => {
    if (!st || typeof st !== 'object') throw new Error(`statement #${index} is not an object`);
    const s = st as Record<string, unknown>;
    if (s['Effect'] !== 'Allow') return;
    const notAction = s['NotAction'] !== undefined;
    const actionPatterns = list(notAction ? s['NotAction'] : s['Action']);
    const reached = notAction ? (BLOCKED.some((b) => !actionPatterns.some((p) => matches(p, b))) ? [`NotAction ${actionPatterns.join(', ')}`] : []) : actionPatterns.filter((p) => BLOCKED.some((b) => matches(p, b)));
    if (!reached.length) return;
    const notResource = s['NotResource'] !== undefined;
    const resourcePatterns = list(notResource ? s['NotResource'] : s['Resource']);
    const every = notResource ? (resourcePatterns.some((p) => matches(p, key)) ? [] : [`NotResource ${resourcePatterns.join(', ')}`]) : resourcePatterns.filter((p) => matches(p, key));
    if (!every.length) return;
    out.push({ index, sid: typeof s['Sid'] === 'string' && s['Sid'] ? s['Sid'] : null, actions: reached, resources: every });
  });
  return out;
}
