/**
 * IAM action patterns: `*` matches any run of characters, `?` one character, case-insensitively
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html).
 */

/** True when some action name matches both patterns, e.g. `s3:Get*` and `*Object`. */
export function patternsIntersect(a: string, b: string): boolean {
  const p = a.toLowerCase();
  const q = b.toLowerCase();
  const memo = new Map<number, boolean>();
  const width = q.length + 1;
  const go = (i: number, j: number): boolean => {
    const key = i * width + j;
    const cached = memo.get(key);
    if (cached !== undefined) return cached;
    let result = false;
    if (i === p.length && j === q.length) result = true;
    else if (i < p.length && p[i] === '*' && go(i + 1, j)) result = true;
    else if (j < q.length && q[j] === '*' && go(i, j + 1)) result = true;
    else if (i < p.length && j < q.length) {
      const pc = p[i];
      const qc = q[j];
      if (pc === '*') result = go(i, j + 1);
      else if (qc === '*') result = go(i + 1, j);
      else if (pc === '?' || qc === '?' || pc === qc) result = go(i + 1, j + 1);
    }
    memo.set(key, result);
    return result;
  };
  return go(0, 0);
}

/**
 * True when `pattern` matches every action that `family` matches. Decided exactly for the shapes
 * that occur in practice (a literal, or a literal prefix followed by `*`); anything else is
 * answered "no", which errs towards reporting a statement as public.
 */
export function patternCovers(pattern: string, family: string): boolean {
  const p = pattern.toLowerCase();
  const f = family.toLowerCase();
  if (p === f) return true;
  const pStar = p.indexOf('*');
  if (p.includes('?') || pStar !== p.length - 1) return false;
  const prefix = p.slice(0, -1);
  const fWild = f.search(/[*?]/);
  const fLiteral = fWild === -1 ? f : f.slice(0, fWild);
  return fLiteral.startsWith(prefix);
}
