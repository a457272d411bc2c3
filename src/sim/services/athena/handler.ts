/**
 * Athena over awsJson 1.1, served from the committed model: ListWorkGroups (MaxResults 1–50, `NextToken`)
 * and GetWorkGroup with AWS's InvalidRequestException for a workgroup that does not exist. Tags are read
 * in bulk through the tagging API (src/sim/services/tagging.ts). Hand-written write for the remediation
 * actions: UpdateWorkGroup (metrics, enforcement, result location and encryption; validated before any change).
 */
import { modelService } from '../../models/handler.ts';
import { paginate } from '../../protocols/paging.ts';
import { SimError } from '../../types.ts';
import { peekAthenaState } from './model.ts';

export const athena = modelService({
  model: 'athena',
  operations: {
    ListWorkGroups(input, req, ctx) {
      const all = [...(peekAthenaState(ctx.world, req.accountId, req.region)?.workgroups ?? [])].sort((a, b) => (a.Name < b.Name ? -1 : 1));
      const { page, nextToken } = paginate(all, input['MaxResults'] as number | undefined, input['NextToken'] as string | undefined, { min: 1, max: 50, default: 50, invalidCode: 'InvalidRequestException', tokenCode: 'InvalidRequestException' });
      return {
        WorkGroups: page.map((w) => ({ Name: w.Name, State: w.State, ...(w.Description ? { Description: w.Description } : {}), CreationTime: w.CreationTime, EngineVersion: w.Configuration.EngineVersion })),
        ...(nextToken ? { NextToken: nextToken } : {}),
      };
    },
    GetWorkGroup(input, req, ctx) {
      const name = input['WorkGroup'] as string;
      const w = (peekAthenaState(ctx.world, req.accountId, req.region)?.workgroups ?? []).find((x) => x.Name === name);
      if (!w) throw new SimError('InvalidRequestException', `WorkGroup ${name} is not found.`, 400);
      const { tags: _tags, ...workgroup } = w;
      return { WorkGroup: structuredClone(workgroup) };
    },
    // The write the remediation actions send (hand-written, beside the model-driven reads).
    UpdateWorkGroup(input, req, ctx) {
      const name = input['WorkGroup'] as string;
      const w = (peekAthenaState(ctx.world, req.accountId, req.region)?.workgroups ?? []).find((x) => x.Name === name);
      if (!w) throw new SimError('InvalidRequestException', `WorkGroup ${name} is not found.`, 400);
      const other = Object.keys(input).filter((k) => k !== 'WorkGroup' && k !== 'ConfigurationUpdates');
      if (other.length) throw invalid(`The local endpoint's UpdateWorkGroup supports ConfigurationUpdates only, not ${other.join(', ')}`);
      const u = (input['ConfigurationUpdates'] ?? {}) as Record<string, unknown>;
      const supported = ['PublishCloudWatchMetricsEnabled', 'EnforceWorkGroupConfiguration', 'ResultConfigurationUpdates'];
      const unsupported = Object.keys(u).filter((k) => !supported.includes(k));
      if (unsupported.length) throw invalid(`The local endpoint's UpdateWorkGroup does not support ${unsupported.join(', ')}`);
      const r = (u['ResultConfigurationUpdates'] ?? {}) as { OutputLocation?: string; RemoveOutputLocation?: boolean; EncryptionConfiguration?: { EncryptionOption?: string; KmsKey?: string }; RemoveEncryptionConfiguration?: boolean };
      // Validate everything before changing anything: the update is all or nothing.
      if (r.EncryptionConfiguration && r.RemoveEncryptionConfiguration) throw invalid('EncryptionConfiguration and RemoveEncryptionConfiguration cannot both be specified.');
      if (r.OutputLocation !== undefined && r.RemoveOutputLocation) throw invalid('OutputLocation and RemoveOutputLocation cannot both be specified.');
      const enc = r.EncryptionConfiguration;
      if (enc) {
        if (enc.EncryptionOption !== 'SSE_S3' && enc.EncryptionOption !== 'SSE_KMS' && enc.EncryptionOption !== 'CSE_KMS') throw invalid(`EncryptionOption must be SSE_S3, SSE_KMS or CSE_KMS, not ${String(enc.EncryptionOption)}.`);
        if (enc.EncryptionOption !== 'SSE_S3' && !enc.KmsKey) throw invalid(`KmsKey is required for ${enc.EncryptionOption}.`);
      }
      if (r.OutputLocation !== undefined && !/^s3:\/\/[a-z0-9.-]{3,63}(\/.*)?$/.test(r.OutputLocation)) throw invalid(`OutputLocation ${r.OutputLocation} is not an s3:// location.`);
      const c = w.Configuration;
      if (typeof u['PublishCloudWatchMetricsEnabled'] === 'boolean') c.PublishCloudWatchMetricsEnabled = u['PublishCloudWatchMetricsEnabled'];
      if (typeof u['EnforceWorkGroupConfiguration'] === 'boolean') c.EnforceWorkGroupConfiguration = u['EnforceWorkGroupConfiguration'];
      if (u['ResultConfigurationUpdates']) {
        const result = { ...c.ResultConfiguration };
        if (r.OutputLocation !== undefined) result.OutputLocation = r.OutputLocation;
        if (r.RemoveOutputLocation) delete result.OutputLocation;
        if (enc) result.EncryptionConfiguration = { EncryptionOption: enc.EncryptionOption as 'SSE_S3' | 'SSE_KMS' | 'CSE_KMS', ...(enc.KmsKey ? { KmsKey: enc.KmsKey } : {}) };
        if (r.RemoveEncryptionConfiguration) delete result.EncryptionConfiguration;
        if (Object.keys(result).length) c.ResultConfiguration = result;
        else delete c.ResultConfiguration;
      }
      return {};
    },
  },
});

const invalid = (message: string) => new SimError('InvalidRequestException', message, 400);
