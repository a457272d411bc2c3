/**
 * Amazon OpenSearch Service (API 2021-01-01) over REST-JSON, signing name `es`, served from the committed model:
 * ListDomainNames (every domain, the EngineType filter), DescribeDomains (at most 5 names; names of no domain are
 * left out of the answer, as AWS does), DescribeDomain (ResourceNotFoundException, 409, for an unknown domain), and
 * the writes the remediation actions send — UpdateDomainConfig for encryption at rest, node-to-node encryption,
 * the endpoint options and log publishing (encryption, once on, cannot be turned off: ValidationException), and
 * StartServiceSoftwareUpdate. Tags are read in bulk through the tagging API (src/sim/services/tagging.ts).
 */
import { modelService } from '../../models/handler.ts';
import { SimError } from '../../types.ts';
import type { World } from '../../world.ts';
import { domainStatus, LOG_GROUP_ARN, LOG_TYPES, peekOpenSearchState, SOFTWARE, TLS_POLICIES, type LogPublishingOption, type OpenSearchDomain } from './model.ts';

/** The API reference: DescribeDomains takes "up to five" domain names. */
const DESCRIBE_MAX = 5;

const invalid = (m: string) => new SimError('ValidationException', m, 400);

function domainOf(world: World, account: string, region: string, name: unknown): OpenSearchDomain {
  if (typeof name !== 'string' || name === '') throw invalid('DomainName is required');
  const d = peekOpenSearchState(world, account, region)?.domains.find((x) => x.DomainName === name);
  if (!d) throw new SimError('ResourceNotFoundException', `Domain not found: ${name}`, 409);
  return d;
}

/** The members of UpdateDomainConfig the endpoint implements; any other is refused rather than ignored. */
const UPDATABLE = new Set(['DomainName', 'EncryptionAtRestOptions', 'NodeToNodeEncryptionOptions', 'DomainEndpointOptions', 'LogPublishingOptions']);

const status = (now: Date) => ({ CreationDate: new Date('2025-03-01T09:00:00.000Z'), UpdateDate: now, UpdateVersion: 2, State: 'Active', PendingDeletion: false });

export const opensearch = modelService({
  model: 'opensearch',
  operations: {
    ListDomainNames(input, req, ctx) {
      const engine = input['EngineType'];
      if (engine !== undefined && engine !== 'OpenSearch' && engine !== 'Elasticsearch') throw invalid(`EngineType must be OpenSearch or Elasticsearch, not ${String(engine)}`);
      const domains = peekOpenSearchState(ctx.world, req.accountId, req.region)?.domains ?? [];
      const typeOf = (d: OpenSearchDomain) => (d.EngineVersion.startsWith('Elasticsearch_') ? 'Elasticsearch' : 'OpenSearch');
      return { DomainNames: domains.filter((d) => engine === undefined || typeOf(d) === engine).map((d) => ({ DomainName: d.DomainName, EngineType: typeOf(d) })) };
    },
    DescribeDomains(input, req, ctx) {
      const names = input['DomainNames'] as string[];
      if (names.length === 0) throw invalid('DomainNames must name at least one domain');
      if (names.length > DESCRIBE_MAX) throw invalid(`1 validation error detected: Value at 'domainNames' failed to satisfy constraint: Member must have length less than or equal to ${DESCRIBE_MAX}`);
      const domains = peekOpenSearchState(ctx.world, req.accountId, req.region)?.domains ?? [];
      return { DomainStatusList: names.flatMap((n) => domains.filter((d) => d.DomainName === n).map(domainStatus)) };
    },
    DescribeDomain(input, req, ctx) {
      return { DomainStatus: domainStatus(domainOf(ctx.world, req.accountId, req.region, input['DomainName'])) };
    },
    UpdateDomainConfig(input, req, ctx) {
      const d = domainOf(ctx.world, req.accountId, req.region, input['DomainName']);
      const other = Object.keys(input).filter((k) => !UPDATABLE.has(k));
      if (other.length) throw invalid(`the local endpoint does not implement UpdateDomainConfig with ${other.join(', ')}`);
      // Validate everything first: the call changes all or nothing.
      const rest = input['EncryptionAtRestOptions'] as { Enabled?: boolean; KmsKeyId?: string } | undefined;
      if (rest?.Enabled === false && d.EncryptionAtRestOptions.Enabled) throw invalid('Encryption at rest cannot be disabled once it is enabled');
      if (rest?.KmsKeyId !== undefined && d.EncryptionAtRestOptions.Enabled && rest.KmsKeyId !== d.EncryptionAtRestOptions.KmsKeyId) throw invalid('The KMS key of a domain encrypted at rest cannot be changed');
      const n2n = input['NodeToNodeEncryptionOptions'] as { Enabled?: boolean } | undefined;
      if (n2n?.Enabled === false && d.NodeToNodeEncryptionOptions.Enabled) throw invalid('Node-to-node encryption cannot be disabled once it is enabled');
      const endpoint = input['DomainEndpointOptions'] as { EnforceHTTPS?: boolean; TLSSecurityPolicy?: string; CustomEndpointEnabled?: boolean } | undefined;
      if (endpoint?.TLSSecurityPolicy !== undefined && !(TLS_POLICIES as readonly string[]).includes(endpoint.TLSSecurityPolicy)) throw invalid(`1 validation error detected: Value '${endpoint.TLSSecurityPolicy}' at 'domainEndpointOptions.tLSSecurityPolicy' failed to satisfy constraint: Member must satisfy enum value set: [${TLS_POLICIES.join(', ')}]`);
      if (endpoint?.EnforceHTTPS === false && d.AdvancedSecurityOptions.Enabled) throw invalid('HTTPS must stay enforced on a domain with fine-grained access control');
      if (endpoint?.CustomEndpointEnabled) throw invalid('the local endpoint does not implement custom endpoints');
      const logs = input['LogPublishingOptions'] as Record<string, LogPublishingOption> | undefined;
      for (const [type, o] of Object.entries(logs ?? {})) {
        if (!(LOG_TYPES as readonly string[]).includes(type)) throw invalid(`LogPublishingOptions: ${type} is not one of ${LOG_TYPES.join(', ')}`);
        if (o.Enabled && (o.CloudWatchLogsLogGroupArn === undefined || !LOG_GROUP_ARN.test(o.CloudWatchLogsLogGroupArn))) throw invalid(`LogPublishingOptions.${type}: CloudWatchLogsLogGroupArn ${o.CloudWatchLogsLogGroupArn ?? '(none)'} is not a log group ARN`);
        if (type === 'AUDIT_LOGS' && o.Enabled && !d.AdvancedSecurityOptions.Enabled) throw invalid('Audit logs require fine-grained access control');
      }
      const now = new Date();
      const config: Record<string, unknown> = {};
      if (rest) {
        if (rest.Enabled && !d.EncryptionAtRestOptions.Enabled) d.EncryptionAtRestOptions = { Enabled: true, KmsKeyId: rest.KmsKeyId ?? `arn:aws:kms:${req.region}:${req.accountId}:alias/aws/es` };
        config['EncryptionAtRestOptions'] = { Options: structuredClone(d.EncryptionAtRestOptions), Status: status(now) };
      }
      if (n2n) {
        if (n2n.Enabled) d.NodeToNodeEncryptionOptions = { Enabled: true };
        config['NodeToNodeEncryptionOptions'] = { Options: structuredClone(d.NodeToNodeEncryptionOptions), Status: status(now) };
      }
      if (endpoint) {
        if (endpoint.EnforceHTTPS !== undefined) d.DomainEndpointOptions.EnforceHTTPS = endpoint.EnforceHTTPS;
        if (endpoint.TLSSecurityPolicy !== undefined) d.DomainEndpointOptions.TLSSecurityPolicy = endpoint.TLSSecurityPolicy;
        config['DomainEndpointOptions'] = { Options: structuredClone(d.DomainEndpointOptions), Status: status(now) };
      }
      if (logs) {
        // A log type given replaces its entry; the others stay as they are. Turning one off keeps its log group.
        for (const [type, o] of Object.entries(logs)) {
          const arn = o.CloudWatchLogsLogGroupArn ?? d.LogPublishingOptions[type]?.CloudWatchLogsLogGroupArn;
          d.LogPublishingOptions[type] = { ...(arn !== undefined ? { CloudWatchLogsLogGroupArn: arn } : {}), Enabled: o.Enabled ?? false };
        }
        config['LogPublishingOptions'] = { Options: structuredClone(d.LogPublishingOptions), Status: status(now) };
      }
      return { DomainConfig: config };
    },
    StartServiceSoftwareUpdate(input, req, ctx) {
      const d = domainOf(ctx.world, req.accountId, req.region, input['DomainName']);
      const at = input['ScheduleAt'];
      if (at !== undefined && at !== 'NOW' && at !== 'TIMESTAMP' && at !== 'OFF_PEAK_WINDOW') throw invalid(`ScheduleAt must be NOW, TIMESTAMP or OFF_PEAK_WINDOW, not ${String(at)}`);
      if (at !== undefined && at !== 'NOW') throw invalid('the local endpoint implements ScheduleAt NOW only');
      if (!d.ServiceSoftwareOptions.UpdateAvailable) throw new SimError('BaseException', `There is no software update available for domain ${d.DomainName}`, 400);
      // The update is applied at once here; AWS runs it as a blue/green deployment and reports it IN_PROGRESS meanwhile.
      d.ServiceSoftwareOptions = { ...d.ServiceSoftwareOptions, CurrentVersion: SOFTWARE.current, NewVersion: '', UpdateAvailable: false, Cancellable: false, UpdateStatus: 'COMPLETED', Description: 'There is no software update available for this domain.' };
      return { ServiceSoftwareOptions: structuredClone(d.ServiceSoftwareOptions) };
    },
  },
});
