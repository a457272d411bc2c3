/**
 * AWS Private CA over awsJson 1.1, served from the committed model: ListCertificateAuthorities (MaxResults
 * 1–1000, `NextToken`, a forged token InvalidNextTokenException; ResourceOwner SELF or OTHER_ACCOUNTS —
 * this endpoint shares no CA across accounts). Tags are read in bulk through the tagging API.
 */
import { loadModel } from '../../models/index.ts';
import { modelPage, modelService } from '../../models/handler.ts';
import { SimError } from '../../types.ts';
import { peekAcmPcaState } from './model.ts';

const model = loadModel('acmpca');
const PAGE = { min: 1, max: 1000, default: 1000, tokenCode: 'InvalidNextTokenException' };

export const acmPca = modelService({
  model: 'acmpca',
  operations: {
    ListCertificateAuthorities(input, req, ctx) {
      const owner = input['ResourceOwner'];
      if (owner !== undefined && owner !== 'SELF' && owner !== 'OTHER_ACCOUNTS') throw new SimError('ValidationException', `ResourceOwner must be SELF or OTHER_ACCOUNTS, not ${String(owner)}`, 400);
      const all = owner === 'OTHER_ACCOUNTS' ? [] : (peekAcmPcaState(ctx.world, req.accountId, req.region)?.authorities ?? []);
      return modelPage(model, 'ListCertificateAuthorities', input, all.map(({ tags: _tags, ...wire }) => structuredClone(wire)), PAGE);
    },
  },
});
