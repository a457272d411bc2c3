import { classifyAwsError, describeAwsError } from '../aws/errors.ts';
import type { ReadErrors } from '../core/resource.ts';

/**
 * Read one detail of a resource. Not-found means the setting is absent (`null`); any other failure
 * leaves it unknown (`undefined`) and records why under `field`, so a policy reading it reports an
 * error instead of passing.
 */
export async function readDetail<T>(errors: ReadErrors, field: string, fn: () => Promise<T>, notFoundCodes: string[] = []): Promise<T | null | undefined> {
  try {
    return await fn();
  } catch (e) {
    const c = classifyAwsError(e);
    if (c.kind === 'not-found' || notFoundCodes.includes(c.code)) return null;
    errors[field] = describeAwsError(e);
    return undefined;
  }
}
