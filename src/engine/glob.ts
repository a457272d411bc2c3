/**
 * Globs as used in exclusions and policy selection: `*` matches any run of characters (including
 * none, and including `/`, `:` and `.`), every other character matches itself.
 */
export type GlobMatcher = (s: string) => boolean;

export function isGlob(pattern: string): boolean {
  return pattern.includes('*');
}

/** Compiles a glob once; exact names and `prefix*` patterns avoid regular expressions. */
export function compileGlob(pattern: string): GlobMatcher {
  const star = pattern.indexOf('*');
  if (star === -1) return (s) => s === pattern;
  if (star === pattern.length - 1) {
    const prefix = pattern.slice(0, -1);
    return (s) => s.startsWith(prefix);
  }
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  const re = new RegExp(`^${source}$`, 's');
  return (s) => re.test(s);
}

/** One matcher for a list of alternatives. */
export function compileGlobs(patterns: readonly string[]): GlobMatcher {
  const matchers = patterns.map(compileGlob);
  if (matchers.length === 1) return matchers[0] as GlobMatcher;
  return (s) => matchers.some((m) => m(s));
}
