import { ec2NetworkTruth } from '../ec2-network-truth.ts';
import { generatedNetwork } from '../ec2-network.ts';
import type { EstateDoc } from '../types.ts';
import type { GeneratorPiece } from './types.ts';

/** The security-group policies of the EC2 network family: their truth is given by the security-groups piece. */
export const NETWORK_SG_POLICIES = ['aws-ec2-default-sg-allows-traffic', 'aws-ec2-sg-high-risk-ports-open', 'aws-ec2-sg-open-all-ports', 'aws-ec2-sg-unauthorized-open-ports'];

/**
 * The EC2 network: in every account and Region a workload VPC `gen-net` (flow logs, interface endpoints, a public
 * subnet, network ACLs, an appliance interface, a peering between the first two Regions; see
 * `generatedNetwork`), beside the default VPC the endpoint creates, and VPC Block Public Access in every third
 * account. The truth is read from what was built, over every VPC, subnet, ACL, route table and interface.
 */
export const ec2Network: GeneratorPiece = {
  name: 'ec2-network',
  resourceTypes: ['aws.ec2.vpc', 'aws.ec2.subnet', 'aws.ec2.network-acl', 'aws.ec2.network-interface', 'aws.ec2.route-table'],
  policies: [
    'aws-ec2-vpc-flow-logs-disabled',
    'aws-ec2-vpc-no-ec2-endpoint',
    'aws-ec2-vpc-no-ecr-api-endpoint',
    'aws-ec2-vpc-no-ecr-dkr-endpoint',
    'aws-ec2-vpc-no-ssm-endpoint',
    'aws-ec2-vpc-no-ssm-contacts-endpoint',
    'aws-ec2-vpc-no-ssm-incidents-endpoint',
    'aws-ec2-nacl-remote-admin-open',
    'aws-ec2-nacl-unused',
    'aws-ec2-eni-source-dest-check-off',
    'aws-ec2-vpc-peering-routes-too-broad',
    'aws-ec2-subnet-auto-public-ip',
  ],
  // Per account and Region: the default VPC, its three subnets, default ACL and main route table (6); `gen-net`,
  // its default security group, two subnets, default and own ACL, main route table and interface (8), and a
  // peering route table when there are two Regions or more; in the first Region an unused ACL.
  resources: (s) => s.accounts * s.regions * (6 + 8 + (s.regions > 1 ? 1 : 0)) + s.accounts,
  plan(ctx) {
    ctx.accounts.forEach((account, a) => {
      ctx.regions.forEach((region, r) => {
        const net = generatedNetwork(account.id, a, region, r, ctx.regions);
        (ctx.doc.vpcs ??= []).push(net.vpc);
        if (net.bpa) (ctx.doc.vpcBlockPublicAccess ??= []).push(net.bpa);
      });
    });
    const doc: EstateDoc = ctx.doc;
    return { truth: (world) => ec2NetworkTruth(doc, world).filter((e) => !NETWORK_SG_POLICIES.includes(e.policy) && e.policy !== 'aws-ec2-vpc-bpa-igw-not-blocked') };
  },
};
