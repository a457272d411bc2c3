/**
 * Route 53 over REST-XML, served from the committed model: ListHostedZones (maxitems, default and at
 * most 100: a larger value returns 100; marker/NextMarker) and ListQueryLoggingConfigs (for one zone or
 * the whole account; maxresults at most 100; NoSuchHostedZone, InvalidPaginationToken), as the API
 * reference documents them. Route 53 is global: the signing region (us-east-1) does not select the state.
 *
 * The writes the remediation action sends: CreateQueryLoggingConfig (201 with a Location; NoSuchHostedZone,
 * QueryLoggingConfigAlreadyExists 409 when the zone has one, InvalidInput for a private zone or a log group
 * outside us-east-1 or of another account) and DeleteQueryLoggingConfig (NoSuchQueryLoggingConfig 404).
 * The endpoint has no CloudWatch Logs: the log group's existence and resource policy are not checked.
 */
import { modelService } from '../../models/handler.ts';
import { decodeToken, encodeToken } from '../../protocols/paging.ts';
import { SimError } from '../../types.ts';
import { nextHex } from '../../world.ts';
import { peekRoute53State } from './model.ts';

/** A page size from a querystring: default and maximum 100, as Route 53 clamps larger values. */
function pageSize(raw: unknown, name: string): number {
  if (raw === undefined) return 100;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new SimError('InvalidInput', `1 validation error detected: Value '${String(raw)}' at '${name}' failed to satisfy constraint: Member must be a positive integer`, 400);
  return Math.min(n, 100);
}

function offset(raw: unknown, code: string): number {
  if (raw === undefined || raw === '') return 0;
  const o = typeof raw === 'string' ? decodeToken(raw) : undefined;
  if (o === undefined) throw new SimError(code, 'The pagination token is not valid.', 400);
  return o;
}

export const route53 = modelService({
  model: 'route53',
  operations: {
    ListHostedZones(input, req, ctx) {
      const zones = peekRoute53State(ctx.world, req.accountId)?.zones ?? [];
      const size = pageSize(input['MaxItems'], 'maxitems');
      const from = offset(input['Marker'], 'InvalidInput');
      const page = zones.slice(from, from + size);
      const more = from + size < zones.length;
      return {
        HostedZones: page.map((z) => ({
          Id: `/hostedzone/${z.id}`,
          Name: z.name,
          CallerReference: `mamori-${z.id}`,
          Config: { Comment: z.comment, PrivateZone: z.privateZone },
          ResourceRecordSetCount: z.recordSetCount,
        })),
        Marker: typeof input['Marker'] === 'string' ? input['Marker'] : '',
        IsTruncated: more,
        ...(more ? { NextMarker: encodeToken(from + size) } : {}),
        MaxItems: String(size),
      };
    },
    ListQueryLoggingConfigs(input, req, ctx) {
      let zones = peekRoute53State(ctx.world, req.accountId)?.zones ?? [];
      const wanted = input['HostedZoneId'];
      if (typeof wanted === 'string') {
        const id = wanted.replace(/^\/hostedzone\//, '');
        zones = zones.filter((z) => z.id === id);
        if (zones.length === 0) throw new SimError('NoSuchHostedZone', `No hosted zone found with ID: ${id}`, 404);
      }
      const configs = zones.filter((z) => z.queryLogGroupArn).map((z) => ({ Id: z.queryLoggingConfigId!, HostedZoneId: z.id, CloudWatchLogsLogGroupArn: z.queryLogGroupArn! }));
      const size = pageSize(input['MaxResults'], 'maxresults');
      const from = offset(input['NextToken'], 'InvalidPaginationToken');
      const more = from + size < configs.length;
      return { QueryLoggingConfigs: configs.slice(from, from + size), ...(more ? { NextToken: encodeToken(from + size) } : {}) };
    },
    CreateQueryLoggingConfig(input, req, ctx) {
      const id = String(input['HostedZoneId'] ?? '').replace(/^\/hostedzone\//, '');
      const zone = peekRoute53State(ctx.world, req.accountId)?.zones.find((z) => z.id === id);
      if (!zone) throw new SimError('NoSuchHostedZone', `No hosted zone found with ID: ${id}`, 404);
      const arn = String(input['CloudWatchLogsLogGroupArn'] ?? '');
      const m = /^arn:aws:logs:([a-z0-9-]+):(\d{12}):log-group:([\w./#-]{1,512})(:\*)?$/.exec(arn);
      if (!m) throw new SimError('InvalidInput', `The ARN ${arn} is not a CloudWatch Logs log group ARN.`, 400);
      if (m[1] !== 'us-east-1') throw new SimError('InvalidInput', 'The CloudWatch Logs log group must be in the us-east-1 Region.', 400);
      if (m[2] !== req.accountId) throw new SimError('InvalidInput', 'The CloudWatch Logs log group must belong to the same account as the hosted zone.', 400);
      if (zone.privateZone) throw new SimError('InvalidInput', 'Query logging is supported only for public hosted zones.', 400);
      if (zone.queryLoggingConfigId) throw new SimError('QueryLoggingConfigAlreadyExists', `The hosted zone ${id} already has a query logging configuration.`, 409);
      zone.queryLoggingConfigId = `${nextHex(ctx.world, 8)}-${nextHex(ctx.world, 4)}-${nextHex(ctx.world, 4)}-${nextHex(ctx.world, 4)}-${nextHex(ctx.world, 12)}`;
      zone.queryLogGroupArn = arn;
      return {
        QueryLoggingConfig: { Id: zone.queryLoggingConfigId, HostedZoneId: zone.id, CloudWatchLogsLogGroupArn: arn },
        Location: `https://route53.amazonaws.com/2013-04-01/queryloggingconfig/${zone.queryLoggingConfigId}`,
      };
    },
    DeleteQueryLoggingConfig(input, req, ctx) {
      const zone = peekRoute53State(ctx.world, req.accountId)?.zones.find((z) => z.queryLoggingConfigId !== undefined && z.queryLoggingConfigId === input['Id']);
      if (!zone) throw new SimError('NoSuchQueryLoggingConfig', `There is no DNS query logging configuration with the ID ${String(input['Id'])}.`, 404);
      delete zone.queryLoggingConfigId;
      delete zone.queryLogGroupArn;
      return {};
    },
  },
});
