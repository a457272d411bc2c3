/**
 * Amazon SageMaker over awsJson 1.1, served from the committed model: ListNotebookInstances, ListModels and
 * ListEndpointConfigs (MaxResults 1–100, default 10 as the API reference documents; newest first, SortBy
 * CreationTime or Name), and DescribeNotebookInstance / DescribeModel / DescribeEndpointConfig, which answer
 * a name that does not exist with SageMaker's ValidationException. Tags are read in bulk through the tagging
 * API (src/sim/services/tagging.ts).
 */
import { modelService } from '../../models/handler.ts';
import { paginate } from '../../protocols/paging.ts';
import { SimError } from '../../types.ts';
import { peekSagemakerState, type SagemakerState } from './model.ts';

const EMPTY: SagemakerState = { notebooks: [], models: [], endpointConfigs: [] };
const PAGE = { min: 1, max: 100, default: 10, invalidCode: 'ValidationException', tokenCode: 'ValidationException' };

/** Sorted as SortBy/SortOrder ask (default CreationTime, Descending), filtered by NameContains, one page under `key`. */
function listed<T extends { CreationTime: Date }>(items: readonly T[], nameOf: (t: T) => string, input: Record<string, unknown>, key: string, summary: (t: T) => Record<string, unknown>): Record<string, unknown> {
  const sortBy = (input['SortBy'] as string | undefined) ?? 'CreationTime';
  const order = (input['SortOrder'] as string | undefined) ?? 'Descending';
  if (!['Name', 'CreationTime', 'Status'].includes(sortBy)) throw new SimError('ValidationException', `Value '${sortBy}' at 'sortBy' failed to satisfy constraint: Member must satisfy enum value set: [Name, CreationTime]`, 400);
  if (!['Ascending', 'Descending'].includes(order)) throw new SimError('ValidationException', `Value '${order}' at 'sortOrder' failed to satisfy constraint: Member must satisfy enum value set: [Ascending, Descending]`, 400);
  const contains = input['NameContains'] as string | undefined;
  const sorted = items
    .filter((t) => contains === undefined || nameOf(t).toLowerCase().includes(contains.toLowerCase()))
    .sort((a, b) => (sortBy === 'Name' ? nameOf(a).localeCompare(nameOf(b)) : a.CreationTime.getTime() - b.CreationTime.getTime() || nameOf(a).localeCompare(nameOf(b))));
  if (order === 'Descending') sorted.reverse();
  const { page, nextToken } = paginate(sorted, input['MaxResults'] as number | undefined, input['NextToken'] as string | undefined, PAGE);
  return { [key]: page.map(summary), ...(nextToken ? { NextToken: nextToken } : {}) };
}

const wire = <T extends { tags: unknown }>({ tags: _tags, ...rest }: T) => structuredClone(rest);

export const sagemaker = modelService({
  model: 'sagemaker',
  operations: {
    ListNotebookInstances(input, req, ctx) {
      const state = peekSagemakerState(ctx.world, req.accountId, req.region) ?? EMPTY;
      const status = input['StatusEquals'] as string | undefined;
      const items = status ? state.notebooks.filter((n) => n.NotebookInstanceStatus === status) : state.notebooks;
      return listed(items, (n) => n.NotebookInstanceName, input, 'NotebookInstances', (n) => ({ NotebookInstanceName: n.NotebookInstanceName, NotebookInstanceArn: n.NotebookInstanceArn, NotebookInstanceStatus: n.NotebookInstanceStatus, Url: n.Url, InstanceType: n.InstanceType, CreationTime: n.CreationTime, LastModifiedTime: n.LastModifiedTime }));
    },
    DescribeNotebookInstance(input, req, ctx) {
      const name = input['NotebookInstanceName'] as string;
      const n = (peekSagemakerState(ctx.world, req.accountId, req.region) ?? EMPTY).notebooks.find((x) => x.NotebookInstanceName === name);
      if (!n) throw new SimError('ValidationException', 'RecordNotFound', 400);
      return wire(n);
    },
    ListModels(input, req, ctx) {
      const state = peekSagemakerState(ctx.world, req.accountId, req.region) ?? EMPTY;
      return listed(state.models, (m) => m.ModelName, input, 'Models', (m) => ({ ModelName: m.ModelName, ModelArn: m.ModelArn, CreationTime: m.CreationTime }));
    },
    DescribeModel(input, req, ctx) {
      const name = input['ModelName'] as string;
      const m = (peekSagemakerState(ctx.world, req.accountId, req.region) ?? EMPTY).models.find((x) => x.ModelName === name);
      if (!m) throw new SimError('ValidationException', `Could not find model "${name}".`, 400);
      return wire(m);
    },
    ListEndpointConfigs(input, req, ctx) {
      const state = peekSagemakerState(ctx.world, req.accountId, req.region) ?? EMPTY;
      return listed(state.endpointConfigs, (c) => c.EndpointConfigName, input, 'EndpointConfigs', (c) => ({ EndpointConfigName: c.EndpointConfigName, EndpointConfigArn: c.EndpointConfigArn, CreationTime: c.CreationTime }));
    },
    DescribeEndpointConfig(input, req, ctx) {
      const name = input['EndpointConfigName'] as string;
      const c = (peekSagemakerState(ctx.world, req.accountId, req.region) ?? EMPTY).endpointConfigs.find((x) => x.EndpointConfigName === name);
      if (!c) throw new SimError('ValidationException', `Could not find endpoint configuration "${name}".`, 400);
      return wire(c);
    },
  },
});
