/**
 * Polls `f` every 25 ms until it returns something truthy (returned) or `ms` pass (an error naming what was awaited,
 * with `context()` — e.g. the log so far — to see why).
 */
export async function waitFor<T>(what: string, f: () => T | undefined | false | Promise<T | undefined | false>, o: { ms: number; context?: () => string }): Promise<T> {
  const end = Date.now() + o.ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${o.context ? `; ${o.context()}` : ''}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
