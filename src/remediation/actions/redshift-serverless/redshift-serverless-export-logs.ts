import { GetNamespaceCommand, RedshiftServerlessClient, UpdateNamespaceCommand } from '@aws-sdk/client-redshift-serverless';
import { sdk } from '../../kit/sdk.ts';
import { settingAction, type Settings } from '../../kit/setting.ts';
import type { AwsApi } from '../../types.ts';

/** The logs FSBP RedshiftServerless.6 requires; useractivitylog is kept when present, never added. */
const REQUIRED = ['connectionlog', 'userlog'];

/** The namespace's settings as GetNamespace returns them; `null` when it no longer exists. */
export async function readNamespace(api: AwsApi, name: string): Promise<Settings | null> {
  const r = await api.client(RedshiftServerlessClient).send(new GetNamespaceCommand({ namespaceName: name }));
  const n = r.namespace;
  if (!n) return null;
  return { logExports: [...(n.logExports ?? [])], adminUsername: n.adminUsername ?? null, dbName: n.dbName ?? null, status: n.status ?? null };
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** redshift-serverless-export-logs: the namespace exports its connection and user logs to CloudWatch Logs. */
export const redshiftServerlessExportLogs = settingAction({
  id: 'redshift-serverless-export-logs',
  title: 'Export Redshift Serverless connection and user logs',
  description:
    'redshift-serverless:UpdateNamespace with logExports = the types already exported plus connectionlog and userlog (whichever is missing); useractivitylog stays as it is, the admin user, database and keys are not sent. Undo: UpdateNamespace with the previous logExports.',
  resourceType: 'aws.redshift-serverless.namespace',
  sdk: [sdk(RedshiftServerlessClient, { UpdateNamespaceCommand, GetNamespaceCommand }, { iam: 'redshift-serverless' })],
  settings: ['logExports'],
  read: (api, target) => readNamespace(api, target.id),
  fromResource(r) {
    const logs = r.config['logExports'];
    return Array.isArray(logs) ? { logExports: list(logs) } : undefined;
  },
  violations: (s) => {
    const missing = REQUIRED.filter((t) => !list(s['logExports']).includes(t));
    return missing.length ? [`logExports lacks ${missing.join(' and ')}`] : [];
  },
  fix: (s) => {
    const current = list(s['logExports']);
    return { logExports: [...current, ...REQUIRED.filter((t) => !current.includes(t))] };
  },
  write: (values, _current, target) => ({
    operation: 'UpdateNamespace',
    params: { namespaceName: target.id, logExports: values['logExports'] },
    purpose: `export ${list(values['logExports']).join(', ') || 'no logs'}`,
  }),
});
