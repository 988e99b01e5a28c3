import { z } from "zod";

export const ENVIRONMENTS = ["dev", "staging", "prod"] as const;
export const environment = z.enum(ENVIRONMENTS);
export type Environment = z.infer<typeof environment>;

/** Environments whose data must survive a mistaken stack change. */
export function isProductionLike(env: Environment): boolean {
    return env !== "dev";
}

/** Every environment spreads over this many availability zones: one Kafka broker node group per zone. */
export const ZONE_COUNT = 3;

/** Adds a problem at `path` (relative to the project namespace) from inside a superRefine. */
export type Report = (path: ReadonlyArray<PropertyKey>, message: string) => void;
