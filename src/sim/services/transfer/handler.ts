/**
 * AWS Transfer Family over awsJson 1.1, served from the committed model: ListServers and ListConnectors
 * (MaxResults 1–1000, `NextToken`, a forged token InvalidNextTokenException), DescribeServer and
 * DescribeConnector with the id patterns AWS validates and its ResourceNotFoundException.
 */
import { loadModel } from '../../models/index.ts';
import { modelPage, modelService } from '../../models/handler.ts';
import { SimError } from '../../types.ts';
import { peekTransferState } from './model.ts';

const model = loadModel('transfer');
const PAGE = { min: 1, max: 1000, default: 1000, tokenCode: 'InvalidNextTokenException' };

/** AWS's validation of an id member (`s-` or `c-` and 17 hex digits). */
function checkId(value: unknown, member: string, prefix: string): string {
  const id = String(value);
  if (!new RegExp(`^${prefix}-([0-9a-f]{17})$`).test(id)) {
    throw new SimError('ValidationException', `1 validation error detected: Value '${id}' at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${prefix}-([0-9a-f]{17})`, 400);
  }
  return id;
}

export const transfer = modelService({
  model: 'transfer',
  operations: {
    ListServers(input, req, ctx) {
      const servers = peekTransferState(ctx.world, req.accountId, req.region)?.servers ?? [];
      return modelPage(model, 'ListServers', input, servers.map(({ Arn, Domain, IdentityProviderType, EndpointType, LoggingRole, ServerId, State, UserCount }) => ({ Arn, Domain, IdentityProviderType, EndpointType, ...(LoggingRole ? { LoggingRole } : {}), ServerId, State, UserCount })), PAGE);
    },
    DescribeServer(input, req, ctx) {
      const id = checkId(input['ServerId'], 'serverId', 's');
      const s = peekTransferState(ctx.world, req.accountId, req.region)?.servers.find((x) => x.ServerId === id);
      if (!s) throw new SimError('ResourceNotFoundException', 'Unknown server', 400);
      return { Server: s };
    },
    ListConnectors(input, req, ctx) {
      const connectors = peekTransferState(ctx.world, req.accountId, req.region)?.connectors ?? [];
      return modelPage(model, 'ListConnectors', input, connectors.map(({ Arn, ConnectorId, Url }) => ({ Arn, ConnectorId, Url })), PAGE);
    },
    DescribeConnector(input, req, ctx) {
      const id = checkId(input['ConnectorId'], 'connectorId', 'c');
      const c = peekTransferState(ctx.world, req.accountId, req.region)?.connectors.find((x) => x.ConnectorId === id);
      if (!c) throw new SimError('ResourceNotFoundException', 'Unknown connector', 400);
      return { Connector: c };
    },
  },
});
