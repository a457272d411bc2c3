/** Adversarial YAML documents from issue 9, shared by the parser's and the console's tests. */

/** ≈199 KB of YAML holding 25,041 unique keys: the adversarial document. */
export function adversarialYaml(): string {
  const lines: string[] = [];
  for (let i = 0; i < 25_041; i++) lines.push(`k${i.toString(36)}: 1`);
  return `${lines.join('\n')}\n`;
}

/** `&a [x,…]`, then levels of lists of aliases to the level before: a billion values from a few hundred bytes. */
export function aliasBomb(levels = 9, width = 10): string {
  const out = [`a0: &a0 [${Array.from({ length: width }, () => 'x').join(', ')}]`];
  for (let l = 1; l < levels; l++) out.push(`a${l}: &a${l} [${Array.from({ length: width }, () => `*a${l - 1}`).join(', ')}]`);
  return `${out.join('\n')}\n`;
}
