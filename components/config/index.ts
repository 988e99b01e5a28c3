import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ConfigError, ConfigProblem, keyPath, nearest, PROJECT, problemsFromZod, valueAt } from "./errors";
import { AwsEnvironment, Environment, ENVIRONMENTS, environment, Report } from "./environment";
import { awsRegion, awsTags, iamRoleArn, isPlainObject } from "./primitives";
import { checkNetwork, NetworkConfig, networkDefaults, networkSchema, toNetworkConfig } from "./network";
import { checkCluster, clusterDefaults, ClusterConfig, clusterSchema } from "./cluster";
import { checkOperator, OPERATOR_DEFAULTS, OperatorConfig, operatorSchema } from "./operator";
import {
    checkKafka,
    checkKafkaCore,
    KAFKA_DEFAULTS,
    kafkaSchema,
    localKafkaDefaults,
    localKafkaSchema,
    SingleNodeKafkaConfig,
    toKafkaConfig,
    toLocalKafkaConfig,
    ZonedKafkaConfig,
} from "./kafka";
import { checkTeams, checkTeamsAgainstCluster, TeamsConfig, teamsSchema, toTeamsConfig } from "./teams";
import { platformStackName } from "./tenant";
import { checkTenants, TenantsConfig, tenantsSchema, toTenantsConfig } from "./tenants";
import {
    ArchiveConfig,
    archiveDefaults,
    archiveSchema,
    checkArchive,
    checkConnect,
    checkDemoTeamReserved,
    LocalArchiveConfig,
    localArchiveDefaults,
    localArchiveSchema,
} from "./archive";
import { checkObservability, OBSERVABILITY_DEFAULTS, ObservabilityConfig, observabilitySchema } from "./observability";
import { checkLocal, checkLocalKafka, ephemeralRequested, LOCAL_DEFAULTS, LocalClusterConfig, localSchema, withoutRefusedKeys } from "./local";

export { ConfigError, PROJECT } from "./errors";
export type { ConfigProblem } from "./errors";
export type { Environment } from "./environment";
export type { NetworkConfig } from "./network";
export type { ClusterConfig, NodeGroupConfig } from "./cluster";
export type { OperatorConfig } from "./operator";
export type { KafkaConfig, SingleNodeKafkaConfig, ZonedKafkaConfig } from "./kafka";
export type { TeamsConfig } from "./teams";
export type { TeamLimits, TenantAccessConfig, TenantsConfig } from "./tenants";
export type { ArchiveConfig, ArchivePlugin, LocalArchiveConfig } from "./archive";
export type { LocalClusterConfig } from "./local";
export type { ObservabilityConfig, ReceiverConfig } from "./observability";

/** The whole config of a platform stack, as written under `kafka-platform:` in Pulumi.<stack>.yaml. */
const stackSchema = z.strictObject({
    environment,
    region: awsRegion,
    tags: awsTags,
    network: networkSchema,
    cluster: clusterSchema,
    operator: operatorSchema,
    kafka: kafkaSchema,
    teams: teamsSchema,
    tenants: tenantsSchema,
    archive: archiveSchema,
    observability: observabilitySchema,
});

/** A team's own stack: it reads the platform stack's outputs and creates only that team's resources. */
const tenantSchema = z.strictObject({
    environment,
    /** Pulumi.yaml declares region for every stack; a tenant stack checks it against the platform stack's. */
    region: awsRegion,
    platformStack: platformStackName,
    /** The team role this stack deploys as; unset when the platform stack lists one role for the team. */
    deployRoleArn: iamRoleArn.optional(),
    teams: teamsSchema,
});

/**
 * A stack on an existing laptop cluster (`environment: local`): no AWS at all, so no network,
 * cluster or tags; `local` says which cluster, and the kafka and archive sections lose the keys a
 * single-node cluster without S3 cannot honour (config/local.ts refuses them by name).
 */
const localStackSchema = z.strictObject({
    environment,
    /** Pulumi.yaml declares region for every stack; locally it is the region the object store answers as. */
    region: awsRegion,
    local: localSchema,
    operator: operatorSchema,
    kafka: localKafkaSchema,
    teams: teamsSchema,
    archive: localArchiveSchema,
    observability: observabilitySchema,
});

type StackInput = z.infer<typeof stackSchema>;
type TenantInput = z.infer<typeof tenantSchema>;
type LocalInput = z.infer<typeof localStackSchema>;

interface ConfigBase {
    project: string;
    stack: string;
    environment: Environment;
    /** Team name -> its topics and applications. */
    teams: TeamsConfig;
}

/** The one typed object every platform component reads. */
export interface PlatformConfig extends ConfigBase {
    mode: "platform";
    region: string;
    /** Tags applied to every AWS resource (through the provider's default tags). */
    tags: Record<string, string>;
    network: NetworkConfig;
    cluster: ClusterConfig;
    /** The Strimzi operator and its Helm chart. */
    operator: OperatorConfig;
    /** The Kafka cluster (KRaft, node pools), Cruise Control's broker capacity resolved. */
    kafka: ZonedKafkaConfig;
    /** Teams that deploy their own stack: who may run it and what it may use. */
    tenants: TenantsConfig;
    archive: ArchiveConfig;
    /** Prometheus, Alertmanager and Grafana: where they come from and who is alerted. */
    observability: ObservabilityConfig;
}

/** A stack on an existing laptop cluster: only Kubernetes resources, an in-cluster object store and registry. */
export interface LocalConfig extends ConfigBase {
    mode: "local";
    /** The region the local object store answers as; the S3 sink signs its requests for it. */
    region: string;
    /** Which cluster, its volumes, and the object store and registry that stand in for S3 and ECR. */
    local: LocalClusterConfig;
    operator: OperatorConfig;
    /** One node pool with both roles, no zones. */
    kafka: SingleNodeKafkaConfig;
    archive: LocalArchiveConfig;
    observability: ObservabilityConfig;
}

/** A team's own stack (`platformStack` is set): exactly one team, everything else from the platform stack. */
export interface TenantConfig extends ConfigBase {
    mode: "tenant";
    /** The platform stack's region, checked against its `region` output. */
    region: string;
    /** Fully qualified name (`<organization>/<project>/<stack>`) of the platform stack to read. */
    platformStack: string;
    /** The one team in `teams`. */
    team: string;
    /** The team role to deploy as, when set in the stack file. */
    deployRoleArn?: string;
}

export type Config = PlatformConfig | LocalConfig | TenantConfig;

function profileDefaults(env: AwsEnvironment, raw: Record<string, unknown>): Record<string, unknown> {
    return {
        tags: {},
        network: networkDefaults(env, raw.network),
        cluster: clusterDefaults(env, raw.cluster),
        operator: OPERATOR_DEFAULTS[env],
        kafka: KAFKA_DEFAULTS[env],
        teams: {},
        tenants: {},
        archive: archiveDefaults(env, raw.archive),
        observability: OBSERVABILITY_DEFAULTS[env],
    };
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
interface Rule<Input, K extends keyof Input> {
    sections: readonly K[];
    check(input: Pick<Input, K>, env: Environment, report: Report): void;
}

function ruleFor<Input, K extends keyof Input>(sections: readonly K[], check: Rule<Input, K>["check"]): Rule<Input, keyof Input> {
    return { sections, check } as unknown as Rule<Input, keyof Input>;
}

function rule<K extends keyof StackInput>(sections: readonly K[], check: Rule<StackInput, K>["check"]): Rule<StackInput, keyof StackInput> {
    return ruleFor<StackInput, K>(sections, check);
}

const RULES: Rule<StackInput, keyof StackInput>[] = [
    rule(["network"], (i, env, report) => checkNetwork(i.network, env, report)),
    rule(["cluster"], (i, env, report) => checkCluster(i.cluster, env, report)),
    rule(["operator"], (i, env, report) => checkOperator(i.operator, env, report)),
    rule(["kafka", "operator", "cluster"], (i, env, report) => checkKafka(i.kafka, i.operator, i.cluster, env, report)),
    rule(["teams", "tenants"], (i, env, report) => checkTeams(i.teams, env, report, "platform", Object.keys(i.tenants))),
    rule(["tenants", "teams", "cluster", "kafka", "operator"], (i, _env, report) =>
        checkTenants(
            i.tenants,
            { teams: Object.keys(i.teams), adminRoleArns: i.cluster.adminRoleArns, platformNamespaces: [i.kafka.namespace, i.operator.namespace] },
            report,
        ),
    ),
    rule(["teams", "kafka"], (i, _env, report) =>
        checkTeamsAgainstCluster(
            i.teams,
            { brokerReplicas: i.kafka.brokers.replicas, defaultReplicationFactor: i.kafka.defaultReplicationFactor, minInsyncReplicas: i.kafka.minInsyncReplicas },
            report,
        ),
    ),
    rule(["archive"], (i, env, report) => checkArchive(i.archive, env, report)),
    rule(["archive", "teams"], (i, _env, report) => checkDemoTeamReserved(i.archive, i.teams, report)),
    rule(["observability", "teams", "tenants"], (i, _env, report) => checkObservability(i.observability, Object.keys(i.teams), report, Object.keys(i.tenants))),
];

function localRule<K extends keyof LocalInput>(sections: readonly K[], check: Rule<LocalInput, K>["check"]): Rule<LocalInput, keyof LocalInput> {
    return ruleFor<LocalInput, K>(sections, check);
}

/** A local stack's rules: those of every environment over the sections it shares, and its own (config/local.ts). */
const LOCAL_RULES: Rule<LocalInput, keyof LocalInput>[] = [
    localRule(["local"], (i, _env, report) => checkLocal(i.local, report)),
    localRule(["operator"], (i, env, report) => checkOperator(i.operator, env, report)),
    localRule(["kafka", "operator"], (i, env, report) => {
        checkKafkaCore(i.kafka, i.operator, env, report);
        checkLocalKafka(i.kafka, report);
    }),
    localRule(["teams"], (i, env, report) => checkTeams(i.teams, env, report, "platform")),
    localRule(["teams", "kafka"], (i, _env, report) =>
        checkTeamsAgainstCluster(
            i.teams,
            { brokerReplicas: i.kafka.brokers.replicas, defaultReplicationFactor: i.kafka.defaultReplicationFactor, minInsyncReplicas: i.kafka.minInsyncReplicas },
            report,
        ),
    ),
    localRule(["archive"], (i, _env, report) => checkConnect(i.archive.connect, report)),
    localRule(["archive", "teams"], (i, _env, report) => checkDemoTeamReserved(i.archive, i.teams, report)),
    localRule(["observability", "teams"], (i, _env, report) => checkObservability(i.observability, Object.keys(i.teams), report)),
];

const TENANT_RULES: Rule<TenantInput, keyof TenantInput>[] = [
    ruleFor<TenantInput, "teams">(["teams"], (i, env, report) => {
        const count = Object.keys(i.teams).length;
        if (count !== 1) {
            report(["teams"], `must hold exactly one team in a tenant stack (platformStack is set), not ${count}`);
        }
        checkTeams(i.teams, env, report, "tenant");
    }),
];

function checkRules<Input>(schema: z.ZodObject, rules: Rule<Input, keyof Input>[], merged: Record<string, unknown>, env: Environment): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const valid: Partial<Input> = {};
    for (const [key, section] of Object.entries(schema.shape)) {
        const r = (section as z.ZodType).safeParse(merged[key]);
        if (r.success) {
            (valid as Record<string, unknown>)[key] = r.data;
        }
    }
    for (const r of rules) {
        if (r.sections.every((s) => s in valid)) {
            r.check(valid as Input, env, (path, message) =>
                problems.push({ path: keyPath(path), message, value: valueAt(merged, path) }),
            );
        }
    }
    return problems;
}

/** Keys of a platform stack that a tenant stack gets from the platform stack instead. */
const PLATFORM_ONLY_KEYS = Object.keys(stackSchema.shape).filter((k) => !(k in tenantSchema.shape));

/** The environment selects the profile and the rules, so nothing else is checked without a valid one. */
function environmentOf(raw: Record<string, unknown>): Environment {
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
    return env.data;
}

/**
 * Validates the raw values of a team's own stack (`platformStack` is set). Throws one ConfigError
 * listing every problem.
 */
export function parseTenantConfig(raw: Record<string, unknown>, stack: string, project: string = PROJECT): TenantConfig {
    const env = environmentOf(raw);
    if (env === "local") {
        throw new ConfigError([
            {
                path: "platformStack",
                message:
                    "is not supported in environment local: a team's own stack deploys with the kubeconfig its platform stack outputs, and a local platform stack uses yours; put the team in the teams section of the local platform stack instead",
                value: raw.platformStack,
            },
        ]);
    }
    const merged = mergeDefaults({ teams: {} }, raw) as Record<string, unknown>;
    const platformKeys = Object.keys(raw).filter((k) => PLATFORM_ONLY_KEYS.includes(k));
    const rest = Object.fromEntries(Object.entries(merged).filter(([k]) => !platformKeys.includes(k)));
    const parsed = tenantSchema.safeParse(rest);
    const problems: ConfigProblem[] = [
        ...platformKeys.map((k) => ({
            path: k,
            message: `belongs to the platform stack: a tenant stack (platformStack is set) holds only ${Object.keys(tenantSchema.shape).join(", ")}`,
            value: raw[k],
        })),
        ...(parsed.success ? [] : problemsFromZod(parsed.error, rest, tenantSchema)),
        ...checkRules(tenantSchema, TENANT_RULES, rest, env),
    ];
    const teams = Object.keys(isPlainObject(rest.teams) ? rest.teams : {});
    if (teams.length === 1 && stack !== `${teams[0]}-${env}`) {
        problems.push({
            path: "teams",
            message: `must hold the team this stack is named after: a tenant stack is named <team>-<environment>, so team ${teams[0]} belongs in stack ${teams[0]}-${env}, not ${stack}`,
            value: teams,
        });
    }
    if (!parsed.success || problems.length > 0) {
        throw new ConfigError(problems);
    }
    const input = parsed.data;
    return {
        mode: "tenant",
        project,
        stack,
        environment: input.environment,
        region: input.region,
        platformStack: input.platformStack,
        ...(input.deployRoleArn !== undefined ? { deployRoleArn: input.deployRoleArn } : {}),
        team: Object.keys(input.teams)[0],
        teams: toTeamsConfig(input.teams),
    };
}

/**
 * Validates a platform stack's raw values (already JSON-decoded, without the project prefix) against
 * the schema after applying the environment's profile. Throws one ConfigError listing every problem.
 */
export function parseConfig(raw: Record<string, unknown>, stack: string, project: string = PROJECT): PlatformConfig {
    const env = environmentOf(raw);
    if (env === "local") {
        throw new Error("parseConfig reads the stacks of an AWS environment; environment local is read by parseLocalConfig (parseStackConfig picks the right one)");
    }
    const merged = mergeDefaults(profileDefaults(env, raw), raw) as Record<string, unknown>;
    const parsed = stackSchema.safeParse(merged);
    const problems = [
        ...(parsed.success ? [] : problemsFromZod(parsed.error, merged, stackSchema)),
        ...checkRules(stackSchema, RULES, merged, env),
    ];
    if (!parsed.success || problems.length > 0) {
        throw new ConfigError(problems);
    }
    const input = parsed.data;
    return {
        mode: "platform",
        project,
        stack,
        environment: input.environment,
        region: input.region,
        tags: { ...input.tags, "kafka-platform:environment": input.environment, "kafka-platform:stack": stack },
        network: toNetworkConfig(input.network),
        // checkCluster refused a cluster section without add-on versions.
        cluster: input.cluster as ClusterConfig,
        operator: input.operator,
        kafka: toKafkaConfig(input.kafka, input.cluster),
        teams: toTeamsConfig(input.teams),
        tenants: toTenantsConfig(input.tenants),
        archive: input.archive,
        observability: input.observability,
    };
}

function localProfile(raw: Record<string, unknown>): Record<string, unknown> {
    return {
        local: LOCAL_DEFAULTS,
        operator: OPERATOR_DEFAULTS.local,
        kafka: localKafkaDefaults(ephemeralRequested(raw)),
        teams: {},
        archive: localArchiveDefaults(raw.archive),
        observability: OBSERVABILITY_DEFAULTS.local,
    };
}

/**
 * Validates the raw values of a local stack (`environment: local`) after applying the local
 * profile. Keys of the AWS environments it cannot honour are refused by name, each with why, along
 * with every other problem, in one ConfigError.
 */
export function parseLocalConfig(raw: Record<string, unknown>, stack: string, project: string = PROJECT): LocalConfig {
    const env = environmentOf(raw);
    if (env !== "local") {
        throw new Error(`parseLocalConfig reads stacks of environment local, not ${env}`);
    }
    const { problems: refused, rest } = withoutRefusedKeys(raw);
    const merged = mergeDefaults(localProfile(rest), rest) as Record<string, unknown>;
    const parsed = localStackSchema.safeParse(merged);
    const problems = [
        ...refused,
        ...(parsed.success ? [] : problemsFromZod(parsed.error, merged, localStackSchema)),
        ...checkRules(localStackSchema, LOCAL_RULES, merged, env),
    ];
    if (!parsed.success || problems.length > 0) {
        throw new ConfigError(problems);
    }
    const input = parsed.data;
    return {
        mode: "local",
        project,
        stack,
        environment: input.environment,
        region: input.region,
        local: input.local,
        operator: input.operator,
        kafka: toLocalKafkaConfig(input.kafka),
        teams: toTeamsConfig(input.teams),
        archive: input.archive,
        observability: input.observability,
    };
}

/** Any kind of stack: a `platformStack` key makes it a team's own stack, `environment: local` a local one. */
export function parseStackConfig(raw: Record<string, unknown>, stack: string, project: string = PROJECT): Config {
    if ("platformStack" in raw) {
        return parseTenantConfig(raw, stack, project);
    }
    return raw.environment === "local" ? parseLocalConfig(raw, stack, project) : parseConfig(raw, stack, project);
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

/** Config namespaces something in this program reads: the project's own and its providers'. */
export const READ_NAMESPACES = ["aws", "kubernetes", "eks", "random", "pulumi"] as const;

/**
 * Keys of the stack in a namespace nothing reads, typically a misspelt project name: without this
 * they would be dropped without a word and their section would silently take the profile's defaults.
 */
export function unreadConfigKeys(keys: string[], project: string = PROJECT): ConfigProblem[] {
    const known = [project, ...READ_NAMESPACES];
    return keys
        .filter((key) => !known.includes(key.split(":")[0]))
        .map((key) => {
            const [namespace, ...rest] = key.split(":");
            const suggestion = nearest(namespace, known);
            return {
                path: "",
                message: `config key ${key} is in namespace "${namespace}", which nothing in this program reads; ${
                    suggestion ? `did you mean ${suggestion}:${rest.join(":")}?` : `use ${project}:<key>`
                }`,
                value: key,
            };
        });
}

/** Parses the running stack's config once into the typed Config. */
export function loadConfig(): Config {
    const unread = unreadConfigKeys(Object.keys(pulumi.runtime.allConfig()), pulumi.getProject());
    if (unread.length > 0) {
        throw new ConfigError(unread);
    }
    return parseStackConfig(rawStackConfig(pulumi.getProject()), pulumi.getStack(), pulumi.getProject());
}
