/** "1 policy", "2 policies": a count with its noun in the right number. */
export function plural(n: number, singular: string, pluralForm?: string): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? singular : (pluralForm ?? pluralOf(singular))}`;
}

/** The regular English plural of a noun (policy → policies, fix → fixes, run → runs). */
export function pluralOf(word: string): string {
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(word)) return `${word}es`;
  return `${word}s`;
}
