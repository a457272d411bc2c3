/**
 * Transit gateways, Site-to-Site VPN connections and Client VPN endpoints on the EC2 endpoint, served from
 * the committed ec2 model (the hand-written EC2 handler delegates these operations here). Records are
 * kept in the model's member names:
 *
 * - DescribeTransitGateways: ids, MaxResults 5–1000.
 * - DescribeVpnConnections: ids; the API has no pagination (it answers every connection at once).
 * - DescribeClientVpnEndpoints: ids, MaxResults 5–1000.
 *
 * `Filters` are not served: a request carrying them is refused rather than answered unfiltered.
 */
import { loadModel } from '../../models/index.ts';
import { modelPage, modelService } from '../../models/handler.ts';
import { SimError } from '../../types.ts';
import { nextHex, nextId, serviceState, type World } from '../../world.ts';

type Wire = Record<string, unknown>;
type TagList = { Key: string; Value: string }[];

export interface VpnState {
  transitGateways: Wire[];
  vpnConnections: Wire[];
  clientVpnEndpoints: Wire[];
}

export function vpnState(world: World, accountId: string, region: string): VpnState {
  return serviceState<VpnState>(world, 'ec2-vpn', accountId, region, () => ({ transitGateways: [], vpnConnections: [], clientVpnEndpoints: [] }));
}

const tagList = (t: Record<string, string> | undefined): TagList => Object.entries(t ?? {}).map(([Key, Value]) => ({ Key, Value }));
const withTags = (t: Record<string, string> | undefined): Wire => (t && Object.keys(t).length ? { Tags: tagList(t) } : {});

export function createTransitGateway(world: World, accountId: string, region: string, o: { autoAcceptSharedAttachments?: boolean; description?: string; tags?: Record<string, string> } = {}): Wire {
  const id = nextId(world, 'tgw');
  const tgw: Wire = {
    TransitGatewayId: id,
    TransitGatewayArn: `arn:aws:ec2:${region}:${accountId}:transit-gateway/${id}`,
    State: 'available',
    OwnerId: accountId,
    Description: o.description ?? '',
    CreationTime: '2026-01-20T09:00:00.000Z',
    Options: {
      AmazonSideAsn: 64512,
      // CreateTransitGateway's default is disable.
      AutoAcceptSharedAttachments: o.autoAcceptSharedAttachments ? 'enable' : 'disable',
      DefaultRouteTableAssociation: 'enable',
      DefaultRouteTablePropagation: 'enable',
      VpnEcmpSupport: 'enable',
      DnsSupport: 'enable',
      SecurityGroupReferencingSupport: 'disable',
      MulticastSupport: 'disable',
    },
    ...withTags(o.tags),
  };
  vpnState(world, accountId, region).transitGateways.push(tgw);
  return tgw;
}

export interface CreateVpnConnectionOptions {
  /** Per tunnel (two): whether it sends logs to CloudWatch Logs, and the log group. */
  tunnelLogs?: [string | null, string | null];
  /** Per tunnel (two): `UP` or `DOWN` (default both UP). */
  tunnelStatus?: ['UP' | 'DOWN', 'UP' | 'DOWN'];
  tags?: Record<string, string>;
}

export function createVpnConnection(world: World, accountId: string, region: string, o: CreateVpnConnectionOptions = {}): Wire {
  const ips = ['203.0.113.10', '203.0.113.74'];
  const logs = o.tunnelLogs ?? [null, null];
  const status = o.tunnelStatus ?? ['UP', 'UP'];
  const vpn: Wire = {
    VpnConnectionId: nextId(world, 'vpn'),
    CustomerGatewayId: nextId(world, 'cgw'),
    VpnGatewayId: nextId(world, 'vgw'),
    Category: 'VPN',
    State: 'available',
    Type: 'ipsec.1',
    Options: {
      EnableAcceleration: false,
      StaticRoutesOnly: false,
      LocalIpv4NetworkCidr: '0.0.0.0/0',
      RemoteIpv4NetworkCidr: '0.0.0.0/0',
      OutsideIpAddressType: 'PublicIpv4',
      TunnelInsideIpVersion: 'ipv4',
      TunnelOptions: ips.map((ip, i) => ({
        OutsideIpAddress: ip,
        TunnelInsideCidr: `169.254.${10 + i}.0/30`,
        LogOptions: { CloudWatchLogOptions: logs[i] ? { LogEnabled: true, LogGroupArn: logs[i], LogOutputFormat: 'json' } : { LogEnabled: false } },
      })),
    },
    VgwTelemetry: ips.map((ip, i) => ({
      AcceptedRouteCount: status[i] === 'UP' ? 2 : 0,
      LastStatusChange: '2026-05-03T07:12:00.000Z',
      OutsideIpAddress: ip,
      Status: status[i],
      StatusMessage: status[i] === 'UP' ? '2 BGP ROUTES' : '',
    })),
    ...withTags(o.tags),
  };
  vpnState(world, accountId, region).vpnConnections.push(vpn);
  return vpn;
}

export function createClientVpnEndpoint(world: World, accountId: string, region: string, o: { logGroup?: string; description?: string; tags?: Record<string, string> } = {}): Wire {
  const id = `cvpn-endpoint-${nextHex(world, 17)}`;
  const e: Wire = {
    ClientVpnEndpointId: id,
    Description: o.description ?? '',
    Status: { Code: 'available' },
    CreationTime: '2026-02-11T08:30:00',
    DnsName: `*.${id}.prod.clientvpn.${region}.amazonaws.com`,
    ClientCidrBlock: '10.250.0.0/22',
    SplitTunnel: true,
    VpnProtocol: 'openvpn',
    TransportProtocol: 'udp',
    VpnPort: 443,
    ServerCertificateArn: `arn:aws:acm:${region}:${accountId}:certificate/${nextHex(world, 8)}`,
    AuthenticationOptions: [{ Type: 'certificate-authentication', MutualAuthentication: { ClientRootCertificateChain: `arn:aws:acm:${region}:${accountId}:certificate/${nextHex(world, 8)}` } }],
    ConnectionLogOptions: o.logGroup ? { Enabled: true, CloudwatchLogGroup: o.logGroup } : { Enabled: false },
    ...withTags(o.tags),
  };
  vpnState(world, accountId, region).clientVpnEndpoints.push(e);
  return e;
}

const model = loadModel('ec2');
const strings = (v: unknown): string[] | undefined => (Array.isArray(v) ? (v as string[]) : undefined);

function noFilters(input: Wire, operation: string): void {
  if (Array.isArray(input['Filters']) && input['Filters'].length) throw new SimError('InvalidParameterValue', `The local endpoint does not serve Filters on ${operation}`, 400);
}

/** The records named by `ids` (all when none); an unknown id is AWS's not-found error for the type. */
function select(items: Wire[], key: string, ids: string[] | undefined, notFound: (id: string) => SimError): Wire[] {
  if (!ids?.length) return items;
  const missing = ids.find((id) => !items.some((x) => x[key] === id));
  if (missing) throw notFound(missing);
  return items.filter((x) => ids.includes(x[key] as string));
}

export const VPN_OPERATIONS = new Set(['DescribeTransitGateways', 'DescribeVpnConnections', 'DescribeClientVpnEndpoints']);

export const vpn = modelService({
  model: 'ec2',
  name: 'ec2',
  operations: {
    DescribeTransitGateways(input, req, ctx) {
      noFilters(input, 'DescribeTransitGateways');
      const items = select(vpnState(ctx.world, req.accountId, req.region).transitGateways, 'TransitGatewayId', strings(input['TransitGatewayIds']), (id) => new SimError('InvalidTransitGatewayID.NotFound', `Transit Gateway ${id} was deleted or does not exist.`, 400));
      return modelPage(model, 'DescribeTransitGateways', input, items.map((t) => ({ ...t, CreationTime: new Date(t['CreationTime'] as string) })), { min: 5, max: 1000, default: 1000 });
    },
    DescribeVpnConnections(input, req, ctx) {
      noFilters(input, 'DescribeVpnConnections');
      const items = select(vpnState(ctx.world, req.accountId, req.region).vpnConnections, 'VpnConnectionId', strings(input['VpnConnectionIds']), (id) => new SimError('InvalidVpnConnectionID.NotFound', `The vpnConnection ID '${id}' does not exist`, 400));
      return {
        VpnConnections: items.map((v) => ({ ...v, VgwTelemetry: (v['VgwTelemetry'] as Wire[]).map((t) => ({ ...t, LastStatusChange: new Date(t['LastStatusChange'] as string) })) })),
      };
    },
    DescribeClientVpnEndpoints(input, req, ctx) {
      noFilters(input, 'DescribeClientVpnEndpoints');
      const items = select(vpnState(ctx.world, req.accountId, req.region).clientVpnEndpoints, 'ClientVpnEndpointId', strings(input['ClientVpnEndpointIds']), (id) => new SimError('InvalidClientVpnEndpointId.NotFound', `Endpoint ${id} does not exist`, 400));
      return modelPage(model, 'DescribeClientVpnEndpoints', input, items, { min: 5, max: 1000, default: 1000 });
    },
  },
});
