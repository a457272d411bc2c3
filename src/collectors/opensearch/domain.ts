import { DescribeDomainsCommand, ListDomainNamesCommand, OpenSearchClient, type DomainStatus } from '@aws-sdk/client-opensearch';
import { mapLimit } from '../../aws/limiter.ts';
import type { ReadErrors } from '../../core/resource.ts';
import { domain, type DomainConfig } from '../../resources/aws/opensearch/domain.ts';
import { tagsInBulk } from '../tagging.ts';
import { defineCollector, envelope } from '../types.ts';

/** DescribeDomains takes at most five domain names per call (the API reference). */
export const DESCRIBE_BATCH = 5;

/**
 * The normalized settings of one domain as DescribeDomain(s) returns it, with a read error for each field the
 * policies read that the answer leaves out (unknown, never a pass). Shared with the remediation actions' re-read.
 */
export function domainSettings(d: DomainStatus): { config: DomainConfig; errors: ReadErrors } {
  const errors: ReadErrors = {};
  const cc = d.ClusterConfig;
  const logs = d.LogPublishingOptions ?? {};
  const sw = d.ServiceSoftwareOptions;
  const config: DomainConfig = {
    domainName: d.DomainName!,
    // A domain in a VPC has VPCOptions and Endpoints.vpc; one outside has the public Endpoint.
    vpcId: d.VPCOptions?.VPCId ?? null,
    endpoint: d.Endpoint ?? null,
    kmsKeyId: d.EncryptionAtRestOptions?.KmsKeyId ?? null,
    // No entry for a log type is the same as a disabled one: nothing is published.
    auditLogsEnabled: logs['AUDIT_LOGS']?.Enabled === true,
    errorLogsEnabled: logs['ES_APPLICATION_LOGS']?.Enabled === true,
    errorLogGroupArn: logs['ES_APPLICATION_LOGS']?.Enabled === true ? (logs['ES_APPLICATION_LOGS'].CloudWatchLogsLogGroupArn ?? null) : null,
    softwareVersion: sw?.CurrentVersion || null,
    newSoftwareVersion: sw?.NewVersion || null,
  };
  const set = <K extends keyof DomainConfig>(field: K, value: DomainConfig[K] | undefined, member: string) => {
    if (value === undefined) errors[field] = `DescribeDomains returned no ${member}`;
    else config[field] = value;
  };
  if (d.EngineVersion) config.engineVersion = d.EngineVersion;
  if (cc?.InstanceType) config.instanceType = cc.InstanceType;
  set('instanceCount', cc?.InstanceCount, 'ClusterConfig.InstanceCount');
  set('zoneAwarenessEnabled', cc?.ZoneAwarenessEnabled, 'ClusterConfig.ZoneAwarenessEnabled');
  set('dedicatedMasterEnabled', cc?.DedicatedMasterEnabled, 'ClusterConfig.DedicatedMasterEnabled');
  if (cc?.DedicatedMasterEnabled === false) config.dedicatedMasterCount = 0;
  else if (cc?.DedicatedMasterEnabled === true) set('dedicatedMasterCount', cc.DedicatedMasterCount, 'ClusterConfig.DedicatedMasterCount');
  else errors['dedicatedMasterCount'] = 'DescribeDomains returned no ClusterConfig.DedicatedMasterEnabled';
  set('encryptionAtRest', d.EncryptionAtRestOptions?.Enabled, 'EncryptionAtRestOptions.Enabled');
  set('nodeToNodeEncryption', d.NodeToNodeEncryptionOptions?.Enabled, 'NodeToNodeEncryptionOptions.Enabled');
  set('enforceHttps', d.DomainEndpointOptions?.EnforceHTTPS, 'DomainEndpointOptions.EnforceHTTPS');
  set('tlsSecurityPolicy', d.DomainEndpointOptions?.TLSSecurityPolicy, 'DomainEndpointOptions.TLSSecurityPolicy');
  set('fineGrainedAccessControl', d.AdvancedSecurityOptions?.Enabled, 'AdvancedSecurityOptions.Enabled');
  if (d.AdvancedSecurityOptions?.Enabled === false) config.internalUserDatabase = false;
  else set('internalUserDatabase', d.AdvancedSecurityOptions?.InternalUserDatabaseEnabled, 'AdvancedSecurityOptions.InternalUserDatabaseEnabled');
  set('softwareUpdateAvailable', sw?.UpdateAvailable, 'ServiceSoftwareOptions.UpdateAvailable');
  return { config, errors };
}

/**
 * `aws.opensearch.domain`: ListDomainNames (every domain of the region in one answer), DescribeDomains in batches
 * of five (the list-with-details read: every setting the policies need), tags in bulk.
 */
export const domainCollector = defineCollector(domain, async (ctx) => {
  const client = ctx.client(OpenSearchClient);
  const names = ((await client.send(new ListDomainNamesCommand({}))).DomainNames ?? []).map((d) => d.DomainName).filter((n): n is string => !!n);
  if (names.length === 0) return [];
  const batches: string[][] = [];
  for (let i = 0; i < names.length; i += DESCRIBE_BATCH) batches.push(names.slice(i, i + DESCRIBE_BATCH));
  const statuses = (await mapLimit(batches, 4, async (DomainNames) => (await client.send(new DescribeDomainsCommand({ DomainNames }))).DomainStatusList ?? [])).flat();
  const tagged = await tagsInBulk(ctx, ctx.region, 'es:domain');
  // A domain being deleted is still listed for a while; it is going away, not a resource to judge.
  return statuses
    .filter((d) => d.DomainName && !d.Deleted)
    .map((d) => {
      const { config, errors } = domainSettings(d);
      const arn = d.ARN ?? `arn:aws:es:${ctx.region}:${ctx.account.id}:domain/${d.DomainName!}`;
      if (!tagged.ok) errors['tags'] = tagged.error;
      return envelope(ctx, domain, {
        id: d.DomainName!,
        arn,
        name: d.DomainName!,
        tags: (tagged.ok && tagged.tags.get(arn)) || {},
        config,
        related: config.vpcId ? [{ type: 'aws.ec2.vpc', id: config.vpcId, relation: 'in' }, ...(d.VPCOptions?.SecurityGroupIds ?? []).map((sg) => ({ type: 'aws.ec2.security-group', id: sg, relation: 'uses' }))] : [],
        readErrors: errors,
      });
    });
});
