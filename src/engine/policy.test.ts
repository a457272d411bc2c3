import { describe, expect, it } from 'vitest';
import { isMamoriError } from '../core/index.ts';
import { parsePolicy } from './policy.ts';
import { MATCHERS } from './filters/index.ts';

const GOOD = `id: aws-ec2-sg-open-cifs-445
title: Security group exposes CIFS/SMB (445) to the internet
description: Finds open SMB.
severity: high
resource: aws.ec2.security-group
condition:
  matcher: ingress-open
  ports: [445]
  protocols: [tcp, udp]
`;

/** The one-line error for a bad policy, as the CLI prints it. */
function errorOf(text: string, file = 'bad.yaml'): string {
  try {
    parsePolicy(text, file);
  } catch (e) {
    if (isMamoriError(e)) {
      expect(e.code).toBe('POLICY_INVALID');
      return e.format();
    }
    throw e;
  }
  throw new Error('expected the policy to be refused');
}

describe('parsePolicy: a valid policy', () => {
  it('fills defaults for response, frameworks and exclusions and keeps matcher params', () => {
    const p = parsePolicy(GOOD, 'good.yaml');
    expect(p).toMatchObject({
      id: 'aws-ec2-sg-open-cifs-445',
      severity: 'high',
      resource: 'aws.ec2.security-group',
      frameworks: [],
      exclusions: [],
      response: { mode: 'notify', params: {} },
      condition: { matcher: 'ingress-open', params: { ports: [445], protocols: ['tcp', 'udp'], sources: ['0.0.0.0/0', '::/0'] } },
      file: 'good.yaml',
    });
  });

  it('accepts nested all/any/not with generic filters', () => {
    const p = parsePolicy(
      GOOD.replace(
        /condition:[\s\S]*$/,
        `condition:
  all:
    - matcher: ingress-open
      ports: [22]
    - not: {path: tags.Public, op: equals, value: "true"}
    - any:
        - {path: config.groupName, op: in, value: [web, default]}
        - {path: region, op: matches, value: "^eu-"}
`,
      ),
      'x.yaml',
    );
    expect(p.condition).toMatchObject({ all: [{ matcher: 'ingress-open' }, { not: { path: 'tags.Public' } }, { any: [{ op: 'in' }, { op: 'matches' }] }] });
  });
});

describe('parsePolicy: a bad policy gives one line with file:line:column of the offending node', () => {
  it('YAML syntax error', () => {
    // The usual slip: an unquoted colon in a text value.
    expect(errorOf(GOOD.replace('title: Security group', 'title: Note: security group'))).toBe(
      'bad.yaml:2:8: YAML syntax error: Nested mappings are not allowed in compact mappings',
    );
    expect(errorOf(GOOD.replace('ports: [445]', 'ports: [445]]'))).toBe('bad.yaml:8:15: YAML syntax error: Unexpected flow-seq-end token in YAML stream: "]"');
  });

  it('unknown key, reported before the missing key it explains', () => {
    expect(errorOf(GOOD.replace('severity: high', 'severty: high'))).toBe(
      'bad.yaml:4:1: unknown key "severty" in policy (expected one of: id, title, description, rationale, severity, resource, frameworks, remediation, response, condition, exclusions)',
    );
  });

  it('wrong type', () => {
    expect(errorOf(GOOD.replace('ports: [445]', 'ports: 445'))).toBe('bad.yaml:8:10: condition.ports: expected a list, got 445');
  });

  it('bad enum value', () => {
    expect(errorOf(GOOD.replace('severity: high', 'severity: hgih'))).toBe('bad.yaml:4:11: severity: expected one of critical, high, medium, low, info, got "hgih"; did you mean "high"?');
  });

  it('unknown resource type', () => {
    expect(errorOf(GOOD.replace('resource: aws.ec2.security-group', 'resource: aws.ec2.securitygroup'))).toBe(
      'bad.yaml:5:11: resource: unknown resource type "aws.ec2.securitygroup"; did you mean "aws.ec2.security-group"?',
    );
    expect(errorOf(GOOD.replace('resource: aws.ec2.security-group', 'resource: aws.ec2.gateway-thing'))).toMatch(
      /^bad\.yaml:5:11: resource: unknown resource type "aws\.ec2\.gateway-thing" \(the aws\.ec2 types: aws\.ec2\.security-group, aws\.ec2\.instance/,
    );
    expect(errorOf(GOOD.replace('resource: aws.ec2.security-group', 'resource: gcp.compute.firewall'))).toContain('(docs/policy-language.md lists the resource types and their fields)');
  });

  it('unknown matcher name: the near misses, not the whole registry', () => {
    expect(errorOf(GOOD.replace('matcher: ingress-open', 'matcher: ingres-open'))).toBe('bad.yaml:7:12: condition.matcher: unknown matcher "ingres-open"; did you mean "ingress-open"?');
  });

  it('unknown matcher name with no near miss: the matchers of the policy\'s resource type', () => {
    const forType = [...MATCHERS.values()].filter((m) => m.resourceTypes.includes('aws.ec2.security-group')).map((m) => m.name);
    const message = errorOf(GOOD.replace('matcher: ingress-open', 'matcher: quantum-firewall'));
    expect(message).toBe(
      `bad.yaml:7:12: condition.matcher: unknown matcher "quantum-firewall" (the matchers for aws.ec2.security-group: ${forType.join(', ')}; docs/policy-language.md lists every matcher)`,
    );
    expect(forType).toContain('ingress-open');
  });

  it('unknown matcher parameter', () => {
    expect(errorOf(GOOD.replace('protocols:', 'protocol:'))).toBe(
      'bad.yaml:9:3: condition: unknown key "protocol" in matcher ingress-open (expected one of: matcher, ports, protocols, sources, allPorts, authorizedTcpPorts)',
    );
  });

  it('a matcher for another resource type', () => {
    expect(errorOf(GOOD.replace('matcher: ingress-open', 'matcher: rds-snapshot-public'))).toBe(
      'bad.yaml:7:12: condition.matcher: matcher "rds-snapshot-public" applies to aws.rds.db-snapshot, aws.rds.db-cluster-snapshot, aws.neptune.cluster-snapshot, aws.docdb.cluster-snapshot, not aws.ec2.security-group',
    );
  });

  it('a bad value deep inside a condition', () => {
    const text = GOOD.replace(/condition:[\s\S]*$/, 'condition:\n  any:\n    - matcher: ingress-open\n      ports: [22, "445-400"]\n');
    expect(errorOf(text)).toBe('bad.yaml:9:19: condition.any[0].ports[1]: expected a port range within 0-65535 with from <= to, got "445-400"');
  });

  it('an unknown key in a condition node', () => {
    expect(errorOf(GOOD.replace(/condition:[\s\S]*$/, 'condition:\n  alll:\n    - {path: region, op: exists}\n'))).toBe(
      'bad.yaml:7:3: condition: unknown key "alll" in condition (expected all, any, not, a filter {path, op, value} or a matcher {matcher, ...})',
    );
  });

  it('a filter on a config field the resource type does not have', () => {
    expect(errorOf(GOOD.replace(/condition:[\s\S]*$/, 'condition:\n  path: config.groupNme\n  op: exists\n'))).toBe(
      'bad.yaml:7:9: condition.path: unknown field "groupNme" for aws.ec2.security-group (expected one of: groupId, groupName, description, vpcId, ownerId, ingress, egress)',
    );
  });

  it('a filter op that needs a value', () => {
    expect(errorOf(GOOD.replace(/condition:[\s\S]*$/, 'condition:\n  path: region\n  op: equals\n'))).toBe('bad.yaml:8:7: condition.op: op equals needs a value');
  });

  it('a missing required key points at the mapping that lacks it', () => {
    expect(errorOf(GOOD.replace(/condition:[\s\S]*$/, ''))).toBe('bad.yaml:1:1: missing required key "condition"');
  });

  it('a response that would act without an action', () => {
    expect(errorOf(`${GOOD}response:\n  mode: auto\n`)).toBe('bad.yaml:11:9: response.mode: mode auto needs an action to approve or apply');
  });

  it('a global-only key in a policy exclusion', () => {
    expect(errorOf(`${GOOD}exclusions:\n  - reason: test accounts\n    policies: ["*"]\n    match: {account: Test}\n`)).toBe(
      'bad.yaml:12:5: exclusions[0]: unknown key "policies" in policy exclusion (expected one of: id, reason, owner, expires, match)',
    );
  });

  it('a document that is not a mapping', () => {
    expect(errorOf('- id: x\n')).toBe('bad.yaml:1:1: expected a mapping, got a list');
  });

  it('a duplicate key', () => {
    expect(errorOf(`${GOOD}severity: low\n`)).toBe('bad.yaml:10:1: duplicate key "severity" (first at line 4)');
  });
});
