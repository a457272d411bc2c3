/**
 * The policy engine: load and validate policies, compile them once, evaluate them over an
 * inventory. Pure: no AWS SDK, no store; only the loader touches the file system.
 */
export { KNOWN_RESOURCE_TYPES, CONFIG_FIELDS, isKnownResourceType } from './resource-types.ts';
export type { KnownResourceType } from './resource-types.ts';

export { parsePolicy, validatePolicy, policySchema, RESPONSE_MODES } from './policy.ts';
export type { Policy, PolicyResponse, ResponseMode, ParsePolicyOptions, ResponseCheck } from './policy.ts';

export { loadBuiltinPolicies, loadPoliciesFromDir, loadPolicies, loadPolicyFile, listPolicyFiles, BUILTIN_POLICIES_DIR } from './loader.ts';
export type { LoadOptions } from './loader.ts';

export { FILTER_OPS, PATH_ROOTS, matchersUsed, summarize } from './condition.ts';
export type { Condition, FilterCondition, FilterOp, MatcherCondition } from './condition.ts';

export { compile, compilePolicy, requiredResourceTypes } from './compile.ts';
export type { CompiledPolicies, CompiledPolicy } from './compile.ts';

export { evaluate, evaluateEach } from './evaluate.ts';
export type { EvaluateEachOptions, EvaluateOptions, EvaluationResult, ExpiredExclusion } from './evaluate.ts';

export { selectPolicies } from './select.ts';
export type { PolicySelection } from './select.ts';

export {
  parseExclusions,
  collectExclusions,
  parseExclusionsYaml,
  policyExclusionSchema,
  globalExclusionSchema,
  exclusionMatchSchema,
  matchExclusion,
  expiryTime,
} from './exclusions.ts';
export type { Exclusion, ExclusionCriteria, ExclusionScope, RelatedCriterion, ParseExclusionsOptions } from './exclusions.ts';

// For loaders of other YAML files (global configuration) that want the same positioned errors.
export { parseYamlSource, locate, issueError, fromZod, formatPath, describeValue } from './source.ts';
export type { YamlSource, Issue, PathSegment } from './source.ts';
export { strictObject, oneOf, stringList, closest, didYouMean } from './zod-helpers.ts';
export { compileGlob, compileGlobs } from '../core/glob.ts';
export type { GlobMatcher } from '../core/glob.ts';
export { tryParseCidr, parseCidr, cidrContains } from '../core/cidr.ts';
export type { Cidr } from '../core/cidr.ts';

export { MATCHERS, getMatcher } from './filters/index.ts';
export type { Matcher, MatchFn } from './filters/index.ts';

export { UnknownDataError, NO_EVIDENCE } from './read.ts';
