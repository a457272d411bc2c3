/**
 * Amazon MQ state: brokers per account and region, kept under DescribeBroker's member names so that the
 * handler only selects and pages them.
 */
import { SimError } from '../../types.ts';
import { nextHex, serviceState, type World } from '../../world.ts';

export type EngineType = 'ACTIVEMQ' | 'RABBITMQ';
export type DeploymentMode = 'SINGLE_INSTANCE' | 'ACTIVE_STANDBY_MULTI_AZ' | 'CLUSTER_MULTI_AZ';

export interface Broker {
  BrokerId: string;
  BrokerArn: string;
  BrokerName: string;
  BrokerState: 'RUNNING';
  Created: string;
  EngineType: EngineType;
  EngineVersion: string;
  DeploymentMode: DeploymentMode;
  HostInstanceType: string;
  AutoMinorVersionUpgrade: boolean;
  PubliclyAccessible: boolean;
  AuthenticationStrategy: 'SIMPLE';
  /** `Audit` only for ActiveMQ (RabbitMQ has no audit log). */
  Logs: { General: boolean; Audit?: boolean };
  Tags: Record<string, string>;
}

export interface MqState {
  brokers: Broker[];
}

export function mqState(world: World, account: string, region: string): MqState {
  return serviceState<MqState>(world, 'mq', account, region, () => ({ brokers: [] }));
}

/** The state if it exists, without creating it (reads do not grow the world). */
export function peekMqState(world: World, account: string, region: string): MqState | undefined {
  return world.services['mq']?.[account]?.[region] as MqState | undefined;
}

/** AWS's broker name rule: 1–50 letters, digits, hyphens and underscores. */
const NAME = /^[a-zA-Z0-9_-]{1,50}$/;

export interface CreateBrokerOptions {
  name: string;
  engineType?: EngineType;
  engineVersion?: string;
  deploymentMode?: DeploymentMode;
  /** AWS's default is off, except for the engine versions that require it (ActiveMQ 5.18+, RabbitMQ 3.13+). */
  autoMinorVersionUpgrade?: boolean;
  publiclyAccessible?: boolean;
  /** Both default to off, as CreateBroker leaves them; `auditLogs` is refused for RabbitMQ. */
  generalLogs?: boolean;
  auditLogs?: boolean;
  tags?: Record<string, string>;
}

export function createBroker(world: World, account: string, region: string, o: CreateBrokerOptions): Broker {
  const state = mqState(world, account, region);
  if (!NAME.test(o.name)) throw new SimError('BadRequestException', `Broker name ${o.name} is invalid: 1-50 letters, digits, hyphens and underscores.`, 400);
  if (state.brokers.some((b) => b.BrokerName === o.name)) throw new SimError('ConflictException', `Broker with name ${o.name} already exists.`, 409);
  const engine = o.engineType ?? 'ACTIVEMQ';
  if (engine === 'RABBITMQ' && o.auditLogs) throw new SimError('BadRequestException', 'Audit logs are not supported for RabbitMQ brokers.', 400);
  const h = nextHex(world, 32);
  const id = `b-${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  const b: Broker = {
    BrokerId: id,
    BrokerArn: `arn:aws:mq:${region}:${account}:broker:${o.name}:${id}`,
    BrokerName: o.name,
    BrokerState: 'RUNNING',
    Created: '2026-01-15T09:00:00.000Z',
    EngineType: engine,
    EngineVersion: o.engineVersion ?? (engine === 'RABBITMQ' ? '3.13' : '5.18'),
    DeploymentMode: o.deploymentMode ?? 'SINGLE_INSTANCE',
    HostInstanceType: 'mq.m5.large',
    AutoMinorVersionUpgrade: o.autoMinorVersionUpgrade ?? false,
    PubliclyAccessible: o.publiclyAccessible ?? false,
    AuthenticationStrategy: 'SIMPLE',
    Logs: engine === 'RABBITMQ' ? { General: o.generalLogs ?? false } : { General: o.generalLogs ?? false, Audit: o.auditLogs ?? false },
    Tags: { ...(o.tags ?? {}) },
  };
  state.brokers.push(b);
  return b;
}
