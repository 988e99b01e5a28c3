import { z } from "zod";

export const ENVIRONMENTS = ["dev", "staging", "prod", "local"] as const;
export const environment = z.enum(ENVIRONMENTS);
export type Environment = z.infer<typeof environment>;

/** The environments that run on AWS (a VPC, EKS, IAM, S3); `local` runs on an existing laptop cluster instead. */
export const AWS_ENVIRONMENTS = ["dev", "staging", "prod"] as const;
export type AwsEnvironment = (typeof AWS_ENVIRONMENTS)[number];

/** Environments whose data must survive a mistaken stack change. */
export function isProductionLike(env: Environment): boolean {
    return env === "staging" || env === "prod";
}

/** Every AWS environment spreads over this many availability zones: one Kafka broker node group per zone. */
export const ZONE_COUNT = 3;

/** Adds a problem at `path` (relative to the project namespace) from an environment or cross-section rule. */
export type Report = (path: ReadonlyArray<PropertyKey>, message: string) => void;
