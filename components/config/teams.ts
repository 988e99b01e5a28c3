import { z } from "zod";
import { nearest } from "./errors";
import { Environment, Report } from "./environment";
import { dnsLabel, nonNegativeInt, positiveInt, quantity, quantityValue } from "./primitives";
import { TopicConfigValue, topicConfigProblem } from "./topicConfigs";
import {
    isDnsSubdomain,
    kafkaTopicName,
    kafkaUserName,
    LEGAL_ID_CHARS,
    LEGAL_TOPIC_CHARS,
    MAX_TLS_USER_NAME_LENGTH,
    MAX_TOPIC_NAME_LENGTH,
    metricName,
    topicResourceName,
} from "./teamNames";

/**
 * The `teams` section: each team's topics and the applications that use them. Everything a team
 * gets is named inside its own namespace (`<team>.`), and nothing crosses team lines except a
 * topic its owner shares by name with another team.
 */

const DURATION = /^(\d+)(ms|s|m|h|d)$/;
const DURATION_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

const duration = z.string().regex(/^(\d+(ms|s|m|h|d)|forever)$/, {
    error: 'must be a duration such as 500ms, 30s, 15m, 12h or 7d, or "forever"',
});

const BYTES_MESSAGE = "must be a whole number of bytes or a quantity such as 5Mi or 50Gi";

/** Bytes as a whole number or a quantity such as 50Gi or 5Mi. */
/**
 * Strimzi 1.2.0 KafkaUserQuotas declares producerByteRate and consumerByteRate as `Integer`
 * (api/src/main/java/io/strimzi/api/kafka/model/user/KafkaUserQuotas.java): Integer.MAX_VALUE.
 */
export const MAX_QUOTA_BYTE_RATE = 2147483647;

const bytes = z
    .union([z.number(), z.string()], { error: BYTES_MESSAGE })
    .refine((v) => (typeof v === "number" ? nonNegativeInt.safeParse(v).success : quantity.safeParse(v).success), { error: BYTES_MESSAGE });

const archive = z.union([z.boolean(), z.strictObject({ format: z.enum(["jsonl", "parquet"]) })], {
    error: 'must be true, false or {format: "jsonl" | "parquet"}',
});

const topicSchema = z.strictObject({
    name: z.string(),
    partitions: positiveInt,
    replicas: positiveInt.optional(),
    retention: z.strictObject({ time: duration.optional(), bytesPerPartition: bytes.optional() }).optional(),
    cleanupPolicy: z.enum(["delete", "compact", "compact,delete"]).optional(),
    config: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()], { error: "must be a string, number or boolean" })).optional(),
    archive: archive.optional(),
    /** How the topic's producers write values; the archive picks its converter from it. */
    recordFormat: z.enum(["json", "json-with-schema"]).optional(),
    sharedWith: z.array(z.string()).optional(),
});

const topicRef = z.strictObject({ topic: z.string().optional(), prefix: z.string().optional(), shared: z.string().optional() });
const idRef = z.strictObject({ name: z.string().optional(), prefix: z.string().optional() });

const applicationSchema = z.strictObject({
    name: dnsLabel,
    authentication: z.enum(["tls", "scram-sha-512"]),
    produces: z.array(topicRef).optional(),
    consumes: z.array(topicRef).optional(),
    groups: z.array(idRef).optional(),
    transactionalIds: z.array(idRef).optional(),
    quotas: z
        .strictObject({
            producerByteRate: bytes.optional(),
            consumerByteRate: bytes.optional(),
            requestPercentage: nonNegativeInt.optional(),
        })
        .optional(),
});

const teamSchema = z.strictObject({
    topics: z.array(topicSchema).optional(),
    applications: z.array(applicationSchema).optional(),
});

export const teamsSchema = z.record(z.string(), teamSchema);

export type TeamsInput = z.infer<typeof teamsSchema>;
type TeamInput = z.infer<typeof teamSchema>;
type TopicInput = z.infer<typeof topicSchema>;
type ApplicationInput = z.infer<typeof applicationSchema>;
type TopicRefInput = z.infer<typeof topicRef>;
type IdRefInput = z.infer<typeof idRef>;

export type ArchiveFormat = "jsonl" | "parquet";
/** `json`: plain JSON values. `json-with-schema`: Kafka Connect's JSON envelope, `{"schema": ..., "payload": ...}`. */
export type RecordFormat = "json" | "json-with-schema";
export type CleanupPolicy = "delete" | "compact" | "compact,delete";
export type Authentication = "tls" | "scram-sha-512";

export interface TeamTopic {
    /** The name inside the team; the Kafka name is `<team>.<name>`. */
    name: string;
    partitions: number;
    /** Unset: the cluster's default.replication.factor. */
    replicas?: number;
    /** retention.ms; -1 keeps records forever. */
    retentionMs?: number;
    /** retention.bytes, which Kafka applies to each partition. */
    retentionBytes?: number;
    cleanupPolicy?: CleanupPolicy;
    /** Further topic-level configs, checked against Kafka's topic config definitions. */
    config: Record<string, TopicConfigValue>;
    archive?: { format: ArchiveFormat };
    /** How producers write the values (`recordFormat`, default `json`). */
    recordFormat: RecordFormat;
    /** Teams (`<team>`) or single applications (`<team>.<application>`) that may read this topic. */
    sharedWith: string[];
}

export type TopicRef =
    | { kind: "topic"; name: string }
    | { kind: "prefix"; prefix: string }
    /** Another team's topic, shared with this team or application by its owner. */
    | { kind: "shared"; team: string; topic: string };

export type IdRef = { kind: "name"; name: string } | { kind: "prefix"; prefix: string };

export interface ApplicationQuotas {
    /** Bytes per second each broker accepts from the application before throttling it. */
    producerByteRate?: number;
    /** Bytes per second each broker serves to the application before throttling it. */
    consumerByteRate?: number;
    /** Share of the brokers' network and I/O thread time, in percent of one thread. */
    requestPercentage?: number;
}

export interface TeamApplication {
    name: string;
    authentication: Authentication;
    produces: TopicRef[];
    consumes: TopicRef[];
    /** Consumer groups, inside the team's namespace (`<team>.<name>`). */
    groups: IdRef[];
    /** Transactional ids, inside the team's namespace (`<team>.<name>`). */
    transactionalIds: IdRef[];
    quotas: ApplicationQuotas;
}

export interface TeamConfig {
    topics: TeamTopic[];
    applications: TeamApplication[];
}

/** Team name -> what the team owns. */
export type TeamsConfig = Record<string, TeamConfig>;

/** Where the team config is checked: a platform stack sees every team, a tenant stack only its own. */
export type TeamsScope = "platform" | "tenant";

/** The cluster settings topic specs are checked against; a tenant stack reads them from the platform stack. */
export interface ClusterFacts {
    brokerReplicas: number;
    defaultReplicationFactor: number;
    minInsyncReplicas: number;
}

export function durationMs(text: string): number {
    if (text === "forever") {
        return -1;
    }
    const m = DURATION.exec(text);
    if (!m) {
        throw new Error(`not a duration: ${text}`);
    }
    return Number(m[1]) * DURATION_MS[m[2]];
}

function byteCount(value: number | string): number {
    return typeof value === "number" ? value : quantityValue(value);
}

function refKeys(ref: TopicRefInput | IdRefInput): string[] {
    return Object.entries(ref)
        .filter(([, v]) => v !== undefined)
        .map(([k]) => k);
}

function listed(names: string[], limit = 10): string {
    if (names.length === 0) {
        return "none";
    }
    return names.length > limit ? `${names.slice(0, limit).join(", ")}, ...` : names.join(", ");
}

// ---- Checks -----------------------------------------------------------------------------------

interface Context {
    teams: TeamsInput;
    /** Teams that deploy their own stack: readers a topic may be shared with, whose applications this stack cannot see. */
    tenants: string[];
    env: Environment;
    report: Report;
    scope: TeamsScope;
}

function checkTopicName(team: string, t: TopicInput, at: (...p: PropertyKey[]) => PropertyKey[], report: Report): boolean {
    const full = kafkaTopicName(team, t.name);
    if (t.name.length === 0 || !LEGAL_TOPIC_CHARS.test(t.name)) {
        report(at("name"), 'must be a non-empty name of letters, digits, ".", "_" and "-" (the characters Kafka allows in topic names)');
        return false;
    }
    if (full.length > MAX_TOPIC_NAME_LENGTH) {
        report(at("name"), `must be at most ${MAX_TOPIC_NAME_LENGTH - team.length - 1} characters long: the Kafka name ${team}.<name> is limited to ${MAX_TOPIC_NAME_LENGTH}`);
        return false;
    }
    if (t.name.startsWith(`${team}.`)) {
        report(at("name"), `must not start with "${team}.": the team prefix is added for you, so the Kafka name would be ${full}`);
        return false;
    }
    if (!isDnsSubdomain(topicResourceName(full))) {
        report(at("name"), `must start and end with a letter or digit, and so must every part between "." and "_": the KafkaTopic's Kubernetes name (${topicResourceName(full)}) is derived from it`);
        return false;
    }
    return true;
}

function checkTopicNames(team: string, topics: TopicInput[], report: Report): void {
    const seen = new Map<string, number>();
    const at = (i: number) => (...p: PropertyKey[]) => ["teams", team, "topics", i, ...p];
    topics.forEach((t, i) => {
        if (!checkTopicName(team, t, at(i), report)) {
            return;
        }
        const key = topicResourceName(t.name);
        const j = seen.get(key);
        if (j === undefined) {
            seen.set(key, i);
            return;
        }
        const other = topics[j].name;
        const where = `teams.${team}.topics.${j}`;
        if (other === t.name) {
            report(at(i)("name"), `repeats the topic at ${where}`);
        } else if (metricName(other) === metricName(t.name)) {
            report(at(i)("name"), `collides with topic "${other}" (${where}) in Kafka's metric names, where "." and "_" are the same character; rename one of them`);
        } else {
            report(at(i)("name"), `differs from topic "${other}" (${where}) only in letter case: both would be KafkaTopic ${topicResourceName(kafkaTopicName(team, t.name))}; rename one of them`);
        }
    });
}

/**
 * The archive's Kafka Connect and its connectors live in the platform stack, which only knows the
 * teams in its own config: a tenant stack's archive flag would be accepted and never acted on.
 */
function checkTenantArchive(team: string, t: TopicInput, i: number, ctx: Context): void {
    if (ctx.scope === "tenant" && t.archive !== undefined && t.archive !== false) {
        ctx.report(
            ["teams", team, "topics", i, "archive"],
            "cannot be used in a tenant stack: the S3 archive's Kafka Connect is run by the platform stack, which only archives topics of the teams in its own teams section; manage this team there to archive its topics",
        );
    }
}

/**
 * Parquet writes typed columns, so the sink needs a schema with every record (Aiven's
 * SinkSchemaBuilder throws "Record value without schema", commons at v3.4.2); plain JSON values
 * have none, and with errors.tolerance all every record would go to the dead-letter topic.
 */
function checkArchiveFormat(team: string, t: TopicInput, i: number, ctx: Context): void {
    const format = typeof t.archive === "object" ? t.archive.format : undefined;
    if (format === "parquet" && (t.recordFormat ?? "json") === "json") {
        ctx.report(
            ["teams", team, "topics", i, "archive", "format"],
            'needs records that carry their schema, and the topic\'s recordFormat is json (the default): parquet writes typed columns and plain JSON values have no schema, so every record would go to the dead-letter topic; declare recordFormat: json-with-schema if the producers write Kafka Connect\'s JSON envelope {"schema": ..., "payload": ...}, or archive the topic as jsonl',
        );
    }
}

function checkSharing(team: string, t: TopicInput, i: number, ctx: Context): void {
    const at = (...p: PropertyKey[]) => ["teams", team, "topics", i, "sharedWith", ...p];
    const entries = t.sharedWith ?? [];
    if (entries.length > 0 && ctx.scope === "tenant") {
        ctx.report(at(), "cannot be used in a tenant stack: sharing is declared where both teams are visible, in the platform stack's teams section; manage this team there to share its topics");
        return;
    }
    const seen = new Set<string>();
    entries.forEach((entry, k) => {
        const [reader, application, ...rest] = entry.split(".");
        if (!dnsLabel.safeParse(reader).success || rest.length > 0 || (application !== undefined && !dnsLabel.safeParse(application).success)) {
            ctx.report(at(k), "must name a team, or one of its applications as <team>.<application>");
            return;
        }
        if (seen.has(entry)) {
            ctx.report(at(k), `repeats ${entry}`);
            return;
        }
        seen.add(entry);
        if (reader === team) {
            ctx.report(at(k), "must not name the topic's own team: its applications reach the topic through produces and consumes");
            return;
        }
        if (ctx.tenants.includes(reader)) {
            return;
        }
        const readerTeam = ctx.teams[reader];
        if (readerTeam === undefined) {
            ctx.report(at(k), `names team "${reader}", which is not in teams or tenants (teams: ${listed(Object.keys(ctx.teams))}; tenants: ${listed(ctx.tenants)})`);
            return;
        }
        const apps = (readerTeam.applications ?? []).map((a) => a.name);
        if (application !== undefined && !apps.includes(application)) {
            ctx.report(at(k), `names application "${application}", which team ${reader} does not have (its applications: ${listed(apps)})`);
        }
    });
}

function checkTopic(team: string, t: TopicInput, i: number, ctx: Context): void {
    const at = (...p: PropertyKey[]) => ["teams", team, "topics", i, ...p];
    const { report, env } = ctx;
    if (t.retention !== undefined) {
        if (t.retention.time === undefined && t.retention.bytesPerPartition === undefined) {
            report(at("retention"), "must set time, bytesPerPartition or both");
        }
        if (t.cleanupPolicy === "compact") {
            report(at("retention"), 'has no effect when cleanupPolicy is "compact" (compaction keeps the latest record of every key); use "compact,delete" to also expire old records');
        }
        if (t.retention.time !== undefined && t.retention.time !== "forever" && durationMs(t.retention.time) === 0) {
            report(at("retention", "time"), 'must be longer than 0 (use "forever" to keep records without a time limit)');
        }
        const b = t.retention.bytesPerPartition;
        if (b !== undefined && (!Number.isSafeInteger(byteCount(b)) || byteCount(b) < 1)) {
            report(at("retention", "bytesPerPartition"), "must be a whole number of bytes of at least 1, such as 50Gi");
        }
    }
    for (const [key, value] of Object.entries(t.config ?? {})) {
        const problem = topicConfigProblem(key, value, nearest);
        if (problem !== undefined) {
            report(at("config", key), problem);
        }
    }
    if (env === "prod") {
        if (t.replicas !== undefined && t.replicas < 3) {
            report(at("replicas"), "must be >= 3 in prod: with fewer replicas, losing one zone loses or blocks the topic's data");
        }
        const minIsr = t.config?.["min.insync.replicas"];
        if (typeof minIsr === "number" && minIsr < 2) {
            report(at("config", "min.insync.replicas"), "must be >= 2 in prod: with 1, a write acknowledged by a single broker is lost when that broker fails");
        }
        if (t.config?.["unclean.leader.election.enable"] === true) {
            report(at("config", "unclean.leader.election.enable"), "must not be true in prod: electing an out-of-sync replica as leader drops acknowledged writes");
        }
    }
    checkSharing(team, t, i, ctx);
    checkTenantArchive(team, t, i, ctx);
    checkArchiveFormat(team, t, i, ctx);
}

function checkIdRefs(team: string, a: number, field: "groups" | "transactionalIds", refs: IdRefInput[], report: Report): void {
    const seen = new Map<string, number>();
    refs.forEach((ref, k) => {
        const at = ["teams", team, "applications", a, field, k];
        const keys = refKeys(ref);
        if (keys.length !== 1) {
            report(at, "must have exactly one of name or prefix");
            return;
        }
        const value = (ref.name ?? ref.prefix) as string;
        if (ref.name !== undefined && value.length === 0) {
            report([...at, "name"], "must not be empty");
            return;
        }
        if (!LEGAL_ID_CHARS.test(value)) {
            report([...at, keys[0]], 'must use only letters, digits, ".", "_" and "-"');
            return;
        }
        const key = `${keys[0]}:${value}`;
        const j = seen.get(key);
        if (j !== undefined) {
            report(at, `repeats ${field}.${j}`);
        }
        seen.set(key, k);
    });
}

function checkTopicRefs(team: string, a: number, app: ApplicationInput, field: "produces" | "consumes", ctx: Context): void {
    const own = (ctx.teams[team].topics ?? []).map((t) => t.name);
    const seen = new Map<string, number>();
    (app[field] ?? []).forEach((ref, k) => {
        const at = (...p: PropertyKey[]) => ["teams", team, "applications", a, field, k, ...p];
        const keys = refKeys(ref);
        if (keys.length !== 1) {
            ctx.report(at(), field === "produces" ? "must have exactly one of topic or prefix" : "must have exactly one of topic, prefix or shared");
            return;
        }
        const key = `${keys[0]}:${ref.topic ?? ref.prefix ?? ref.shared}`;
        const j = seen.get(key);
        if (j !== undefined) {
            ctx.report(at(), `repeats ${field}.${j}`);
            return;
        }
        seen.set(key, k);
        if (ref.topic !== undefined && !own.includes(ref.topic)) {
            const near = nearest(ref.topic, own);
            const hint = near ? `; did you mean "${near}"?` : ` (its topics: ${listed(own)})`;
            ctx.report(at("topic"), `names topic "${ref.topic}", which team ${team} does not have${hint}`);
        }
        if (ref.prefix !== undefined) {
            const p = ref.prefix;
            if (!LEGAL_ID_CHARS.test(p)) {
                ctx.report(at("prefix"), 'must use only letters, digits, ".", "_" and "-"');
            } else if (!own.some((t) => t.startsWith(p))) {
                ctx.report(at("prefix"), `matches none of the topics of team ${team} (${listed(own)}); a prefix must cover at least one of them`);
            }
        }
        if (ref.shared !== undefined) {
            checkSharedRead(team, app.name, field, ref.shared, at("shared"), ctx);
        }
    });
}

function checkSharedRead(team: string, application: string, field: "produces" | "consumes", shared: string, at: PropertyKey[], ctx: Context): void {
    if (field === "produces") {
        ctx.report(at, "cannot be used in produces: applications write only to their own team's topics");
        return;
    }
    const dot = shared.indexOf(".");
    const owner = dot > 0 ? shared.slice(0, dot) : "";
    const topic = shared.slice(dot + 1);
    if (dot <= 0 || topic.length === 0 || !dnsLabel.safeParse(owner).success) {
        ctx.report(at, "must be the full Kafka name <team>.<topic> of another team's topic");
        return;
    }
    if (owner === team) {
        ctx.report(at, `names a topic of this application's own team; use {topic: ${topic}} instead`);
        return;
    }
    if (ctx.scope === "tenant") {
        // The owner's grants live in the platform stack; the tenant program checks them at deployment.
        return;
    }
    const ownerTeam = ctx.teams[owner];
    if (ownerTeam === undefined) {
        ctx.report(at, `names team "${owner}", which is not in teams (teams: ${listed(Object.keys(ctx.teams))})`);
        return;
    }
    const target = (ownerTeam.topics ?? []).find((t) => t.name === topic);
    if (target === undefined) {
        ctx.report(at, `names topic ${shared}, which team ${owner} does not have (its topics: ${listed((ownerTeam.topics ?? []).map((t) => t.name))})`);
        return;
    }
    const grants = target.sharedWith ?? [];
    if (!grants.includes(team) && !grants.includes(`${team}.${application}`)) {
        ctx.report(at, sharedReadRefusal(shared, owner, team, application));
    }
}

/** Why an application may not read another team's topic; also used when a tenant stack checks the platform's grants. */
export function sharedReadRefusal(shared: string, owner: string, team: string, application: string): string {
    return `may not read ${shared}: team ${owner} does not list ${team} or ${team}.${application} in that topic's sharedWith`;
}

function checkApplications(team: string, apps: ApplicationInput[], ctx: Context): void {
    const seen = new Map<string, number>();
    apps.forEach((app, a) => {
        const at = (...p: PropertyKey[]) => ["teams", team, "applications", a, ...p];
        const j = seen.get(app.name);
        if (j !== undefined) {
            ctx.report(at("name"), `repeats the application at teams.${team}.applications.${j}`);
        }
        seen.set(app.name, a);
        const user = kafkaUserName(team, app.name);
        if (app.authentication === "tls" && user.length > MAX_TLS_USER_NAME_LENGTH) {
            ctx.report(at("name"), `must be at most ${MAX_TLS_USER_NAME_LENGTH - team.length - 1} characters long with tls authentication: the certificate's common name, ${user}, is limited to ${MAX_TLS_USER_NAME_LENGTH}`);
        }
        const produces = app.produces ?? [];
        const consumes = app.consumes ?? [];
        if (produces.length === 0 && consumes.length === 0) {
            ctx.report(at(), "must produce or consume at least one topic (set produces, consumes or both)");
        }
        if ((app.groups ?? []).length > 0 && consumes.length === 0) {
            ctx.report(at("groups"), "needs consumes: consumer groups only serve applications that read topics");
        }
        if ((app.transactionalIds ?? []).length > 0 && produces.length === 0) {
            ctx.report(at("transactionalIds"), "needs produces: transactional ids only serve applications that write topics");
        }
        checkTopicRefs(team, a, app, "produces", ctx);
        checkTopicRefs(team, a, app, "consumes", ctx);
        checkIdRefs(team, a, "groups", app.groups ?? [], ctx.report);
        checkIdRefs(team, a, "transactionalIds", app.transactionalIds ?? [], ctx.report);
        const q = app.quotas;
        if (q !== undefined) {
            if (q.producerByteRate === undefined && q.consumerByteRate === undefined && q.requestPercentage === undefined) {
                ctx.report(at("quotas"), "must set producerByteRate, consumerByteRate, requestPercentage or several of them");
            }
            for (const key of ["producerByteRate", "consumerByteRate"] as const) {
                const v = q[key];
                if (v !== undefined && !Number.isSafeInteger(byteCount(v))) {
                    ctx.report(at("quotas", key), "must be a whole number of bytes per second, such as 1048576 or 1Mi");
                } else if (v !== undefined && byteCount(v) > MAX_QUOTA_BYTE_RATE) {
                    ctx.report(
                        at("quotas", key),
                        `must be at most ${MAX_QUOTA_BYTE_RATE} bytes per second (just under 2Gi): Strimzi stores KafkaUser quotas as Java ints, and a larger value leaves the user NotReady; omit the quota for no limit`,
                    );
                }
            }
        }
    });
}

function checkTeam(team: string, t: TeamInput, ctx: Context): void {
    if (!dnsLabel.safeParse(team).success) {
        ctx.report(["teams", team], "is not a valid team name: use a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters)");
        return;
    }
    const topics = t.topics ?? [];
    checkTopicNames(team, topics, ctx.report);
    topics.forEach((topic, i) => checkTopic(team, topic, i, ctx));
    checkApplications(team, t.applications ?? [], ctx);
}

/** Rules of the teams section that need no facts about the running cluster. */
export function checkTeams(teams: TeamsInput, env: Environment, report: Report, scope: TeamsScope, tenants: string[] = []): void {
    const ctx: Context = { teams, tenants, env, report, scope };
    for (const [team, t] of Object.entries(teams)) {
        checkTeam(team, t, ctx);
    }
}

/** The shape both the parsed input and the normalized TeamsConfig share, so either can be checked. */
export type TopicReplication = Record<string, { topics?: { replicas?: number; config?: Record<string, TopicConfigValue> }[] }>;

/**
 * Rules that need the cluster's broker count, default replication factor and min.insync.replicas.
 * The platform stack runs them on its kafka config; a tenant stack on the platform stack's outputs.
 */
export function checkTeamsAgainstCluster(teams: TopicReplication, facts: ClusterFacts, report: Report): void {
    for (const [team, t] of Object.entries(teams)) {
        (t.topics ?? []).forEach((topic, i) => {
            const at = (...p: PropertyKey[]) => ["teams", team, "topics", i, ...p];
            const replicas = topic.replicas ?? facts.defaultReplicationFactor;
            if (topic.replicas !== undefined && topic.replicas > facts.brokerReplicas) {
                report(at("replicas"), `must be <= ${facts.brokerReplicas}, the number of brokers (each replica of a partition needs a broker of its own)`);
                return;
            }
            const minIsr = topic.config?.["min.insync.replicas"];
            if (typeof minIsr === "number") {
                if (minIsr >= replicas) {
                    const source = topic.replicas === undefined ? ", the cluster's default.replication.factor" : "";
                    report(at("config", "min.insync.replicas"), `must be < the topic's replicas (${replicas}${source}): otherwise one broker down stops every producer that uses acks=all`);
                }
            } else if (topic.replicas !== undefined && facts.minInsyncReplicas >= replicas) {
                report(at("replicas"), `must be > ${facts.minInsyncReplicas}, the cluster's min.insync.replicas: otherwise one broker down stops every producer that uses acks=all`);
            }
        });
    }
}

// ---- Normalization -----------------------------------------------------------------------------

function toTopicRef(r: TopicRefInput): TopicRef {
    if (r.topic !== undefined) {
        return { kind: "topic", name: r.topic };
    }
    if (r.prefix !== undefined) {
        return { kind: "prefix", prefix: r.prefix };
    }
    const shared = r.shared as string;
    const dot = shared.indexOf(".");
    return { kind: "shared", team: shared.slice(0, dot), topic: shared.slice(dot + 1) };
}

function toIdRef(r: IdRefInput): IdRef {
    return r.name !== undefined ? { kind: "name", name: r.name } : { kind: "prefix", prefix: r.prefix as string };
}

function toTopic(t: TopicInput): TeamTopic {
    const archive = t.archive === true ? { format: "jsonl" as const } : t.archive === false ? undefined : t.archive;
    return {
        name: t.name,
        partitions: t.partitions,
        ...(t.replicas !== undefined ? { replicas: t.replicas } : {}),
        ...(t.retention?.time !== undefined ? { retentionMs: durationMs(t.retention.time) } : {}),
        ...(t.retention?.bytesPerPartition !== undefined ? { retentionBytes: byteCount(t.retention.bytesPerPartition) } : {}),
        ...(t.cleanupPolicy !== undefined ? { cleanupPolicy: t.cleanupPolicy } : {}),
        config: t.config ?? {},
        ...(archive !== undefined ? { archive } : {}),
        recordFormat: t.recordFormat ?? "json",
        sharedWith: t.sharedWith ?? [],
    };
}

function toApplication(a: ApplicationInput): TeamApplication {
    const q = a.quotas ?? {};
    return {
        name: a.name,
        authentication: a.authentication,
        produces: (a.produces ?? []).map(toTopicRef),
        consumes: (a.consumes ?? []).map(toTopicRef),
        groups: (a.groups ?? []).map(toIdRef),
        transactionalIds: (a.transactionalIds ?? []).map(toIdRef),
        quotas: {
            ...(q.producerByteRate !== undefined ? { producerByteRate: byteCount(q.producerByteRate) } : {}),
            ...(q.consumerByteRate !== undefined ? { consumerByteRate: byteCount(q.consumerByteRate) } : {}),
            ...(q.requestPercentage !== undefined ? { requestPercentage: q.requestPercentage } : {}),
        },
    };
}

/** Turns checked input into the typed teams config: durations and quantities become numbers. */
export function toTeamsConfig(teams: TeamsInput): TeamsConfig {
    const out: TeamsConfig = {};
    for (const [team, t] of Object.entries(teams)) {
        out[team] = { topics: (t.topics ?? []).map(toTopic), applications: (t.applications ?? []).map(toApplication) };
    }
    return out;
}
