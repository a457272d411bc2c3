import type { Command } from '../command.ts';

/** A verb of the CLI; its module is loaded only when it runs, so `mamori sim` or `--help` start fast. */
export interface CommandEntry {
  name: string;
  summary: string;
  load: () => Promise<Command>;
}

/** Every verb of the CLI, in the order `mamori --help` lists them. */
export const COMMANDS: CommandEntry[] = [
  { name: 'demo', summary: 'scan a fictional company (local AWS endpoint, no AWS account needed) and show the findings', load: async () => (await import('./demo.ts')).demoCommand },
  { name: 'scan', summary: 'scan AWS accounts and report what violates which policy, down to the violating parts', load: async () => (await import('./scan.ts')).scanCommand },
  { name: 'findings', summary: 'list stored findings with their lifecycle (new, open, resolved, reopened, excluded, error)', load: async () => (await import('./findings.ts')).findingsCommand },
  { name: 'diff', summary: 'what changed between scans: new, resolved and reopened findings', load: async () => (await import('./diff.ts')).diffCommand },
  { name: 'runs', summary: 'past scans and other runs, newest first; --keep-runs N cleans up old history', load: async () => (await import('./runs.ts')).runsCommand },
  { name: 'policies', summary: 'list, show and validate policies (built-in and custom)', load: async () => (await import('./policies.ts')).policiesCommand },
  { name: 'fix', summary: 'plan the fixes for what a scan finds (exact API calls, what stays) and, with --apply, make them', load: async () => (await import('./fix.ts')).fixCommand },
  { name: 'approve', summary: 'approve (and apply) or --reject remediation plans that wait for approval', load: async () => (await import('./approve.ts')).approveCommand },
  { name: 'history', summary: 'the remediation journal: every planned, applied, verified, failed and undone change', load: async () => (await import('./history.ts')).historyCommand },
  { name: 'undo', summary: 'put back exactly what a remediation removed (refuses when the resource changed since, unless --force)', load: async () => (await import('./undo.ts')).undoCommand },
  { name: 'iam-policy', summary: 'print the least-privilege IAM policy for scanning (--scan) and/or fixing (--remediate)', load: async () => (await import('./iam-policy.ts')).iamPolicyCommand },
  { name: 'watch', summary: 'event-driven protection: re-read and fix what a write just changed, seconds after it (SQS queue of CloudTrail events)', load: async () => (await import('./watch.ts')).watchCommand },
  { name: 'notifications', summary: 'notification deliveries (pending, sent, dead letters), send a test message, retry', load: async () => (await import('./notifications.ts')).notificationsCommand },
  { name: 'events', summary: 'set up (or remove) CloudTrail event delivery to a central SQS queue for event-driven protection', load: async () => (await import('./events.ts')).eventsCommand },
  { name: 'schedules', summary: 'scheduled scans: list them (next and last run), run one now, or run them all until stopped', load: async () => (await import('./schedules.ts')).schedulesCommand },
  { name: 'serve', summary: 'the web console and its API (sign-in, findings, policies, exclusions, approvals, scans)', load: async () => (await import('./serve.ts')).serveCommand },
  { name: 'users', summary: 'console users and API tokens: add, list, remove, passwd, token', load: async () => (await import('./users.ts')).usersCommand },
  { name: 'worker', summary: 'run the jobs of distributed scans (scan --distribute) from the PostgreSQL store until stopped', load: async () => (await import('./worker.ts')).workerCommand },
  { name: 'sim', summary: 'run the local AWS endpoint (test and demo stand-in for AWS) in the foreground', load: async () => (await import('./sim.ts')).simCommand },
];
