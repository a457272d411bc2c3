/**
 * ECR state: private repositories (tag mutability, scan on push, encryption, lifecycle policy, tags) and
 * the registry's scanning configuration, per account and region. Plain JSON in the world.
 */
import { SimError } from '../../types.ts';
import { serviceState, type World } from '../../world.ts';

export interface EcrRepository {
  name: string;
  arn: string;
  uri: string;
  createdAt: string;
  imageTagMutability: 'MUTABLE' | 'IMMUTABLE';
  scanOnPush: boolean;
  encryptionType: 'AES256' | 'KMS';
  lifecyclePolicy: string | null;
  tags: Record<string, string>;
}

export interface RegistryScanningRule {
  scanFrequency: 'SCAN_ON_PUSH' | 'CONTINUOUS_SCAN' | 'MANUAL';
  repositoryFilters: { filter: string; filterType: 'WILDCARD' }[];
}

export interface EcrState {
  repositories: EcrRepository[];
  scanning: { scanType: 'BASIC' | 'ENHANCED'; rules: RegistryScanningRule[] };
}

const init = (): EcrState => ({ repositories: [], scanning: { scanType: 'BASIC', rules: [] } });

export function ecrState(world: World, account: string, region: string): EcrState {
  return serviceState<EcrState>(world, 'ecr', account, region, init);
}

export function peekEcrState(world: World, account: string, region: string): EcrState | undefined {
  return world.services['ecr']?.[account]?.[region] as EcrState | undefined;
}

export interface CreateRepositoryOptions {
  name: string;
  /** AWS's defaults: MUTABLE, scan on push off, AES256, no lifecycle policy. */
  imageTagMutability?: 'MUTABLE' | 'IMMUTABLE';
  scanOnPush?: boolean;
  encryptionType?: 'AES256' | 'KMS';
  lifecyclePolicy?: Record<string, unknown>;
  tags?: Record<string, string>;
}

export function createRepository(world: World, account: string, region: string, o: CreateRepositoryOptions): EcrRepository {
  const state = ecrState(world, account, region);
  if (!/^(?=.{2,256}$)((?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*)$/.test(o.name)) throw new SimError('InvalidParameterException', `Invalid parameter at 'repositoryName' failed to satisfy constraint: '${o.name}'`, 400);
  if (state.repositories.some((r) => r.name === o.name)) throw new SimError('RepositoryAlreadyExistsException', `The repository with name '${o.name}' already exists in the registry with id '${account}'`, 400);
  const repo: EcrRepository = {
    name: o.name,
    arn: `arn:aws:ecr:${region}:${account}:repository/${o.name}`,
    uri: `${account}.dkr.ecr.${region}.amazonaws.com/${o.name}`,
    createdAt: '2025-06-01T09:00:00.000Z',
    imageTagMutability: o.imageTagMutability ?? 'MUTABLE',
    scanOnPush: o.scanOnPush ?? false,
    encryptionType: o.encryptionType ?? 'AES256',
    lifecyclePolicy: o.lifecyclePolicy ? JSON.stringify(o.lifecyclePolicy) : null,
    tags: { ...o.tags },
  };
  state.repositories.push(repo);
  return repo;
}

/** PutRegistryScanningConfiguration's effect: the registry's scan type and rules. */
export function putRegistryScanning(world: World, account: string, region: string, scanning: EcrState['scanning']): void {
  ecrState(world, account, region).scanning = { scanType: scanning.scanType, rules: scanning.rules.map((r) => ({ ...r, repositoryFilters: r.repositoryFilters.map((f) => ({ ...f })) })) };
}
