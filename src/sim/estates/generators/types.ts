import type { World } from '../../world.ts';
import type { buildEstate } from '../build.ts';
import type { EstateAccount, EstateDoc } from '../types.ts';

/** Settings of the deterministic estate generator. Counts are per account × region (buckets: per account). */
export interface GeneratorSpec {
  seed: number;
  accounts: number;
  regions: number;
  groups: number;
  buckets: number;
  snapshots: number;
  /** How many of each other resource type (load balancers, instances, clusters, functions, …) per account × region. */
  each: number;
  /** Share of resources that get each kind of mistake (0..1). */
  violationRate: number;
}

/** One expected failing finding: the policy, the resource ARN and the exact evidence ids. */
export interface TruthEntry {
  policy: string;
  arn: string;
  account: string;
  region: string;
  evidence: string[];
}

export type Built = ReturnType<typeof buildEstate>;

/** What a piece gets to plan its part of one estate. */
export interface PlanContext {
  spec: GeneratorSpec;
  /** The piece's own seeded stream: adding a piece never changes what the others generate. */
  r: () => number;
  /** True with the spec's violation rate: whether this resource gets this mistake. */
  bad: () => boolean;
  pick: <T>(items: readonly T[]) => T;
  accounts: EstateAccount[];
  regions: string[];
  /** The estate document the piece adds its entries to. */
  doc: EstateDoc;
}

/** A piece's part of one estate, once planned into the document. */
export interface PiecePlan {
  /** What the estate document cannot say, done through the endpoint's model API on the built world. */
  afterBuild?(world: World, built: Built): void;
  /**
   * The failing findings the piece's resources must give, with the exact evidence ids. Computed from what
   * the piece planned (the world is read only for ids the endpoint assigns), never by running policies.
   */
  truth(world: World, built: Built): TruthEntry[];
}

/**
 * One resource type's (or a few related ones') share of a generated estate: correct and violating
 * resources, and the findings they must give. Registered by one line in `generators/index.ts`.
 */
export interface GeneratorPiece {
  name: string;
  resourceTypes: readonly string[];
  /** Every policy whose ground truth this piece gives; the meta-check wants each built-in policy in one piece. */
  policies: readonly string[];
  /** Resources a scan of the spec's estate sees of these types (the endpoint's defaults included). */
  resources(spec: GeneratorSpec): number;
  plan(ctx: PlanContext): PiecePlan;
}

/** Evidence ids of path conditions: `path:config.<field>`. */
export function paths(...fields: string[]): string[] {
  return fields.map((f) => `path:config.${f}`);
}

/** Collects truth entries; an entry with no evidence is no finding. */
export class Truth {
  readonly entries: TruthEntry[] = [];
  add(policy: string, arn: string, account: string, region: string, evidence: string[]): void {
    if (evidence.length) this.entries.push({ policy, arn, account, region, evidence });
  }
}

/** For every account and region of the plan, in order. */
export function* places(ctx: PlanContext): Generator<{ account: string; region: string; index: number }> {
  let index = 0;
  for (const a of ctx.accounts) for (const region of ctx.regions) yield { account: a.id, region, index: index++ };
}
