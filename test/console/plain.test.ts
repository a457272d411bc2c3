/** The console's plain-language texts (web/src/components/plain.ts): exclusion criteria, matches, audit details, counts. */
import { describe, expect, it } from 'vitest';
import { detailsText, matchedText, matchText, modeSourceText, plural, typeName } from '../../web/src/components/plain.ts';

describe('exclusion criteria as a sentence', () => {
  it('says "used by an EC2 instance tagged CASB-Audit=No" for a related-tags criterion', () => {
    expect(matchText({ related: [{ type: 'aws.ec2.instance', tags: { 'CASB-Audit': ['No'] } }] })).toBe('Resources used by an EC2 instance tagged CASB-Audit=No');
  });

  it('joins accounts, regions, resources and tags, lists with "or"', () => {
    expect(matchText({ account: ['Test'] })).toBe('Resources in account Test');
    expect(matchText({ account: ['Test', 'Sandbox'], region: ['eu-west-1'], tags: { env: ['dev', 'test'] } })).toBe('Resources in account Test or Sandbox, in region eu-west-1, tagged env=dev or test');
    expect(matchText({ resource: ['sg-1*'] })).toBe('Resources resource sg-1*');
  });

  it('names what an exclusion matched on a finding', () => {
    expect(matchedText('related aws.ec2.instance i-0abc tag CASB-Audit=No')).toBe('used by an EC2 instance (i-0abc) tagged CASB-Audit=No');
    expect(matchedText('account name Test')).toBe('in the account named Test');
    expect(matchedText('account 111111111111, region eu-west-1, tags a=b, c=d')).toBe('in account 111111111111, in region eu-west-1, tagged a=b, c=d');
  });
});

describe('words for types, modes, counts and audit details', () => {
  it('resource types', () => {
    expect(typeName('aws.ec2.security-group')).toBe('EC2 security group');
    expect(typeName('aws.rds.db-cluster-snapshot')).toBe('RDS DB cluster snapshot');
    expect(typeName('aws.s3.bucket')).toBe('S3 bucket');
  });

  it('where the response mode comes from', () => {
    expect(modeSourceText({ mode: 'off', source: 'account', accounts: ['Test'] })).toBe('an account override in mamori.yaml (accounts Test)');
    expect(modeSourceText({ mode: 'notify', source: 'policy' })).toBe('the policy’s own default');
  });

  it('plurals', () => {
    expect(plural(1, 'policy')).toBe('1 policy');
    expect(plural(2, 'policy')).toBe('2 policies');
    expect(plural(2, 'fix')).toBe('2 fixes');
    expect(plural(1, 'violating part')).toBe('1 violating part');
  });

  it('audit details without JSON', () => {
    const text = detailsText({ before: { enabled: true, mode: null }, after: { enabled: true, mode: 'approve' }, reason: 'review' });
    expect(text).toBe('from enabled true, mode none to enabled true, mode approve; reason: review');
    expect(detailsText({ match: { related: [{ type: 'aws.ec2.instance', tags: { 'CASB-Audit': ['No'] } }] }, policy: 'p' })).toBe('match: resources used by an EC2 instance tagged CASB-Audit=No; policy: p');
    expect(detailsText(undefined)).toBe('');
  });
});
