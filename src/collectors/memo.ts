import type { CollectContext } from './types.ts';

/**
 * Reads shared by several collectors within one scan, made once per account and region: e.g. ECS's
 * ListClusters, which both the cluster and the service collectors need. One memo lives for one
 * collection run only, so that a later run (or a remediation's verification) reads afresh.
 */
export class RunMemo {
  private readonly entries = new Map<string, Promise<unknown>>();

  /** The memo seen from one account and region: what `CollectContext.shared` is. */
  scoped(account: string, region: string): NonNullable<CollectContext['shared']> {
    return <T>(key: string, load: () => Promise<T>): Promise<T> => {
      const full = `${account}|${region}|${key}`;
      let p = this.entries.get(full) as Promise<T> | undefined;
      if (!p) {
        // A failed read is shared too: every collector that needs it reports the same failure.
        p = load();
        this.entries.set(full, p);
      }
      return p;
    };
  }
}

/** `load()` once per account, region and key in a scan; called directly when the context has no memo (a collector run alone). */
export function sharedRead<T>(ctx: CollectContext, key: string, load: () => Promise<T>): Promise<T> {
  return ctx.shared ? ctx.shared(key, load) : load();
}
