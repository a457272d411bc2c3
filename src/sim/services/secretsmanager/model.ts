/**
 * AWS Secrets Manager state: secrets per account and region under ListSecrets' member names (dates as ISO
 * text), with their rotation settings and tags. Values are never modelled: no policy reads them.
 */
import { SimError } from '../../types.ts';
import { nextHex, serviceState, type World } from '../../world.ts';

export interface SmSecret {
  ARN: string;
  Name: string;
  Description?: string;
  KmsKeyId?: string;
  RotationEnabled?: boolean;
  RotationLambdaARN?: string;
  RotationRules?: { AutomaticallyAfterDays: number };
  LastRotatedDate?: string;
  LastChangedDate: string;
  LastAccessedDate?: string;
  NextRotationDate?: string;
  CreatedDate: string;
  Tags: { Key: string; Value: string }[];
  SecretVersionsToStages: Record<string, string[]>;
}

export interface SecretsManagerState {
  secrets: SmSecret[];
}

export function secretsManagerState(world: World, account: string, region: string): SecretsManagerState {
  return serviceState<SecretsManagerState>(world, 'secretsmanager', account, region, () => ({ secrets: [] }));
}

/** The state if it exists, without creating it (reads do not grow the world). */
export function peekSecretsManagerState(world: World, account: string, region: string): SecretsManagerState | undefined {
  return world.services['secretsmanager']?.[account]?.[region] as SecretsManagerState | undefined;
}

const DAY = 86_400_000;
/** Secrets Manager keeps LastAccessedDate to the day (midnight UTC). */
const dayOf = (ms: number) => new Date(Math.floor(ms / DAY) * DAY).toISOString();
const ago = (days: number) => Date.now() - days * DAY;

export interface CreateSecretOptions {
  name: string;
  /** A KMS key id, ARN or alias; absent: the AWS managed key aws/secretsmanager (ListSecrets then omits KmsKeyId). */
  kmsKey?: string;
  /** Days since creation (default 1). */
  createdDaysAgo?: number;
  /** Days since the last read of the value; absent: never read. */
  lastAccessedDaysAgo?: number;
  /** Automatic rotation: every `days`, last rotated `lastRotatedDaysAgo` days ago (absent: never rotated, counted from creation). */
  rotation?: { days: number; lastRotatedDaysAgo?: number };
  /** A secret whose rotation was turned off after it rotated once. */
  lastRotatedDaysAgo?: number;
  tags?: Record<string, string>;
}

export function createSecret(world: World, account: string, region: string, o: CreateSecretOptions): SmSecret {
  if (!/^[A-Za-z0-9/_+=.@-]{1,512}$/.test(o.name)) throw new SimError('ValidationException', 'Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!', 400);
  const state = secretsManagerState(world, account, region);
  if (state.secrets.some((s) => s.Name === o.name)) throw new SimError('ResourceExistsException', `The operation failed because the secret ${o.name} already exists.`, 400);
  const created = ago(o.createdDaysAgo ?? 1);
  const version = `${nextHex(world, 8)}-${nextHex(world, 4)}-4${nextHex(world, 3)}-8${nextHex(world, 3)}-${nextHex(world, 12)}`;
  const s: SmSecret = {
    ARN: `arn:aws:secretsmanager:${region}:${account}:secret:${o.name}-${nextHex(world, 6)}`,
    Name: o.name,
    ...(o.kmsKey ? { KmsKeyId: o.kmsKey } : {}),
    LastChangedDate: new Date(created).toISOString(),
    CreatedDate: new Date(created).toISOString(),
    Tags: Object.entries(o.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
    SecretVersionsToStages: { [version]: ['AWSCURRENT'] },
  };
  if (o.lastAccessedDaysAgo !== undefined) s.LastAccessedDate = dayOf(ago(o.lastAccessedDaysAgo));
  const lastRotated = o.rotation?.lastRotatedDaysAgo ?? o.lastRotatedDaysAgo;
  if (lastRotated !== undefined) s.LastRotatedDate = new Date(ago(lastRotated)).toISOString();
  if (o.rotation) {
    if (o.rotation.days < 1 || o.rotation.days > 1000) throw new SimError('InvalidParameterException', 'AutomaticallyAfterDays must be between 1 and 1000', 400);
    s.RotationEnabled = true;
    s.RotationLambdaARN = `arn:aws:lambda:${region}:${account}:function:SecretsManager-rotation`;
    s.RotationRules = { AutomaticallyAfterDays: o.rotation.days };
    s.NextRotationDate = dayOf((lastRotated !== undefined ? ago(lastRotated) : created) + o.rotation.days * DAY);
  } else s.RotationEnabled = false;
  state.secrets.push(s);
  return s;
}
