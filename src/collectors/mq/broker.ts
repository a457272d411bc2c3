import { DescribeBrokerCommand, MqClient, paginateListBrokers, type BrokerSummary } from '@aws-sdk/client-mq';
import { mapLimit } from '../../aws/limiter.ts';
import type { ReadErrors } from '../../core/resource.ts';
import { broker, type BrokerConfig } from '../../resources/aws/mq/broker.ts';
import { readDetail } from '../read.ts';
import { defineCollector, envelope } from '../types.ts';

/** Every broker of the region (ListBrokers, 100 per page: the API's maximum). */
export async function listBrokers(client: MqClient): Promise<BrokerSummary[]> {
  const out: BrokerSummary[] = [];
  for await (const page of paginateListBrokers({ client, pageSize: 100 }, {})) out.push(...(page.BrokerSummaries ?? []));
  return out;
}

const DESCRIBE_FIELDS = ['engineType', 'engineVersion', 'deploymentMode', 'autoMinorVersionUpgrade', 'publiclyAccessible', 'auditLogs', 'generalLogs'] as const;

/** `aws.mq.broker`: ListBrokers, then DescribeBroker per broker (settings, logs and tags inline). */
export const brokerCollector = defineCollector(broker, async (ctx) => {
  const client = ctx.client(MqClient);
  const listed = (await listBrokers(client)).filter((b) => b.BrokerId && b.BrokerName);
  const out = await mapLimit(listed, 16, async (b) => {
    const errors: ReadErrors = {};
    const d = await readDetail(errors, 'detail', () => client.send(new DescribeBrokerCommand({ BrokerId: b.BrokerId! })));
    if (d === null) return undefined; // deleted since the listing
    const config: BrokerConfig = { brokerName: b.BrokerName! };
    if (d === undefined) {
      for (const k of DESCRIBE_FIELDS) errors[k] = errors['detail']!;
    } else {
      const engine = d.EngineType ?? b.EngineType;
      if (engine === 'ACTIVEMQ' || engine === 'RABBITMQ') config.engineType = engine;
      else errors['engineType'] = `DescribeBroker returned the unknown engine type ${String(engine)}`;
      config.engineVersion = d.EngineVersion;
      config.deploymentMode = d.DeploymentMode ?? b.DeploymentMode;
      if (d.AutoMinorVersionUpgrade !== undefined) config.autoMinorVersionUpgrade = d.AutoMinorVersionUpgrade;
      else errors['autoMinorVersionUpgrade'] = 'DescribeBroker returned no AutoMinorVersionUpgrade';
      if (d.PubliclyAccessible !== undefined) config.publiclyAccessible = d.PubliclyAccessible;
      else errors['publiclyAccessible'] = 'DescribeBroker returned no PubliclyAccessible';
      // RabbitMQ has no audit log (AWS documents Logs.Audit for ActiveMQ only); AWS omits a flag it leaves off.
      if (engine === 'RABBITMQ') config.auditLogs = null;
      else if (engine === 'ACTIVEMQ') config.auditLogs = d.Logs?.Audit ?? false;
      else errors['auditLogs'] = errors['engineType']!;
      config.generalLogs = d.Logs?.General ?? false;
    }
    delete errors['detail'];
    return envelope(ctx, broker, {
      id: b.BrokerId!,
      arn: d?.BrokerArn ?? b.BrokerArn ?? `arn:aws:mq:${ctx.region}:${ctx.account.id}:broker:${b.BrokerName}:${b.BrokerId}`,
      name: b.BrokerName!,
      tags: d?.Tags ?? {},
      config,
      readErrors: errors,
    });
  });
  return out.filter((r) => r !== undefined);
});
