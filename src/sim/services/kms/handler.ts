/**
 * AWS KMS over awsJson 1.1, served from the committed model: the reads the collector makes — ListKeys
 * (Limit 1–1000, default 100, `Marker` / `NextMarker` / `Truncated`), DescribeKey (key id, key ARN, alias
 * name or alias ARN), GetKeyPolicy (PolicyName `default`, the only one) and GetKeyRotationStatus — and the
 * writes of the remediation actions: CancelKeyDeletion (the key becomes Disabled), EnableKey, PutKeyPolicy,
 * EnableKeyRotation and DisableKeyRotation, with KMS's NotFoundException, KMSInvalidStateException and
 * UnsupportedOperationException where the API reference documents them.
 */
import { modelService } from '../../models/handler.ts';
import { paginate } from '../../protocols/paging.ts';
import { SimError } from '../../types.ts';
import type { World } from '../../world.ts';
import { peekKmsState, type KmsKey } from './model.ts';

const invalidState = (key: KmsKey, what: string) => new SimError('KMSInvalidStateException', `${key.metadata.Arn} is ${key.metadata.KeyState === 'PendingDeletion' ? 'pending deletion' : key.metadata.KeyState.toLowerCase()}${what ? `: ${what}` : ''}.`, 400);

/** The key a KeyId names: a key id or key ARN, and (where `aliases`) an alias name or alias ARN, as the API reference lists per operation. */
function keyOf(world: World, account: string, region: string, keyId: unknown, aliases = false): KmsKey {
  if (typeof keyId !== 'string' || keyId === '') throw new SimError('ValidationException', '1 validation error detected: Value null at \'keyId\' failed to satisfy constraint: Member must not be null', 400);
  const keys = peekKmsState(world, account, region)?.keys ?? [];
  let found: KmsKey | undefined;
  if (keyId.startsWith('alias/') || /^arn:aws:kms:[^:]+:\d{12}:alias\//.test(keyId)) {
    if (!aliases) throw new SimError('NotFoundException', `Invalid keyId ${keyId}`, 400);
    const name = keyId.startsWith('alias/') ? keyId : keyId.slice(keyId.indexOf(':alias/') + 1);
    found = keys.find((k) => k.aliases.includes(name));
    if (!found) throw new SimError('NotFoundException', `Alias ${keyId.startsWith('arn:') ? keyId : `arn:aws:kms:${region}:${account}:${keyId}`} is not found.`, 400);
    return found;
  }
  if (keyId.startsWith('arn:')) {
    const m = /^arn:aws:kms:([^:]+):(\d{12}):key\/(.+)$/.exec(keyId);
    if (!m) throw new SimError('InvalidArnException', `Invalid arn ${keyId}`, 400);
    if (m[1] !== region || m[2] !== account) throw new SimError('NotFoundException', `Key '${keyId}' does not exist`, 400);
    found = keys.find((k) => k.metadata.Arn === keyId);
  } else found = keys.find((k) => k.metadata.KeyId === keyId);
  if (!found) throw new SimError('NotFoundException', `Key '${keyId.startsWith('arn:') ? keyId : `arn:aws:kms:${region}:${account}:key/${keyId}`}' does not exist`, 400);
  return found;
}

function policyName(input: Record<string, unknown>): void {
  const name = input['PolicyName'];
  if (name !== undefined && name !== 'default') throw new SimError('NotFoundException', `No such policy exists: ${String(name)}. The only valid value is default.`, 400);
}

/** Rotation can be changed only on enabled symmetric customer managed keys (AWS rotates its own keys every year). */
function rotatable(key: KmsKey): void {
  if (key.metadata.KeyManager === 'AWS') throw new SimError('UnsupportedOperationException', `${key.metadata.Arn} is an AWS managed key: AWS rotates it every year and its rotation cannot be changed.`, 400);
  if (key.metadata.KeySpec !== 'SYMMETRIC_DEFAULT') throw new SimError('UnsupportedOperationException', `${key.metadata.Arn} key spec ${key.metadata.KeySpec} does not support automatic rotation.`, 400);
  if (key.metadata.KeyState !== 'Enabled') throw invalidState(key, 'automatic rotation can be changed only on an enabled key');
}

export const kms = modelService({
  model: 'kms',
  operations: {
    ListKeys(input, req, ctx) {
      const keys = peekKmsState(ctx.world, req.accountId, req.region)?.keys ?? [];
      const { page, nextToken } = paginate(keys, input['Limit'] as number | undefined, input['Marker'] as string | undefined, { min: 1, max: 1000, default: 100, invalidCode: 'ValidationException', tokenCode: 'InvalidMarkerException' });
      return { Keys: page.map((k) => ({ KeyId: k.metadata.KeyId, KeyArn: k.metadata.Arn })), Truncated: nextToken !== undefined, ...(nextToken ? { NextMarker: nextToken } : {}) };
    },
    DescribeKey(input, req, ctx) {
      return { KeyMetadata: structuredClone(keyOf(ctx.world, req.accountId, req.region, input['KeyId'], true).metadata) };
    },
    GetKeyPolicy(input, req, ctx) {
      policyName(input);
      const key = keyOf(ctx.world, req.accountId, req.region, input['KeyId']);
      return { Policy: key.policy, PolicyName: 'default' };
    },
    GetKeyRotationStatus(input, req, ctx) {
      const key = keyOf(ctx.world, req.accountId, req.region, input['KeyId']);
      if (key.metadata.KeySpec !== 'SYMMETRIC_DEFAULT') throw new SimError('UnsupportedOperationException', `${key.metadata.Arn} key spec ${key.metadata.KeySpec} does not support automatic rotation.`, 400);
      return { KeyRotationEnabled: key.rotation, KeyId: key.metadata.Arn, ...(key.rotation ? { RotationPeriodInDays: key.rotationPeriodInDays } : {}) };
    },
    CancelKeyDeletion(input, req, ctx) {
      const key = keyOf(ctx.world, req.accountId, req.region, input['KeyId']);
      if (key.metadata.KeyState !== 'PendingDeletion') throw invalidState(key, 'only a key pending deletion can have its deletion cancelled');
      // The API reference: "When this operation succeeds, the key state of the KMS key is Disabled."
      key.metadata.KeyState = 'Disabled';
      key.metadata.Enabled = false;
      delete key.metadata.DeletionDate;
      delete key.metadata.PendingDeletionWindowInDays;
      return { KeyId: key.metadata.Arn };
    },
    EnableKey(input, req, ctx) {
      const key = keyOf(ctx.world, req.accountId, req.region, input['KeyId']);
      if (key.metadata.KeyState === 'PendingDeletion') throw invalidState(key, 'cancel its deletion first');
      key.metadata.KeyState = 'Enabled';
      key.metadata.Enabled = true;
      return {};
    },
    PutKeyPolicy(input, req, ctx) {
      policyName(input);
      const key = keyOf(ctx.world, req.accountId, req.region, input['KeyId']);
      if (key.metadata.KeyManager === 'AWS') throw new SimError('AccessDeniedException', `The policy of the AWS managed key ${key.metadata.Arn} cannot be changed.`, 400);
      if (key.metadata.KeyState === 'PendingDeletion') throw invalidState(key, '');
      const text = input['Policy'];
      if (typeof text !== 'string' || text.length === 0 || text.length > 32768) throw new SimError('MalformedPolicyDocumentException', 'The policy document must be 1 to 32768 characters.', 400);
      let doc: unknown;
      try {
        doc = JSON.parse(text);
      } catch {
        throw new SimError('MalformedPolicyDocumentException', 'The new key policy will not allow you to update the key policy in the future.', 400);
      }
      const st = (doc as { Statement?: unknown } | null)?.Statement;
      if (!doc || typeof doc !== 'object' || Array.isArray(doc) || st === undefined || (Array.isArray(st) && st.length === 0)) throw new SimError('MalformedPolicyDocumentException', 'Policy contains a statement with no statements or is not a JSON object.', 400);
      key.policy = text;
      return {};
    },
    EnableKeyRotation(input, req, ctx) {
      const key = keyOf(ctx.world, req.accountId, req.region, input['KeyId']);
      rotatable(key);
      const days = input['RotationPeriodInDays'];
      if (days !== undefined && (typeof days !== 'number' || days < 90 || days > 2560)) throw new SimError('ValidationException', 'RotationPeriodInDays must be between 90 and 2560.', 400);
      key.rotation = true;
      key.rotationPeriodInDays = (days as number | undefined) ?? 365;
      return {};
    },
    DisableKeyRotation(input, req, ctx) {
      const key = keyOf(ctx.world, req.accountId, req.region, input['KeyId']);
      rotatable(key);
      key.rotation = false;
      return {};
    },
  },
});
