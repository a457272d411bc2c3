import { paginateListSecrets, SecretsManagerClient, type SecretListEntry } from '@aws-sdk/client-secrets-manager';
import type { ReadErrors } from '../../core/resource.ts';
import { secret, type SecretConfig } from '../../resources/aws/secretsmanager/secret.ts';
import { tagsToMap } from '../tags.ts';
import { defineCollector, envelope } from '../types.ts';

const DAY_MS = 86_400_000;
const iso = (d: Date | undefined) => (d ? d.toISOString() : null);

/** One ListSecrets entry as the config, days counted to `now`; the fields it cannot give are read errors. */
export function secretConfigOf(s: SecretListEntry, now: number): { config: SecretConfig; errors: ReadErrors } {
  const errors: ReadErrors = {};
  const config: SecretConfig = {
    name: s.Name!,
    kmsKeyId: s.KmsKeyId || null,
    rotationEnabled: s.RotationEnabled ?? false,
    rotationDays: s.RotationRules?.AutomaticallyAfterDays ?? null,
    lastRotatedDate: iso(s.LastRotatedDate),
    nextRotationDate: iso(s.NextRotationDate),
    lastAccessedDate: iso(s.LastAccessedDate),
  };
  const days = (d: Date) => Math.floor((now - d.getTime()) / DAY_MS);
  if (s.CreatedDate) config.createdDate = s.CreatedDate.toISOString();
  const rotatedOrCreated = s.LastRotatedDate ?? s.CreatedDate;
  if (rotatedOrCreated) config.daysSinceRotation = days(rotatedOrCreated);
  else errors['daysSinceRotation'] = 'ListSecrets returned neither LastRotatedDate nor CreatedDate';
  const usedOrCreated = s.LastAccessedDate ?? s.CreatedDate;
  if (usedOrCreated) config.daysSinceLastUse = days(usedOrCreated);
  else errors['daysSinceLastUse'] = 'ListSecrets returned neither LastAccessedDate nor CreatedDate';
  if (!config.rotationEnabled) config.rotationOverdue = null;
  else {
    // NextRotationDate is the schedule's own answer; without it, the last rotation (or creation) plus the interval.
    const next = s.NextRotationDate?.getTime() ?? (rotatedOrCreated && config.rotationDays !== null ? rotatedOrCreated.getTime() + config.rotationDays! * DAY_MS : undefined);
    if (next === undefined) errors['rotationOverdue'] = 'ListSecrets returned rotation on without NextRotationDate or AutomaticallyAfterDays';
    else config.rotationOverdue = next < now;
  }
  return { config, errors };
}

/** `aws.secretsmanager.secret`: ListSecrets alone (100 per page: the API's maximum) gives every field and the tags. */
export const secretCollector = defineCollector(secret, async (ctx) => {
  const client = ctx.client(SecretsManagerClient);
  const now = Date.now();
  const out = [];
  for await (const page of paginateListSecrets({ client, pageSize: 100 }, {})) {
    for (const s of page.SecretList ?? []) {
      if (!s.ARN || !s.Name) continue;
      const { config, errors } = secretConfigOf(s, now);
      out.push(envelope(ctx, secret, { id: s.Name, arn: s.ARN, name: s.Name, tags: tagsToMap(s.Tags), config, readErrors: errors }));
    }
  }
  return out;
});
