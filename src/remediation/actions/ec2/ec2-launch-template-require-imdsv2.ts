import { DescribeLaunchTemplatesCommand, DescribeLaunchTemplateVersionsCommand, DeleteLaunchTemplateVersionsCommand, EC2Client, CreateLaunchTemplateVersionCommand, ModifyLaunchTemplateCommand } from '@aws-sdk/client-ec2';
import { z } from 'zod';
import { classifyAwsError } from '../../../aws/errors.ts';
import { MamoriError } from '../../../core/errors.ts';
import { canonical } from '../../compare.ts';
import { sdk } from '../../kit/sdk.ts';
import { defineAction, type ApiCall, type Plan } from '../../types.ts';

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };
type Options = Record<string, Json>;

/** A launch template's default version as far as this action is concerned. */
export interface TemplateState {
  defaultVersion: number;
  latestVersion: number;
  /** The $Default version's MetadataOptions as sent in a request (no `State`); null when it has none. */
  metadataOptions: Options | null;
  /** The rest of the $Default version's LaunchTemplateData: must stay exactly as it is in the new version. */
  otherData: Options;
}

const params = z.strictObject({});
/** The request members of MetadataOptions (the response adds `State`, which a request does not take). */
const REQUEST_MEMBERS = ['HttpTokens', 'HttpPutResponseHopLimit', 'HttpEndpoint', 'HttpProtocolIpv6', 'InstanceMetadataTags'];

const violates = (s: TemplateState) => s.metadataOptions?.['HttpEndpoint'] !== 'disabled' && s.metadataOptions?.['HttpTokens'] !== 'required';
const required = (s: TemplateState): Options => ({ ...(s.metadataOptions ?? {}), HttpTokens: 'required' });
const mdText = (md: Options | null) => (md ? REQUEST_MEMBERS.filter((k) => md[k] !== undefined).map((k) => `${k}=${String(md[k])}`).join(', ') : 'no MetadataOptions (AMI and account defaults apply)');

function keeps(s: TemplateState): string[] {
  const md = s.metadataOptions ?? {};
  return [
    ...REQUEST_MEMBERS.filter((k) => k !== 'HttpTokens' && md[k] !== undefined).map((k) => `MetadataOptions.${k} = ${String(md[k])}`),
    `every other member of version ${s.defaultVersion}'s data (${Object.keys(s.otherData).sort().join(', ') || 'none'})`,
    `versions 1-${s.latestVersion} unchanged`,
  ];
}

/**
 * ec2-launch-template-require-imdsv2: launch template versions cannot be changed, so the fix creates a new version
 * from the $Default one with MetadataOptions.HttpTokens=required (the other metadata options copied, every other
 * member inherited through SourceVersion) and makes it the default. The new version is also $Latest: anything
 * launching with $Latest gets it, which the plan says. Undo makes the previous version the default again and deletes
 * the version the fix created, so that $Default and $Latest name what they named before; it refuses when that
 * version is no longer the default (someone chose it, or another version, since).
 */
export const ec2LaunchTemplateRequireImdsv2 = defineAction<TemplateState, z.infer<typeof params>>({
  id: 'ec2-launch-template-require-imdsv2',
  title: 'Require IMDSv2 in a launch template (new default version)',
  description:
    'ec2:CreateLaunchTemplateVersion from the $Default version (SourceVersion) with LaunchTemplateData.MetadataOptions = its options with HttpTokens=required, then ec2:ModifyLaunchTemplate DefaultVersion = the new version; every other member of the data and every existing version stay. Undo: ec2:ModifyLaunchTemplate DefaultVersion = the previous default, then ec2:DeleteLaunchTemplateVersions of the version the fix created.',
  resourceTypes: ['aws.ec2.launch-template'],
  evidenceKinds: ['path'],
  sdk: [sdk(EC2Client, { CreateLaunchTemplateVersionCommand, ModifyLaunchTemplateCommand, DeleteLaunchTemplateVersionsCommand, DescribeLaunchTemplatesCommand, DescribeLaunchTemplateVersionsCommand })],
  permissions: ['ec2:CreateLaunchTemplateVersion', 'ec2:DeleteLaunchTemplateVersions', 'ec2:DescribeLaunchTemplateVersions', 'ec2:DescribeLaunchTemplates', 'ec2:ModifyLaunchTemplate'],
  params,
  reversible: true,

  fromResource: () => undefined,

  async capture(api, target) {
    const ec2 = api.client(EC2Client);
    let t;
    let v;
    try {
      t = (await ec2.send(new DescribeLaunchTemplatesCommand({ LaunchTemplateIds: [target.id] }))).LaunchTemplates?.[0];
      if (!t) return null;
      v = (await ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: target.id, Versions: ['$Default'] }))).LaunchTemplateVersions?.[0];
    } catch (e) {
      if (classifyAwsError(e).kind === 'not-found') return null;
      throw e;
    }
    if (t.DefaultVersionNumber === undefined || t.LatestVersionNumber === undefined || !v?.LaunchTemplateData) throw new Error(`DescribeLaunchTemplates/Versions returned no default version data for ${target.id}`);
    const { MetadataOptions: md, ...other } = JSON.parse(JSON.stringify(v.LaunchTemplateData)) as { MetadataOptions?: Options } & Options;
    const metadataOptions = md ? Object.fromEntries(REQUEST_MEMBERS.filter((k) => md[k] !== undefined).map((k) => [k, md[k]!])) : null;
    return { defaultVersion: t.DefaultVersionNumber, latestVersion: t.LatestVersionNumber, metadataOptions, otherData: other };
  },

  drift: (current) => (violates(current) ? undefined : `the default version ${current.defaultVersion} requires IMDSv2 or disables the metadata endpoint now`),

  plan(current, _evidence, _params, target): Plan {
    if (!violates(current)) return { calls: [], removes: [], keeps: keeps(current), notes: ['nothing violates'] };
    const next = current.latestVersion + 1;
    const calls: ApiCall[] = [
      {
        service: 'ec2',
        operation: 'CreateLaunchTemplateVersion',
        params: { LaunchTemplateId: target.id, SourceVersion: String(current.defaultVersion), VersionDescription: `IMDSv2 required (mamori, from version ${current.defaultVersion})`, LaunchTemplateData: { MetadataOptions: required(current) } },
        purpose: `copy version ${current.defaultVersion} with HttpTokens=required`,
      },
      { service: 'ec2', operation: 'ModifyLaunchTemplate', params: { LaunchTemplateId: target.id, DefaultVersion: String(next) }, purpose: `make the new version ${next} the default` },
    ];
    return {
      calls,
      removes: [`default version ${current.defaultVersion}: ${mdText(current.metadataOptions)} (becomes version ${next} with HttpTokens=required)`],
      keeps: keeps(current),
      notes: [
        `the new version ${next} is also $Latest${current.latestVersion !== current.defaultVersion ? `: launches naming $Latest get it instead of version ${current.latestVersion}` : ''}`,
        'instances already running keep their metadata options (ec2-require-imdsv2 changes those)',
      ],
    };
  },

  expected(before) {
    if (!violates(before)) return before;
    return { defaultVersion: before.latestVersion + 1, latestVersion: before.latestVersion + 1, metadataOptions: required(before), otherData: before.otherData };
  },

  diff(actual, expected) {
    const out: string[] = [];
    if (actual.defaultVersion !== expected.defaultVersion) out.push(`the default version is ${actual.defaultVersion}, expected ${expected.defaultVersion}`);
    if (actual.latestVersion !== expected.latestVersion) out.push(`the latest version is ${actual.latestVersion}, expected ${expected.latestVersion}`);
    if (canonical(actual.metadataOptions) !== canonical(expected.metadataOptions)) out.push(`the default version's metadata options are ${mdText(actual.metadataOptions)}, expected ${mdText(expected.metadataOptions)}`);
    if (canonical(actual.otherData) !== canonical(expected.otherData)) out.push("the default version's other launch data differs from the version it was made from");
    return out;
  },

  undo(before, after, current, target): Plan {
    // The version the fix created: the latest one right after it (also when a failed fix created it but did not make it the default).
    const created = after.latestVersion > before.latestVersion ? after.latestVersion : undefined;
    const calls: ApiCall[] = [];
    if (current.defaultVersion !== before.defaultVersion) {
      if (current.defaultVersion !== after.defaultVersion) {
        throw new MamoriError('REMEDIATION_REFUSED', `the default version is ${current.defaultVersion} now, not version ${after.defaultVersion} that the fix left: someone chose it since, so it is left as it is`);
      }
      calls.push({ service: 'ec2', operation: 'ModifyLaunchTemplate', params: { LaunchTemplateId: target.id, DefaultVersion: String(before.defaultVersion) }, purpose: `make version ${before.defaultVersion} the default again` });
    }
    if (created !== undefined && current.latestVersion >= created) {
      calls.push({ service: 'ec2', operation: 'DeleteLaunchTemplateVersions', params: { LaunchTemplateId: target.id, Versions: [String(created)] }, purpose: `delete version ${created}, which the fix created` });
    }
    if (!calls.length) return { calls: [], removes: [], keeps: keeps(current), notes: [`version ${before.defaultVersion} is the default and the fix left no version`] };
    return {
      calls,
      removes: [...(created !== undefined ? [`version ${created} (created by the fix), deleted`] : []), ...(current.defaultVersion !== before.defaultVersion ? [`default version ${current.defaultVersion} (back to ${before.defaultVersion})`] : [])],
      keeps: [`versions 1-${before.latestVersion} unchanged`],
      notes: [],
    };
  },

  expectedUndo(before, after, current) {
    const created = after.latestVersion > before.latestVersion ? after.latestVersion : undefined;
    return { ...before, latestVersion: created !== undefined && current.latestVersion === created ? before.latestVersion : current.latestVersion };
  },

  resultOf(call, output) {
    if (call.operation !== 'CreateLaunchTemplateVersion') return undefined;
    const v = (output['LaunchTemplateVersion'] as { VersionNumber?: number } | undefined)?.VersionNumber;
    return v === undefined ? undefined : { versionNumber: v };
  },
});
