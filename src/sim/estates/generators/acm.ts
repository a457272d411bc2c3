import { peekAcmState } from '../../services/acm/model.ts';
import { peekAcmPcaState } from '../../services/acmpca/model.ts';
import type { EstateAcmCertificate, EstatePrivateCa } from '../types.ts';
import { paths, places, Truth, type GeneratorPiece } from './types.ts';

/**
 * ACM and AWS Private CA: per place and index a certificate — imported with a 1024-bit RSA key or issued
 * with a strong one, in use by a load balancer or not, expiring within days (or expired) or in months — and
 * a certificate authority, root or subordinate, active or disabled.
 */
export const acm: GeneratorPiece = {
  name: 'acm',
  resourceTypes: ['aws.acm.certificate', 'aws.acm-pca.certificate-authority'],
  policies: ['aws-acm-certificate-expiring', 'aws-acm-certificate-weak-key', 'aws-acm-pca-root-ca-enabled'],
  // A certificate and a certificate authority per place and index.
  resources: (s) => 2 * s.accounts * s.regions * s.each,
  plan(ctx) {
    const { bad, pick } = ctx;
    const certs: EstateAcmCertificate[] = [];
    const cas: EstatePrivateCa[] = [];
    for (const { account, region } of places(ctx)) {
      for (let i = 0; i < ctx.spec.each; i++) {
        const weak = bad();
        const inUse = pick([true, false]);
        certs.push({
          account,
          region,
          domainName: `gen-${i}.example.com`,
          // ACM issues no 1024-bit keys: a weak certificate is an imported one.
          ...(weak ? { type: 'IMPORTED' as const, keyAlgorithm: 'RSA_1024' as const } : { keyAlgorithm: pick(['RSA_2048', 'RSA_4096', 'EC_prime256v1'] as const) }),
          // Far from the 30-day line on both sides, so that the scan's clock cannot move a certificate across it.
          expiresInDays: bad() ? pick([-3, 5, 12]) : pick([120, 300]),
          ...(inUse ? { inUseBy: [`arn:aws:elasticloadbalancing:${region}:${account}:loadbalancer/app/gen-alb-${i}/${(1e15 + i).toString(16)}`] } : {}),
        });
        cas.push({ account, region, commonName: `gen-ca-${i}`, type: pick(['ROOT', 'SUBORDINATE'] as const), status: bad() ? 'ACTIVE' : pick(['ACTIVE', 'DISABLED'] as const) });
      }
    }
    (ctx.doc.acmCertificates ??= []).push(...certs);
    (ctx.doc.privateCas ??= []).push(...cas);
    return {
      truth(world) {
        const truth = new Truth();
        for (const c of certs) {
          const arn = peekAcmState(world, c.account, c.region)!.certificates.find((x) => x.DomainName === c.domainName)!.CertificateArn;
          if (c.inUseBy && c.expiresInDays! < 30) truth.add('aws-acm-certificate-expiring', arn, c.account, c.region, paths('inUse', 'daysToExpiry'));
          if (c.keyAlgorithm === 'RSA_1024') truth.add('aws-acm-certificate-weak-key', arn, c.account, c.region, paths('keyAlgorithm'));
        }
        for (const c of cas) {
          const arn = peekAcmPcaState(world, c.account, c.region)!.authorities.find((x) => x.CertificateAuthorityConfiguration.Subject.CommonName === c.commonName)!.Arn;
          if (c.type === 'ROOT' && c.status === 'ACTIVE') truth.add('aws-acm-pca-root-ca-enabled', arn, c.account, c.region, paths('type', 'status'));
        }
        return truth.entries;
      },
    };
  },
};
