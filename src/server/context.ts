/**
 * What every route handler can reach: the store, how to reach AWS for scans and fixes, the policies (built-in,
 * custom directories, custom policies kept in the store) with their stored settings, and the scan runner.
 */
import type { ScanRecorder } from '../app/scan-recorder.ts';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { TargetOptions } from '../aws/accounts.ts';
import type { AwsSettings } from '../aws/clients.ts';
import type { MamoriConfig } from '../app/config.ts';
import { applyPolicySettings, storedCustomPolicies } from '../app/policy-settings.ts';
import { loadPolicies } from '../app/policies.ts';
import type { Policy } from '../engine/policy.ts';
import type { Notifier } from '../notify/notifier.ts';
import { listPolicySettings, type PolicySetting } from '../store/console.ts';
import type { Store } from '../store/index.ts';
import type { RateLimitOptions } from './auth.ts';
import { AnonymousAudit } from './audit.ts';
import { LoginLimiter, verifyPassword } from './auth.ts';

/** How scans and fixes started from the console reach AWS. */
export interface AwsTargetSettings {
  aws: AwsSettings;
  credentials?: AwsCredentialIdentityProvider;
  targets: TargetOptions;
}

export interface ConsoleOptions {
  store: Store;
  aws: AwsTargetSettings;
  /** mamori.yaml in effect: global exclusions, responses, remediation guards. */
  config: MamoriConfig;
  /** Directories of custom policies (`--policies-dir`). */
  policiesDirs?: string[];
  /** Running against the demo estate. */
  demo?: boolean;
  /** `always`: Secure cookies even over http (behind a TLS proxy that does not say so); `auto`: when the request is https. */
  secureCookies?: 'auto' | 'always';
  /** Trust X-Forwarded-* headers (behind a reverse proxy). */
  trustProxy?: boolean;
  rateLimit?: RateLimitOptions;
  /** The built console (web/dist); omitted: the API only. */
  webDir?: string;
  /** Idle session lifetime; default 12 hours. */
  sessionTtlMs?: number;
  logger?: boolean;
  /** Where server errors (5xx) are logged, one line each with the request id; default: stderr. */
  errorLog?: (line: string) => void;
  /** Audit entries older than this many days are deleted at start and every six hours (default 365). */
  keepAuditDays?: number;
  /** Sends notifications (default: built from config.notifications, none without it). */
  notifier?: Notifier;
  /** How often queued notifications are routed and due ones sent (default 2 s). */
  notifyIntervalMs?: number;
  /** How console and scheduled scans run and are recorded (default: in this process; `workers.scans`: through workers). */
  recordScan?: ScanRecorder;
}

export interface PolicyEntry {
  /** As loaded (the policy's own severity and mode). */
  base: Policy;
  /** With the stored settings applied; undefined when disabled. */
  effective?: Policy;
  setting?: PolicySetting;
  custom: boolean;
  source?: string;
}

/** Distinct client addresses per window whose failed sign-ins get audit rows of their own; the rest share one. */
const AUDIT_SOURCES_PER_WINDOW = 100;

export class ServerContext {
  readonly store: Store;
  readonly opts: ConsoleOptions;
  readonly limiter: LoginLimiter;
  /** Failed and refused sign-ins, aggregated so that a flood stays a few rows. */
  readonly anonymousAudit: AnonymousAudit;
  /** The password check of sign-in; a field so that tests can count how many attempts reach it. */
  verifyPassword: (password: string, stored: string) => Promise<boolean> = verifyPassword;
  private readonly fileBased: Policy[];
  /** Set by createConsole when notifications are configured. */
  notifier: Notifier | undefined;
  private notifyTimer: NodeJS.Timeout | undefined;
  private pumping: Promise<void> | undefined;
  private notifyStopped = false;
  private notifyIntervalMs = 2000;
  private notifyLog: (line: string) => void = () => {};

  constructor(opts: ConsoleOptions) {
    this.store = opts.store;
    this.opts = opts;
    this.limiter = new LoginLimiter(opts.rateLimit);
    const log = opts.errorLog ?? ((line: string) => void process.stderr.write(line));
    this.anonymousAudit = new AnonymousAudit(opts.store, {
      windowMs: this.limiter.opts.windowMs,
      maxSources: AUDIT_SOURCES_PER_WINDOW,
      onError: (e) => log(`mamori serve: ${new Date().toISOString()} could not record failed sign-ins in the audit trail: ${e instanceof Error ? e.message : String(e)}\n`),
    });
    this.fileBased = loadPolicies({ builtin: true, dirs: opts.policiesDirs ?? [] });
  }

  /**
   * Routes queued notifications and sends due ones every interval, one pump at a time, until stopped. A pump that
   * fails (the database is briefly unreachable) is logged and the next one tries again.
   */
  startNotifications(notifier: Notifier, intervalMs: number, log: (line: string) => void): void {
    this.notifier = notifier;
    this.notifyIntervalMs = intervalMs;
    this.notifyLog = log;
    this.scheduleNotifications(0);
  }

  /** Pump now rather than at the next interval (a dead letter was retried, a scan finished). */
  pokeNotifications(): void {
    if (this.notifier && !this.pumping) this.scheduleNotifications(0);
  }

  private scheduleNotifications(delay: number): void {
    if (this.notifyStopped || !this.notifier) return;
    clearTimeout(this.notifyTimer);
    this.notifyTimer = setTimeout(() => {
      this.pumping = this.notifier!
        .pump()
        .then(() => undefined)
        .catch((e: unknown) => this.notifyLog(`mamori serve: ${new Date().toISOString()} notifications: ${e instanceof Error ? e.message : String(e)}\n`))
        .finally(() => {
          this.pumping = undefined;
          this.scheduleNotifications(this.notifyIntervalMs);
        });
    }, delay);
    this.notifyTimer.unref();
  }

  /** Stops the loop after the pump in progress (what it sends is recorded before the store closes). */
  async stopNotifications(): Promise<void> {
    this.notifyStopped = true;
    clearTimeout(this.notifyTimer);
    await this.pumping;
  }

  get config(): MamoriConfig {
    return this.opts.config;
  }

  /** Built-in, directory and stored custom policies; a stored one that no longer parses is skipped. */
  async basePolicies(): Promise<{ policies: Policy[]; custom: Map<string, string> }> {
    const { policies, sources } = await storedCustomPolicies(this.store, this.fileBased);
    return { policies: [...this.fileBased, ...policies], custom: sources };
  }

  /** Every policy with its settings. */
  async policyEntries(): Promise<PolicyEntry[]> {
    const { policies, custom } = await this.basePolicies();
    const settings = await listPolicySettings(this.store.db);
    const byId = new Map(settings.map((s) => [s.policy, s]));
    return policies.map((p) => {
      const setting = byId.get(p.id);
      const [effective] = applyPolicySettings([p], setting ? [setting] : []);
      const entry: PolicyEntry = { base: p, custom: custom.has(p.id) };
      if (effective) entry.effective = effective;
      if (setting) entry.setting = setting;
      const src = custom.get(p.id);
      if (src !== undefined) entry.source = src;
      return entry;
    });
  }

  /** The enabled policies with their settings applied: what a scan from the console evaluates. */
  async effectivePolicies(): Promise<Policy[]> {
    return (await this.policyEntries()).flatMap((e) => (e.effective ? [e.effective] : []));
  }
}
