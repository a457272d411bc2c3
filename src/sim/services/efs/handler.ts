/**
 * Amazon EFS over REST-JSON, served from the committed model: DescribeFileSystems (MaxItems ≥ 1, 100 per
 * page at most, `Marker`), DescribeBackupPolicy, DescribeAccessPoints (MaxResults ≥ 1, `NextToken`; a file
 * system id or an access point id, not both) and DescribeMountTargets (MaxItems default 10; one of a file
 * system, mount target or access point id required), with AWS's FileSystemNotFound, AccessPointNotFound,
 * MountTargetNotFound (404) and BadRequest (400). PutBackupPolicy (Status ENABLED or DISABLED) takes effect at once
 * here; AWS passes through ENABLING/DISABLING.
 */
import { loadModel } from '../../models/index.ts';
import { modelPage, modelService } from '../../models/handler.ts';
import { SimError } from '../../types.ts';
import { fileSystemNotFound, peekEfsState, type EfsState } from './model.ts';

const model = loadModel('efs');
const EMPTY: EfsState = { fileSystems: [], mountTargets: [], accessPoints: [] };
const bad = (message: string) => new SimError('BadRequest', message, 400);
const PAGE = { min: 1, max: 100, default: 100, invalidCode: 'BadRequest', tokenCode: 'BadRequest' };

export const efs = modelService({
  model: 'efs',
  operations: {
    DescribeFileSystems(input, req, ctx) {
      const state = peekEfsState(ctx.world, req.accountId, req.region) ?? EMPTY;
      const id = input['FileSystemId'];
      const token = input['CreationToken'];
      if (id !== undefined && token !== undefined) throw bad('Only one of FileSystemId or CreationToken can be given.');
      let systems = state.fileSystems;
      if (id !== undefined) {
        systems = systems.filter((f) => f.FileSystemId === id);
        if (!systems.length) throw fileSystemNotFound(id);
      }
      if (token !== undefined) systems = systems.filter((f) => f.CreationToken === token);
      return modelPage(model, 'DescribeFileSystems', input, systems.map(({ backup: _backup, ...wire }) => structuredClone(wire)), PAGE);
    },
    DescribeBackupPolicy(input, req, ctx) {
      const id = input['FileSystemId'];
      const fs = (peekEfsState(ctx.world, req.accountId, req.region) ?? EMPTY).fileSystems.find((f) => f.FileSystemId === id);
      if (!fs) throw fileSystemNotFound(id);
      if (fs.backup === 'none') throw new SimError('PolicyNotFound', `File system '${fs.FileSystemId}' has no backup policy.`, 404);
      return { BackupPolicy: { Status: fs.backup } };
    },
    PutBackupPolicy(input, req, ctx) {
      const id = input['FileSystemId'];
      const fs = (peekEfsState(ctx.world, req.accountId, req.region) ?? EMPTY).fileSystems.find((f) => f.FileSystemId === id);
      if (!fs) throw fileSystemNotFound(id);
      const status = (input['BackupPolicy'] as { Status?: unknown } | undefined)?.Status;
      if (status !== 'ENABLED' && status !== 'DISABLED') throw new SimError('ValidationException', `BackupPolicy.Status must be ENABLED or DISABLED, not ${String(status)}`, 400);
      fs.backup = status;
      return { BackupPolicy: { Status: fs.backup } };
    },
    DescribeAccessPoints(input, req, ctx) {
      const state = peekEfsState(ctx.world, req.accountId, req.region) ?? EMPTY;
      const apId = input['AccessPointId'];
      const fsId = input['FileSystemId'];
      if (apId !== undefined && fsId !== undefined) throw bad('You can provide either an AccessPointId or a FileSystemId, not both.');
      let points = state.accessPoints;
      if (fsId !== undefined) {
        if (!state.fileSystems.some((f) => f.FileSystemId === fsId)) throw fileSystemNotFound(fsId);
        points = points.filter((a) => a.FileSystemId === fsId);
      }
      if (apId !== undefined) {
        points = points.filter((a) => a.AccessPointId === apId);
        if (!points.length) throw new SimError('AccessPointNotFound', `Access point '${String(apId)}' does not exist.`, 404);
      }
      return modelPage(model, 'DescribeAccessPoints', input, points.map((a) => structuredClone(a)), PAGE);
    },
    DescribeMountTargets(input, req, ctx) {
      const state = peekEfsState(ctx.world, req.accountId, req.region) ?? EMPTY;
      const fsId = input['FileSystemId'];
      const mtId = input['MountTargetId'];
      const apId = input['AccessPointId'];
      const given = [fsId, mtId, apId].filter((v) => v !== undefined).length;
      if (given === 0) throw bad('One of FileSystemId, MountTargetId or AccessPointId is required.');
      if (given > 1) throw bad('Only one of FileSystemId, MountTargetId or AccessPointId can be given.');
      let targets = state.mountTargets;
      if (fsId !== undefined) {
        if (!state.fileSystems.some((f) => f.FileSystemId === fsId)) throw fileSystemNotFound(fsId);
        targets = targets.filter((m) => m.FileSystemId === fsId);
      } else if (mtId !== undefined) {
        targets = targets.filter((m) => m.MountTargetId === mtId);
        if (!targets.length) throw new SimError('MountTargetNotFound', `Mount target '${String(mtId)}' does not exist.`, 404);
      } else {
        const ap = state.accessPoints.find((a) => a.AccessPointId === apId);
        if (!ap) throw new SimError('AccessPointNotFound', `Access point '${String(apId)}' does not exist.`, 404);
        targets = targets.filter((m) => m.FileSystemId === ap.FileSystemId);
      }
      return modelPage(model, 'DescribeMountTargets', input, targets.map((m) => structuredClone(m)), { ...PAGE, default: 10 });
    },
  },
});
