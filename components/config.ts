import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ConfigError, ConfigProblem, keyPath, PROJECT, problemsFromZod, valueAt } from "./config/errors";
import { Environment, ENVIRONMENTS, environment, Report } from "./config/environment";
import { awsRegion, awsTags } from "./config/primitives";
import { checkNetwork, NetworkConfig, networkDefaults, networkSchema, toNetworkConfig } from "./config/network";
import { checkCluster, CLUSTER_DEFAULTS, ClusterConfig, clusterSchema } from "./config/cluster";
import { ArchiveConfig, archiveDefaults, archiveSchema, checkArchive } from "./config/archive";

export { ConfigError, PROJECT } from "./config/errors";
export type { ConfigProblem } from "./config/errors";
export type { Environment } from "./config/environment";
export type { NetworkConfig } from "./config/network";
export type { ClusterConfig, NodeGroupConfig } from "./config/cluster";
export type { ArchiveConfig, ArchivePlugin } from "./config/archive";

/** The whole stack config as written under `kafka-platform:` in Pulumi.<stack>.yaml. */
const stackSchema = z.strictObject({
    environment,
    region: awsRegion,
    tags: awsTags,
    network: networkSchema,
    cluster: clusterSchema,
    archive: archiveSchema,
});

type StackInput = z.infer<typeof stackSchema>;

/** The one typed object every component reads. */
export interface Config {
    project: string;
    stack: string;
    environment: Environment;
    region: string;
    /** Tags applied to every AWS resource (through the provider's default tags). */
    tags: Record<string, string>;
    network: NetworkConfig;
    cluster: ClusterConfig;
    archive: ArchiveConfig;
}

function profileDefaults(env: Environment, raw: Record<string, unknown>): Record<string, unknown> {
    return {
        tags: {},
        network: networkDefaults(env, raw.network),
        cluster: CLUSTER_DEFAULTS[env],
        archive: archiveDefaults(env, raw.archive),
    };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Stack values win; objects merge key by key; arrays and scalars replace the default whole. */
export function mergeDefaults(defaults: unknown, value: unknown): unknown {
    if (value === undefined) {
        return defaults;
    }
    if (isPlainObject(defaults) && isPlainObject(value)) {
        const out: Record<string, unknown> = { ...defaults };
        for (const [k, v] of Object.entries(value)) {
            out[k] = mergeDefaults(defaults[k], v);
        }
        return out;
    }
    return value;
}

/**
 * Rules that need more than one key or depend on the environment. Each runs when the sections it
 * reads are valid on their own, so a type error elsewhere does not hide an unsafe override here.
 */
interface Rule<K extends keyof StackInput> {
    sections: readonly K[];
    check(input: Pick<StackInput, K>, env: Environment, report: Report): void;
}

function rule<K extends keyof StackInput>(sections: readonly K[], check: Rule<K>["check"]): Rule<keyof StackInput> {
    return { sections, check } as unknown as Rule<keyof StackInput>;
}

const RULES: Rule<keyof StackInput>[] = [
    rule(["network"], (i, env, report) => checkNetwork(i.network, env, report)),
    rule(["cluster"], (i, env, report) => checkCluster(i.cluster, env, report)),
    rule(["archive"], (i, env, report) => checkArchive(i.archive, env, report)),
];

function checkRules(merged: Record<string, unknown>, env: Environment): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const valid: Partial<StackInput> = {};
    for (const [key, schema] of Object.entries(stackSchema.shape)) {
        const r = (schema as z.ZodType).safeParse(merged[key]);
        if (r.success) {
            (valid as Record<string, unknown>)[key] = r.data;
        }
    }
    for (const r of RULES) {
        if (r.sections.every((s) => s in valid)) {
            r.check(valid as StackInput, env, (path, message) =>
                problems.push({ path: keyPath(path), message, value: valueAt(merged, path) }),
            );
        }
    }
    return problems;
}

/**
 * Validates raw stack values (already JSON-decoded, without the project prefix) against the schema
 * after applying the environment's profile. Throws one ConfigError listing every problem.
 */
export function parseConfig(raw: Record<string, unknown>, stack: string, project: string = PROJECT): Config {
    const env = environment.safeParse(raw.environment);
    if (!env.success) {
        throw new ConfigError([
            {
                path: "environment",
                message: `must be one of: ${ENVIRONMENTS.join(", ")} (it selects the profile of defaults)`,
                value: raw.environment,
            },
        ]);
    }
    const merged = mergeDefaults(profileDefaults(env.data, raw), raw) as Record<string, unknown>;
    const parsed = stackSchema.safeParse(merged);
    const problems = [
        ...(parsed.success ? [] : problemsFromZod(parsed.error, merged, stackSchema)),
        ...checkRules(merged, env.data),
    ];
    if (!parsed.success || problems.length > 0) {
        throw new ConfigError(problems);
    }
    const input = parsed.data;
    return {
        project,
        stack,
        environment: input.environment,
        region: input.region,
        tags: { ...input.tags, "kafka-platform:environment": input.environment, "kafka-platform:stack": stack },
        network: toNetworkConfig(input.network),
        cluster: input.cluster,
        archive: input.archive,
    };
}

/**
 * Pulumi hands structured config values to the program as JSON text and scalars as plain strings;
 * this decodes both so the schema sees real numbers, booleans, objects and lists.
 */
export function decodeConfigValue(text: string): unknown {
    const trimmed = text.trim();
    if (/^[\[{]/.test(trimmed) || /^(true|false|null|-?\d+(\.\d+)?)$/.test(trimmed)) {
        try {
            return JSON.parse(trimmed);
        } catch {
            return text;
        }
    }
    return text;
}

/** Reads every `kafka-platform:*` key of the running stack. */
export function rawStackConfig(project: string = PROJECT): Record<string, unknown> {
    const prefix = `${project}:`;
    const raw: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(pulumi.runtime.allConfig())) {
        if (key.startsWith(prefix)) {
            raw[key.slice(prefix.length)] = decodeConfigValue(value);
        }
    }
    return raw;
}

/** Parses the running stack's config once into the typed Config. */
export function loadConfig(): Config {
    return parseConfig(rawStackConfig(pulumi.getProject()), pulumi.getStack(), pulumi.getProject());
}
