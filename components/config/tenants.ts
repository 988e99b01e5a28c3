import { z } from "zod";
import { Report } from "./environment";
import { dnsLabel, iamRoleArn, nonNegativeInt, positiveInt, quantity, quantityValue } from "./primitives";
import type { TeamConfig } from "./teams";

/**
 * The `tenants` section of a platform stack: the teams that deploy their own stack
 * (`Pulumi.<team>-<env>.yaml`) and who may run it. Each gets a Kubernetes namespace of its own, an
 * EKS access entry per deploy role mapped to the team's Kubernetes group (no cluster access policy),
 * RBAC for that group, and ValidatingAdmissionPolicies that hold it to its own names and limits.
 */

/**
 * Kafka reads KafkaUser quotas as Java ints, so the User Operator cannot apply anything larger
 * (facts.md: "KafkaUser quotas are Java ints").
 */
export const MAX_QUOTA = 2_147_483_647;

/** Namespaces a team may not be named after: Kubernetes' own and those the platform uses. */
const RESERVED_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"];

const QUOTA_MESSAGE = `must be a whole number of bytes per second (or a quantity such as 10Mi) between 1 and ${MAX_QUOTA}`;

const byteRate = z
    .union([z.number(), z.string()], { error: QUOTA_MESSAGE })
    .refine((v) => {
        const n = typeof v === "number" ? v : quantity.safeParse(v).success ? quantityValue(v) : NaN;
        return Number.isSafeInteger(n) && n >= 1 && n <= MAX_QUOTA;
    }, { error: QUOTA_MESSAGE });

const limitsSchema = z.strictObject({
    partitionsPerTopic: positiveInt.max(MAX_QUOTA).optional(),
    producerByteRate: byteRate.optional(),
    consumerByteRate: byteRate.optional(),
    requestPercentage: positiveInt.max(MAX_QUOTA).optional(),
});

const namespaceQuotaSchema = z.strictObject({
    requestsCpu: quantity.optional(),
    requestsMemory: quantity.optional(),
    limitsCpu: quantity.optional(),
    limitsMemory: quantity.optional(),
    requestsStorage: quantity.optional(),
    pods: positiveInt.optional(),
    persistentVolumeClaims: nonNegativeInt.optional(),
    loadBalancers: nonNegativeInt.optional(),
    nodePorts: nonNegativeInt.optional(),
});

const tenantSchema = z.strictObject({
    deployRoleArns: z.array(iamRoleArn).min(1),
    limits: limitsSchema.optional(),
    namespaceQuota: namespaceQuotaSchema.optional(),
});

export const tenantsSchema = z.record(z.string(), tenantSchema);

export type TenantsInput = z.infer<typeof tenantsSchema>;

/** A partition count no team topic may exceed when the platform config sets none. */
export const DEFAULT_PARTITIONS_PER_TOPIC = 1000;

/** What one team may use. A quota limit that is set caps every application's quota and is its default. */
export interface TeamLimits {
    partitionsPerTopic: number;
    producerByteRate?: number;
    consumerByteRate?: number;
    requestPercentage?: number;
}

/**
 * What a team's namespace may hold in all: the `edit` role lets the team run any workload there, so
 * without a ResourceQuota one team could take the nodes the brokers' neighbours run on. Kubernetes'
 * `edit` role can read but not change a ResourceQuota or LimitRange.
 */
export interface NamespaceQuota {
    requestsCpu: string;
    requestsMemory: string;
    limitsCpu: string;
    limitsMemory: string;
    requestsStorage: string;
    pods: number;
    persistentVolumeClaims: number;
    /** Services of type LoadBalancer: each is an AWS load balancer the platform team pays for. */
    loadBalancers: number;
    /** NodePort Services open a port on every node, system and Kafka nodes included. */
    nodePorts: number;
}

export const DEFAULT_NAMESPACE_QUOTA: NamespaceQuota = {
    requestsCpu: "8",
    requestsMemory: "16Gi",
    limitsCpu: "16",
    limitsMemory: "32Gi",
    requestsStorage: "500Gi",
    pods: 100,
    persistentVolumeClaims: 20,
    loadBalancers: 0,
    nodePorts: 0,
};

/**
 * What a container that sets no requests or limits gets (the team namespace's LimitRange): with a
 * quota on requests and limits, Kubernetes refuses a pod that names neither, so every container
 * must have some.
 */
export const CONTAINER_DEFAULTS = {
    defaultRequest: { cpu: "100m", memory: "128Mi" },
    default: { cpu: "500m", memory: "512Mi" },
} as const;

export interface TenantAccessConfig {
    /** IAM roles that may deploy the team's stack; each gets an EKS access entry in the team's group. */
    deployRoleArns: string[];
    /** The team's own namespace, where its applications run and find their credentials. */
    namespace: string;
    limits: TeamLimits;
    namespaceQuota: NamespaceQuota;
}

/** Team name -> who may deploy its stack and what it may use. */
export type TenantsConfig = Record<string, TenantAccessConfig>;

/** The facts of the platform stack the tenants section is checked against. */
export interface TenantContext {
    teams: string[];
    adminRoleArns: string[];
    /** Namespaces the platform itself uses (Kafka, the operator). */
    platformNamespaces: string[];
}

function toBytes(v: number | string): number {
    return typeof v === "number" ? v : quantityValue(v);
}

export function checkTenants(tenants: TenantsInput, ctx: TenantContext, report: Report): void {
    const owners = new Map<string, string>();
    for (const [team, t] of Object.entries(tenants)) {
        const at = (...p: PropertyKey[]) => ["tenants", team, ...p];
        if (!dnsLabel.safeParse(team).success) {
            report(at(), "is not a valid team name: use a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters)");
            continue;
        }
        if (ctx.teams.includes(team)) {
            report(at(), `must not also be in teams: team ${team} is either managed by the platform stack (teams) or deploys its own stack (tenants), never both`);
        }
        if (RESERVED_NAMESPACES.includes(team) || team.startsWith("kube-") || ctx.platformNamespaces.includes(team)) {
            report(at(), `cannot be a team name: the team's namespace would be ${team}, which Kubernetes or the platform uses (reserved: ${[...RESERVED_NAMESPACES, "kube-*", ...ctx.platformNamespaces].join(", ")})`);
        }
        checkNamespaceQuota(t.namespaceQuota ?? {}, (key, message) => report(at("namespaceQuota", key), message));
        t.deployRoleArns.forEach((arn, i) => {
            if (ctx.adminRoleArns.includes(arn)) {
                report(at("deployRoleArns", i), "is also in cluster.adminRoleArns: an admin role has cluster-admin, so it cannot be held to one team (and EKS allows one access entry per role); use a role of the team's own");
                return;
            }
            const owner = owners.get(arn);
            if (owner !== undefined) {
                report(at("deployRoleArns", i), owner === team ? "repeats a role of this team" : `is already a deploy role of team ${owner}: a role maps to one team's group only`);
                return;
            }
            owners.set(arn, team);
        });
    }
}

/** A quota Kubernetes would accept but no pod could run under. */
function checkNamespaceQuota(given: Partial<NamespaceQuota>, report: (key: keyof NamespaceQuota, message: string) => void): void {
    const q = { ...DEFAULT_NAMESPACE_QUOTA, ...given };
    for (const [resource, requests, limits] of [["cpu", "requestsCpu", "limitsCpu"], ["memory", "requestsMemory", "limitsMemory"]] as const) {
        const defaultRequest = CONTAINER_DEFAULTS.defaultRequest[resource];
        const defaultLimit = CONTAINER_DEFAULTS.default[resource];
        if (quantityValue(q[requests]) > quantityValue(q[limits])) {
            // Said of the key the stack set, the other one being its default.
            if (given[limits] !== undefined && given[requests] === undefined) {
                report(limits, `must be at least ${requests} (${q[requests]}, its default): a container's ${resource} request never exceeds its limit, so the requests quota could never be used`);
            } else {
                report(requests, `must be at most ${limits} (${q[limits]}): a container's ${resource} request never exceeds its limit, so the requests quota could never be used`);
            }
        }
        if (quantityValue(q[requests]) < quantityValue(defaultRequest)) {
            report(requests, `must be at least ${defaultRequest}, the ${resource} request the namespace's LimitRange gives a container that sets none; below it no such pod fits`);
        }
        if (quantityValue(q[limits]) < quantityValue(defaultLimit)) {
            report(limits, `must be at least ${defaultLimit}, the ${resource} limit the namespace's LimitRange gives a container that sets none; below it no such pod fits`);
        }
    }
}

/** Turns checked input into the typed tenants config. */
export function toTenantsConfig(tenants: TenantsInput): TenantsConfig {
    const out: TenantsConfig = {};
    for (const [team, t] of Object.entries(tenants)) {
        const l = t.limits ?? {};
        out[team] = {
            deployRoleArns: [...t.deployRoleArns],
            namespace: team,
            limits: {
                partitionsPerTopic: l.partitionsPerTopic ?? DEFAULT_PARTITIONS_PER_TOPIC,
                ...(l.producerByteRate !== undefined ? { producerByteRate: toBytes(l.producerByteRate) } : {}),
                ...(l.consumerByteRate !== undefined ? { consumerByteRate: toBytes(l.consumerByteRate) } : {}),
                ...(l.requestPercentage !== undefined ? { requestPercentage: l.requestPercentage } : {}),
            },
            namespaceQuota: { ...DEFAULT_NAMESPACE_QUOTA, ...t.namespaceQuota },
        };
    }
    return out;
}

/**
 * Rules a self-service team's config must meet under its limits. A team stack runs them on the
 * limits the platform stack exports; the team's admission policies enforce the same limits.
 */
export function checkTeamAgainstLimits(team: string, config: TeamConfig, limits: TeamLimits, report: Report): void {
    const where = `the platform stack's tenants.${team}.limits`;
    config.topics.forEach((t, i) => {
        if (t.partitions > limits.partitionsPerTopic) {
            report(["teams", team, "topics", i, "partitions"], `must be at most ${limits.partitionsPerTopic}, team ${team}'s partitionsPerTopic (${where})`);
        }
    });
    config.applications.forEach((a, i) => {
        for (const key of ["producerByteRate", "consumerByteRate", "requestPercentage"] as const) {
            const value = a.quotas[key];
            const limit = limits[key];
            if (value === undefined) {
                continue;
            }
            if (limit !== undefined && value > limit) {
                report(["teams", team, "applications", i, "quotas", key], `must be at most ${limit}, team ${team}'s ${key} limit (${where}); unset, it defaults to that limit`);
            } else if (value > MAX_QUOTA) {
                report(["teams", team, "applications", i, "quotas", key], `must be at most ${MAX_QUOTA}: Kafka reads quotas as Java ints`);
            }
        }
    });
}
