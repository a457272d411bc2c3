/**
 * AWS Certificate Manager over awsJson 1.1, served from the committed model: ListCertificates (MaxItems
 * 1–1000, `NextToken`, CertificateStatuses, and Includes.keyTypes — without it only RSA_1024 and RSA_2048
 * certificates are listed, as the API reference says). Tags are read in bulk through the tagging API.
 */
import { loadModel } from '../../models/index.ts';
import { modelPage, modelService } from '../../models/handler.ts';
import { SimError } from '../../types.ts';
import { KEY_ALGORITHMS, peekAcmState } from './model.ts';

const model = loadModel('acm');
const PAGE = { min: 1, max: 1000, default: 1000, tokenCode: 'InvalidArgsException' };
/** "Default filtering returns only RSA_1024 and RSA_2048 certificates." */
const DEFAULT_KEY_TYPES = ['RSA_1024', 'RSA_2048'];

export const acm = modelService({
  model: 'acm',
  operations: {
    ListCertificates(input, req, ctx) {
      const keyTypes = ((input['Includes'] as { keyTypes?: string[] } | undefined)?.keyTypes ?? DEFAULT_KEY_TYPES);
      const unknown = keyTypes.find((k) => !(KEY_ALGORITHMS as readonly string[]).includes(k));
      if (unknown) throw new SimError('ValidationException', `1 validation error detected: Value '${unknown}' at 'includes.keyTypes' failed to satisfy constraint: Member must satisfy enum value set: [${KEY_ALGORITHMS.join(', ')}]`, 400);
      const statuses = input['CertificateStatuses'] as string[] | undefined;
      const listed = (peekAcmState(ctx.world, req.accountId, req.region)?.certificates ?? []).filter((c) => keyTypes.includes(c.KeyAlgorithm) && (!statuses?.length || statuses.includes(c.Status)));
      const summaries = listed.map((c) => ({
        CertificateArn: c.CertificateArn,
        DomainName: c.DomainName,
        SubjectAlternativeNameSummaries: [...c.SubjectAlternativeNames],
        HasAdditionalSubjectAlternativeNames: false,
        Status: c.Status,
        Type: c.Type,
        KeyAlgorithm: c.KeyAlgorithm,
        KeyUsages: ['DIGITAL_SIGNATURE', 'KEY_ENCIPHERMENT'],
        ExtendedKeyUsages: ['TLS_WEB_SERVER_AUTHENTICATION', 'TLS_WEB_CLIENT_AUTHENTICATION'],
        InUse: c.InUseBy.length > 0,
        Exported: false,
        RenewalEligibility: c.RenewalEligibility,
        ...(c.NotBefore ? { NotBefore: c.NotBefore } : {}),
        ...(c.NotAfter ? { NotAfter: c.NotAfter } : {}),
        CreatedAt: c.CreatedAt,
        ...(c.Type === 'IMPORTED' ? { ImportedAt: c.CreatedAt } : c.NotBefore ? { IssuedAt: c.NotBefore } : {}),
      }));
      return modelPage(model, 'ListCertificates', input, summaries, PAGE);
    },
  },
});
