/**
 * Amazon FSx over awsJson 1.1, served from the committed model: DescribeFileSystems (MaxResults
 * 1–2,147,483,647, `NextToken`; FileSystemIds at most 50, an unknown one FileSystemNotFound) as the API
 * reference documents it. Tags are inline. UpdateFileSystem serves the OpenZFS tag-copying settings remediation
 * changes (another type's configuration for the file system is BadRequest; an unknown one FileSystemNotFound).
 */
import { modelService } from '../../models/handler.ts';
import { paginate } from '../../protocols/paging.ts';
import { SimError } from '../../types.ts';
import { peekFsxState, type FsxFileSystem } from './model.ts';

const PAGE = { min: 1, max: 2147483647, default: 2147483647, invalidCode: 'BadRequest', tokenCode: 'BadRequest' };

export const fsx = modelService({
  model: 'fsx',
  operations: {
    DescribeFileSystems(input, req, ctx) {
      let systems = peekFsxState(ctx.world, req.accountId, req.region)?.fileSystems ?? [];
      const ids = input['FileSystemIds'] as string[] | undefined;
      if (ids !== undefined) {
        if (ids.length > 50) throw new SimError('BadRequest', 'FileSystemIds can name at most 50 file systems.', 400);
        const missing = ids.find((id) => !systems.some((f) => f.FileSystemId === id));
        if (missing) throw new SimError('FileSystemNotFound', `File system '${missing}' does not exist.`, 400);
        systems = systems.filter((f) => ids.includes(f.FileSystemId));
      }
      // The model's paginator names no result key, so the page is cut here.
      const { page, nextToken } = paginate(systems, input['MaxResults'] as number | undefined, input['NextToken'] as string | undefined, PAGE);
      return { FileSystems: page.map((f) => structuredClone(f)), ...(nextToken ? { NextToken: nextToken } : {}) };
    },
    UpdateFileSystem(input, req, ctx) {
      const id = input['FileSystemId'];
      const fs = (peekFsxState(ctx.world, req.accountId, req.region)?.fileSystems ?? []).find((f) => f.FileSystemId === id);
      if (!fs) throw new SimError('FileSystemNotFound', `File system '${String(id)}' does not exist.`, 400);
      const CONFIG: Record<string, FsxFileSystem['FileSystemType']> = { LustreConfiguration: 'LUSTRE', WindowsConfiguration: 'WINDOWS', OntapConfiguration: 'ONTAP', OpenZFSConfiguration: 'OPENZFS' };
      for (const [member, type] of Object.entries(CONFIG)) if (input[member] !== undefined && fs.FileSystemType !== type) throw new SimError('BadRequest', `${member} cannot be updated on a ${fs.FileSystemType} file system.`, 400);
      const z = input['OpenZFSConfiguration'] as Record<string, unknown> | undefined;
      if (z) {
        const other = Object.keys(z).find((k) => k !== 'CopyTagsToBackups' && k !== 'CopyTagsToVolumes');
        if (other) throw new SimError('BadRequest', `The local endpoint does not serve OpenZFSConfiguration.${other} on UpdateFileSystem`, 400);
        if (typeof z['CopyTagsToBackups'] === 'boolean') fs.OpenZFSConfiguration!.CopyTagsToBackups = z['CopyTagsToBackups'];
        if (typeof z['CopyTagsToVolumes'] === 'boolean') fs.OpenZFSConfiguration!.CopyTagsToVolumes = z['CopyTagsToVolumes'];
      }
      return { FileSystem: structuredClone(fs) };
    },
  },
});
