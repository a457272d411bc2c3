/**
 * Amazon WorkSpaces over awsJson 1.1, served from the committed model: DescribeWorkspaces with AWS's
 * filters (WorkspaceIds, DirectoryId with an optional UserName, BundleId, WorkspaceName — one at a time),
 * Limit 1–25 and `NextToken`, and its InvalidParameterValuesException. Tags are read in bulk through the
 * tagging API (src/sim/services/tagging.ts).
 */
import { loadModel } from '../../models/index.ts';
import { modelPage, modelService } from '../../models/handler.ts';
import { SimError } from '../../types.ts';
import { peekWorkspacesState } from './model.ts';

const model = loadModel('workspaces');
const invalidCode = 'InvalidParameterValuesException';
const PAGE = { min: 1, max: 25, default: 25, invalidCode, tokenCode: invalidCode };

export const workspaces = modelService({
  model: 'workspaces',
  operations: {
    DescribeWorkspaces(input, req, ctx) {
      const ids = input['WorkspaceIds'] as string[] | undefined;
      const filters = (['WorkspaceIds', 'DirectoryId', 'BundleId', 'WorkspaceName'] as const).filter((k) => input[k] !== undefined);
      if (filters.length > 1) throw new SimError(invalidCode, 'Only one of WorkspaceIds, DirectoryId, BundleId or WorkspaceName can be specified at a time.', 400);
      if (input['UserName'] !== undefined && input['DirectoryId'] === undefined) throw new SimError(invalidCode, 'UserName must be specified with DirectoryId.', 400);
      if (ids && (ids.length < 1 || ids.length > 25)) throw new SimError(invalidCode, 'WorkspaceIds must contain between 1 and 25 items.', 400);
      const all = peekWorkspacesState(ctx.world, req.accountId, req.region)?.workspaces ?? [];
      const selected = all.filter(
        (w) =>
          (!ids || ids.includes(w.WorkspaceId)) &&
          (input['DirectoryId'] === undefined || w.DirectoryId === input['DirectoryId']) &&
          (input['UserName'] === undefined || w.UserName === input['UserName']) &&
          (input['BundleId'] === undefined || w.BundleId === input['BundleId']) &&
          // The estate's WorkSpaces carry no WorkspaceName: a name filter selects none of them.
          input['WorkspaceName'] === undefined,
      );
      return modelPage(model, 'DescribeWorkspaces', input, selected.map(({ tags: _tags, ...w }) => w), PAGE);
    },
  },
});
