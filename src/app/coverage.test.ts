import { describe, expect, it } from 'vitest';
import { describeCoverage } from './coverage.ts';

const account = (i: number, regions = ['us-east-1']) => ({ id: String(100000000000 + i), name: `A${i}`, regions });

describe('describeCoverage', () => {
  it('names the accounts and the regions, singular and plural', () => {
    expect(describeCoverage({ accounts: [account(1)] })).toEqual({ covered: 'Covered 1 account × 1 region: 100000000001 A1; us-east-1' });
    expect(describeCoverage({ accounts: [account(1, ['eu-west-1']), account(2, ['us-east-1', 'eu-west-1'])] }).covered).toBe(
      'Covered 2 accounts × 2 regions: 100000000001 A1, 100000000002 A2; eu-west-1, us-east-1',
    );
  });

  it('shortens long lists, keeping the counts exact', () => {
    const regions = Array.from({ length: 10 }, (_, i) => `r-${i}`);
    const c = describeCoverage({ accounts: Array.from({ length: 9 }, (_, i) => account(i, regions)) }).covered;
    expect(c).toMatch(/^Covered 9 accounts × 10 regions: 100000000000 A0, .*100000000005 A5 and 3 more; r-0, .*r-7 and 2 more$/);
  });

  it('says when nothing was covered', () => {
    expect(describeCoverage({ accounts: [] }).covered).toBe('Covered no account (see the coverage gaps)');
  });

  it('tells the CLI and the console how to scan the members of an organization left out', () => {
    const summary = { accounts: [account(1)], organizationNotScanned: { activeAccounts: 2 } };
    expect(describeCoverage(summary).hint).toBe(
      'Only 100000000001 A1 was scanned, but it can list an organization of 2 active accounts: the other 1 account was not. To scan them: add --org --role-name ROLE (ROLE: a role mamori may assume in every account, e.g. OrganizationAccountAccessRole).',
    );
    expect(describeCoverage(summary, 'console').hint).toContain('To scan them: start mamori serve with --org --role-name ROLE');
  });
});
