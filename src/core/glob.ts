/**
 * The one glob of mamori, as AWS writes them (IAM resources and actions, EC2 filter values, ECR's WILDCARD filter)
 * and as exclusions and policy selection use them: `*` matches any run of characters (including none, and including
 * `/`, `:` and `.`), with `anyChar` also `?` one character; every other character matches itself. Path globs
 * (minimatch, picomatch) stop `*` at `/`, which an ARN contains, so they do not fit.
 */
export type GlobMatcher = (s: string) => boolean;

export interface GlobOptions {
  /** `?` matches exactly one character (IAM policies, EC2 filters); otherwise it is literal. */
  anyChar?: boolean;
  /** Letters match either case (`service:Operation` patterns). */
  ignoreCase?: boolean;
}

/** Whether the pattern has a wildcard at all. */
export function isGlob(pattern: string, opts: GlobOptions = {}): boolean {
  return pattern.includes('*') || (opts.anyChar === true && pattern.includes('?'));
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The anchored regular expression of a glob. */
export function globToRegExp(pattern: string, opts: GlobOptions = {}): RegExp {
  let source = '';
  for (const ch of pattern) source += ch === '*' ? '.*' : ch === '?' && opts.anyChar ? '.' : escape(ch);
  return new RegExp(`^${source}$`, opts.ignoreCase ? 'si' : 's');
}

/** Compiles a glob once; exact names and `prefix*` patterns avoid regular expressions. */
export function compileGlob(pattern: string, opts: GlobOptions = {}): GlobMatcher {
  if (!opts.ignoreCase && !(opts.anyChar && pattern.includes('?'))) {
    const star = pattern.indexOf('*');
    if (star === -1) return (s) => s === pattern;
    if (star === pattern.length - 1) {
      const prefix = pattern.slice(0, -1);
      return (s) => s.startsWith(prefix);
    }
  }
  const re = globToRegExp(pattern, opts);
  return (s) => re.test(s);
}

/** One matcher for a list of alternatives. */
export function compileGlobs(patterns: readonly string[], opts: GlobOptions = {}): GlobMatcher {
  const matchers = patterns.map((p) => compileGlob(p, opts));
  if (matchers.length === 1) return matchers[0] as GlobMatcher;
  return (s) => matchers.some((m) => m(s));
}
