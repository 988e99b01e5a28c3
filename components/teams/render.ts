import { ArchivedTopic } from "../kafka/info";
import { TeamLimits } from "../config/tenants";
import { reflectionAnnotations } from "./credentials";
import { IdRef, TeamApplication, TeamConfig, TeamsConfig, TeamTopic, TopicRef } from "../config/teams";
import { AclOperation, AclRule, KafkaTopic, KafkaUser, KafkaUserQuotas, STRIMZI_API_VERSION, STRIMZI_CLUSTER_LABEL } from "../strimzi/types";
import { kafkaTopicName, kafkaUserName, teamScopedId, topicResourceName } from "../config/teamNames";

/** Label on every team-owned object (and the user's credentials Secret): RBAC and policies select by it. */
export const TEAM_LABEL = "kafka-platform.io/team";
export const APPLICATION_LABEL = "kafka-platform.io/application";

/**
 * Makes Pulumi wait until the operator reports the resource Ready, so a topic Kafka refuses or a
 * user whose credentials were not issued fails the deployment instead of passing unnoticed.
 */
export const WAIT_FOR_READY = { "pulumi.com/waitFor": "condition=Ready" };

/** Where a team's custom resources go: the Kafka cluster's name and namespace. */
export interface ClusterRef {
    name: string;
    namespace: string;
}

function labels(cluster: ClusterRef, team: string): Record<string, string> {
    return { [STRIMZI_CLUSTER_LABEL]: cluster.name, [TEAM_LABEL]: team };
}

export function topicConfig(topic: TeamTopic): Record<string, string | number | boolean> {
    return {
        ...(topic.cleanupPolicy !== undefined ? { "cleanup.policy": topic.cleanupPolicy } : {}),
        ...(topic.retentionMs !== undefined ? { "retention.ms": topic.retentionMs } : {}),
        ...(topic.retentionBytes !== undefined ? { "retention.bytes": topic.retentionBytes } : {}),
        ...topic.config,
    };
}

/**
 * The KafkaTopic of one team topic. `defaultReplicationFactor` fills in replicas when the topic does
 * not set them, so the spec always states the replication the topic really gets.
 */
export function renderTopic(team: string, topic: TeamTopic, cluster: ClusterRef, defaultReplicationFactor: number): KafkaTopic {
    const topicName = kafkaTopicName(team, topic.name);
    const config = topicConfig(topic);
    return {
        apiVersion: STRIMZI_API_VERSION,
        kind: "KafkaTopic",
        metadata: {
            name: topicResourceName(topicName),
            namespace: cluster.namespace,
            labels: labels(cluster, team),
            annotations: WAIT_FOR_READY,
        },
        spec: {
            topicName,
            partitions: topic.partitions,
            replicas: topic.replicas ?? defaultReplicationFactor,
            ...(Object.keys(config).length > 0 ? { config } : {}),
        },
    };
}

const OPERATION_ORDER: AclOperation[] = ["Read", "Write", "Describe"];

const PRODUCE: AclOperation[] = ["Write", "Describe"];
const CONSUME: AclOperation[] = ["Read", "Describe"];
/** Joining, committing and fetching offsets of a group all authorize as Read on it (Describe is implied). */
const GROUP: AclOperation[] = ["Read"];
/** A transactional producer needs Write on its id (Describe to find the coordinator); nothing on the cluster. */
const TRANSACTIONAL_ID: AclOperation[] = ["Write", "Describe"];

type Resource = AclRule["resource"];

function topicResource(team: string, ref: TopicRef): Resource {
    switch (ref.kind) {
        case "topic":
            return { type: "topic", name: kafkaTopicName(team, ref.name), patternType: "literal" };
        case "prefix":
            return { type: "topic", name: kafkaTopicName(team, ref.prefix), patternType: "prefix" };
        case "shared":
            return { type: "topic", name: kafkaTopicName(ref.team, ref.topic), patternType: "literal" };
    }
}

function idResource(team: string, type: "group" | "transactionalId", ref: IdRef): Resource {
    return ref.kind === "name"
        ? { type, name: teamScopedId(team, ref.name), patternType: "literal" }
        : { type, name: teamScopedId(team, ref.prefix), patternType: "prefix" };
}

/**
 * The least-privilege ACLs of one application: Write and Describe on what it produces, Read and
 * Describe on what it consumes, Read on its groups, Write and Describe on its transactional ids.
 * No cluster-level grant: since Kafka 2.8 (KAFKA-10619) Write on a topic is enough to initialise an
 * idempotent producer, so IdempotentWrite is not needed. A resource named twice gets one rule with
 * the union of its operations.
 */
export function renderAcls(team: string, app: TeamApplication): AclRule[] {
    const rules = new Map<string, { resource: Resource; operations: Set<AclOperation> }>();
    const grant = (resource: Resource, operations: AclOperation[]) => {
        const key = `${resource.type}|${resource.patternType}|${resource.name}`;
        const rule = rules.get(key) ?? { resource, operations: new Set<AclOperation>() };
        operations.forEach((o) => rule.operations.add(o));
        rules.set(key, rule);
    };
    app.produces.forEach((r) => grant(topicResource(team, r), PRODUCE));
    app.consumes.forEach((r) => grant(topicResource(team, r), CONSUME));
    app.groups.forEach((r) => grant(idResource(team, "group", r), GROUP));
    app.transactionalIds.forEach((r) => grant(idResource(team, "transactionalId", r), TRANSACTIONAL_ID));
    return [...rules.values()].map(({ resource, operations }) => ({
        resource,
        type: "allow",
        host: "*",
        operations: OPERATION_ORDER.filter((o) => operations.has(o)),
    }));
}

/** Where a self-service team's credentials go and the limits its quotas default to. */
export interface SelfService {
    namespace: string;
    limits: TeamLimits;
}

/** The application's quotas; under a team limit, a quota the application does not set is the limit. */
function quotas(app: TeamApplication, limits?: TeamLimits): KafkaUserQuotas | undefined {
    const defaults: KafkaUserQuotas = {
        ...(limits?.producerByteRate !== undefined ? { producerByteRate: limits.producerByteRate } : {}),
        ...(limits?.consumerByteRate !== undefined ? { consumerByteRate: limits.consumerByteRate } : {}),
        ...(limits?.requestPercentage !== undefined ? { requestPercentage: limits.requestPercentage } : {}),
    };
    const q = { ...defaults, ...app.quotas };
    return Object.keys(q).length > 0 ? q : undefined;
}

/**
 * The KafkaUser of one application; the User Operator writes its credentials to a Secret of the same
 * name, which Reflector copies into a self-service team's namespace.
 */
export function renderUser(team: string, app: TeamApplication, cluster: ClusterRef, selfService?: SelfService): KafkaUser {
    const q = quotas(app, selfService?.limits);
    const secretMetadata = {
        labels: { [TEAM_LABEL]: team, [APPLICATION_LABEL]: app.name },
        ...(selfService !== undefined ? { annotations: reflectionAnnotations(selfService.namespace) } : {}),
    };
    return {
        apiVersion: STRIMZI_API_VERSION,
        kind: "KafkaUser",
        metadata: {
            name: kafkaUserName(team, app.name),
            namespace: cluster.namespace,
            labels: { ...labels(cluster, team), [APPLICATION_LABEL]: app.name },
            annotations: WAIT_FOR_READY,
        },
        spec: {
            authentication: { type: app.authentication },
            authorization: { type: "simple", acls: renderAcls(team, app) },
            ...(q !== undefined ? { quotas: q } : {}),
            template: { secret: { metadata: secretMetadata } },
        },
    };
}

/** The Kafka principal the brokers see for an application, as ACLs and quotas name it. */
export function principal(team: string, app: TeamApplication): string {
    const user = kafkaUserName(team, app.name);
    return app.authentication === "tls" ? `User:CN=${user}` : `User:${user}`;
}

/** Every team's custom resources, for policies and conformance checks that look at the whole set. */
export function renderTeam(team: string, config: TeamConfig, cluster: ClusterRef, defaultReplicationFactor: number, selfService?: SelfService): (KafkaTopic | KafkaUser)[] {
    return [
        ...config.topics.map((t) => renderTopic(team, t, cluster, defaultReplicationFactor)),
        ...config.applications.map((a) => renderUser(team, a, cluster, selfService)),
    ];
}

/** The topics teams marked `archive`, as the S3 sink needs them. */
export function archivedTopics(teams: TeamsConfig): ArchivedTopic[] {
    return Object.entries(teams).flatMap(([team, t]) =>
        t.topics
            .filter((topic) => topic.archive !== undefined)
            .map((topic) => ({
                team,
                topicName: kafkaTopicName(team, topic.name),
                format: (topic.archive as { format: "jsonl" | "parquet" }).format,
                recordFormat: topic.recordFormat,
            })),
    );
}

/**
 * Kafka topic name -> who its owner shares it with (`<team>` or `<team>.<application>`). The platform
 * stack exports it so tenant stacks can check their reads of other teams' topics.
 */
export function sharedTopics(teams: TeamsConfig): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const [team, t] of Object.entries(teams)) {
        for (const topic of t.topics) {
            if (topic.sharedWith.length > 0) {
                out[kafkaTopicName(team, topic.name)] = [...topic.sharedWith];
            }
        }
    }
    return out;
}
