/**
 * Amazon Redshift Serverless over awsJson 1.1, served from the committed model: ListNamespaces and
 * ListWorkgroups (maxResults 1–100, `nextToken`; ListWorkgroups carries each workgroup's
 * configParameters, so no GetWorkgroup is needed), GetNamespace and GetWorkgroup (ResourceNotFoundException), and
 * the writes remediation makes: UpdateNamespace (logExports only among the log types AWS knows; adminUsername
 * and adminUserPassword together) and UpdateWorkgroup (one setting per request, as the API reference says).
 * Changes apply at once (AWS passes through MODIFYING). Tags are read in bulk through the tagging API.
 */
import { loadModel } from '../../models/index.ts';
import { modelPage, modelService } from '../../models/handler.ts';
import { SimError } from '../../types.ts';
import { LOG_TYPES, peekRedshiftServerlessState, type RedshiftServerlessState } from './model.ts';

const model = loadModel('redshiftserverless');
/** The API reference: maxResults "Valid Range: Minimum value of 1. Maximum value of 100." */
const PAGE = { min: 1, max: 100, default: 100 };
const EMPTY: RedshiftServerlessState = { namespaces: [], workgroups: [] };
const notFound = (what: string, name: unknown) => new SimError('ResourceNotFoundException', `${what} ${String(name)} not found.`, 400);
const invalid = (message: string) => new SimError('ValidationException', message, 400);
/** The workgroup settings UpdateWorkgroup changes, one per request. */
const WORKGROUP_SETTINGS = ['baseCapacity', 'configParameters', 'enhancedVpcRouting', 'ipAddressType', 'maxCapacity', 'port', 'publiclyAccessible', 'securityGroupIds', 'subnetIds'];

function namespaceOf(state: RedshiftServerlessState, name: unknown) {
  const n = state.namespaces.find((x) => x.namespaceName === name);
  if (!n) throw notFound('Namespace', name);
  return n;
}
function workgroupOf(state: RedshiftServerlessState, name: unknown) {
  const w = state.workgroups.find((x) => x.workgroupName === name);
  if (!w) throw notFound('Workgroup', name);
  return w;
}
const wireNamespace = (n: RedshiftServerlessState['namespaces'][number]) => {
  const { tags: _tags, ...wire } = structuredClone(n);
  return wire;
};
const wireWorkgroup = (w: RedshiftServerlessState['workgroups'][number]) => {
  const { tags: _tags, ...wire } = structuredClone(w);
  return wire;
};
const stateOf = (ctx: { world: Parameters<typeof peekRedshiftServerlessState>[0] }, req: { accountId: string; region: string }) => peekRedshiftServerlessState(ctx.world, req.accountId, req.region) ?? EMPTY;

export const redshiftServerless = modelService({
  model: 'redshiftserverless',
  operations: {
    ListNamespaces(input, req, ctx) {
      const namespaces = peekRedshiftServerlessState(ctx.world, req.accountId, req.region)?.namespaces ?? [];
      return modelPage(model, 'ListNamespaces', input, namespaces.map(({ tags: _tags, ...wire }) => structuredClone(wire)), PAGE);
    },
    ListWorkgroups(input, req, ctx) {
      const workgroups = peekRedshiftServerlessState(ctx.world, req.accountId, req.region)?.workgroups ?? [];
      return modelPage(model, 'ListWorkgroups', input, workgroups.map(({ tags: _tags, ...wire }) => structuredClone(wire)), PAGE);
    },
    GetNamespace(input, req, ctx) {
      return { namespace: wireNamespace(namespaceOf(stateOf(ctx, req), input['namespaceName'])) };
    },
    GetWorkgroup(input, req, ctx) {
      return { workgroup: wireWorkgroup(workgroupOf(stateOf(ctx, req), input['workgroupName'])) };
    },
    UpdateNamespace(input, req, ctx) {
      const n = namespaceOf(stateOf(ctx, req), input['namespaceName']);
      if ((input['adminUsername'] === undefined) !== (input['adminUserPassword'] === undefined)) throw invalid('adminUsername and adminUserPassword must be given together.');
      const logs = input['logExports'] as string[] | undefined;
      for (const l of logs ?? []) if (!(LOG_TYPES as readonly string[]).includes(l)) throw invalid(`1 validation error detected: Value '${l}' at 'logExports' failed to satisfy constraint: Member must satisfy enum value set: [${LOG_TYPES.join(', ')}]`);
      if (logs !== undefined) n.logExports = [...new Set(logs)];
      if (typeof input['adminUsername'] === 'string') n.adminUsername = input['adminUsername'];
      if (typeof input['kmsKeyId'] === 'string') n.kmsKeyId = input['kmsKeyId'];
      return { namespace: wireNamespace(n) };
    },
    UpdateWorkgroup(input, req, ctx) {
      const w = workgroupOf(stateOf(ctx, req), input['workgroupName']);
      const given = WORKGROUP_SETTINGS.filter((k) => input[k] !== undefined);
      if (given.length > 1) throw invalid(`You can't update multiple workgroup parameters in one request (${given.join(', ')}).`);
      if (given.some((k) => !['publiclyAccessible', 'enhancedVpcRouting', 'configParameters'].includes(k))) throw invalid(`The local endpoint does not serve ${given[0]} on UpdateWorkgroup`);
      if (typeof input['publiclyAccessible'] === 'boolean') w.publiclyAccessible = input['publiclyAccessible'];
      if (typeof input['enhancedVpcRouting'] === 'boolean') w.enhancedVpcRouting = input['enhancedVpcRouting'];
      const params = input['configParameters'] as { parameterKey?: string; parameterValue?: string }[] | undefined;
      for (const p of params ?? []) {
        const existing = w.configParameters.find((x) => x.parameterKey === p.parameterKey);
        if (!existing || p.parameterValue === undefined) throw invalid(`Unknown config parameter ${String(p.parameterKey)}`);
        existing.parameterValue = p.parameterValue;
      }
      return { workgroup: wireWorkgroup(w) };
    },
  },
});
