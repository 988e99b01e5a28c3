import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, ConfigProblem } from "../config";
import { keyPath, valueAt } from "../config/errors";
import { Authentication, checkTeamsAgainstCluster, ClusterFacts, TeamConfig, TeamsConfig } from "../config/teams";
import { KafkaClusterInfo } from "../kafka/info";
import { clusterCaCertSecretName, tlsBootstrapAddress } from "../kafka/kafkaCluster";
import { kafkaTopicName, kafkaUserName, topicResourceName } from "../config/teamNames";
import { checkTeamAgainstLimits } from "../config/tenants";
import { ClusterRef, principal, renderTopic, renderUser, SelfService } from "./render";
import { strimziResource } from "../strimzi/resource";
import { StrimziResource } from "../strimzi/types";

export interface TeamTenantArgs {
    team: string;
    config: TeamConfig;
    info: KafkaClusterInfo;
    /** Kubernetes provider of the cluster Kafka runs on. */
    provider: k8s.Provider;
    /** Deleting a KafkaTopic deletes the topic and its records, so production-like stacks protect them. */
    protectTopics: boolean;
    /**
     * Problems found while deploying, outside this component (a tenant stack's checks of the platform
     * stack's outputs). Any problem stops every resource of the team.
     */
    preconditions?: pulumi.Input<ConfigProblem[]>;
    /**
     * A self-service team (a tenant stack): where its credentials are reflected and the limits its
     * config is checked against and its quotas default to, from the platform stack's outputs.
     */
    selfService?: pulumi.Input<SelfService>;
}

/** What an application's owners need to connect it: never the credentials themselves. */
export interface ApplicationAccess {
    /** The KafkaUser; the User Operator writes its credentials to a Secret of the same name in the Kafka namespace. */
    kafkaUser: string;
    credentialsSecret: pulumi.Output<string>;
    authentication: Authentication;
    /** The principal ACLs and quotas apply to. */
    principal: string;
}

/**
 * One team's share of the Kafka cluster: a KafkaTopic per topic and a KafkaUser per application
 * with least-privilege ACLs and quotas, all labelled with the team. Nothing is created until the
 * team's topics fit the cluster (brokers, default replication factor, min.insync.replicas) and every
 * precondition holds.
 */
export class TeamTenant extends pulumi.ComponentResource {
    readonly team: string;
    /** Kafka names of the team's topics. */
    readonly topics: string[];
    /** Application name -> how it authenticates and where its credentials are. */
    readonly applications: Record<string, ApplicationAccess>;

    constructor(name: string, args: TeamTenantArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kafka-platform:tenancy:TeamTenant", name, {}, opts);
        const { team, config, info } = args;
        this.team = team;

        const check = (clusterName: string, namespace: string, facts: ClusterFacts, preconditions: ConfigProblem[], selfService?: SelfService): Ready => {
            const problems = [...preconditions, ...clusterProblems(team, config, facts, selfService)];
            if (problems.length > 0) {
                throw new ConfigError(problems);
            }
            return { cluster: { name: clusterName, namespace }, facts, selfService };
        };
        // The platform stack knows its cluster from config and renders every manifest right away; a
        // team's own stack learns it from the platform stack's outputs, so its manifests wait for them.
        const known = args.selfService === undefined ? plainFacts(info, args.preconditions) : undefined;
        const ready: Ready | pulumi.Output<Ready> = known
            ? check(known.name, known.namespace, known.facts, [])
            : pulumi
                  .all([info.name, info.namespace, info.brokerReplicas, info.defaultReplicationFactor, info.minInsyncReplicas, args.preconditions ?? [], args.selfService])
                  .apply(([clusterName, namespace, brokerReplicas, defaultReplicationFactor, minInsyncReplicas, preconditions, selfService]) =>
                      check(clusterName, namespace, { brokerReplicas, defaultReplicationFactor, minInsyncReplicas }, preconditions, selfService),
                  );
        const render = <T>(f: (r: Ready) => T): T | pulumi.Output<T> => (pulumi.Output.isInstance(ready) ? ready.apply(f) : f(ready));

        const childOpts = { parent: this, provider: args.provider, dependsOn: info.readyResources };
        const create = <K extends string, S>(resourceName: string, kind: K, manifest: StrimziResource<K, S> | pulumi.Output<StrimziResource<K, S>>, protect: boolean) =>
            strimziResource(resourceName, kind, manifest, { ...childOpts, protect });

        for (const topic of config.topics) {
            const manifest = render(({ cluster, facts }) => renderTopic(team, topic, cluster, facts.defaultReplicationFactor));
            create(topicResourceName(kafkaTopicName(team, topic.name)), "KafkaTopic", manifest, args.protectTopics);
        }

        this.applications = {};
        for (const app of config.applications) {
            const userName = kafkaUserName(team, app.name);
            const user = create(userName, "KafkaUser", render(({ cluster, selfService }) => renderUser(team, app, cluster, selfService)), false);
            this.applications[app.name] = {
                kafkaUser: userName,
                credentialsSecret: user.metadata.name,
                authentication: app.authentication,
                principal: principal(team, app),
            };
        }
        this.topics = config.topics.map((t) => kafkaTopicName(team, t.name));
        this.registerOutputs({ topics: this.topics, applications: this.applications });
    }
}

interface Ready {
    cluster: ClusterRef;
    facts: ClusterFacts;
    selfService?: SelfService;
}

/** The cluster's name, namespace and facts when they are all plain values and nothing else must be awaited. */
function plainFacts(info: KafkaClusterInfo, preconditions: TeamTenantArgs["preconditions"]): { name: string; namespace: string; facts: ClusterFacts } | undefined {
    const { name, namespace, brokerReplicas, defaultReplicationFactor, minInsyncReplicas } = info;
    if (
        preconditions === undefined &&
        typeof name === "string" &&
        typeof namespace === "string" &&
        typeof brokerReplicas === "number" &&
        typeof defaultReplicationFactor === "number" &&
        typeof minInsyncReplicas === "number"
    ) {
        return { name, namespace, facts: { brokerReplicas, defaultReplicationFactor, minInsyncReplicas } };
    }
    return undefined;
}

function clusterProblems(team: string, config: TeamConfig, facts: ClusterFacts, selfService?: SelfService): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const root = { teams: { [team]: config } };
    const report = (path: readonly PropertyKey[], message: string): void => void problems.push({ path: keyPath(path), message, value: valueAt(root, path) });
    checkTeamsAgainstCluster(root.teams, facts, report);
    if (selfService !== undefined) {
        checkTeamAgainstLimits(team, config, selfService.limits, report);
    }
    return problems;
}

/**
 * The platform stack's view of its own cluster: name and namespace from config, and the bootstrap
 * address and CA Secret Strimzi derives from them, so the manifests of teams, Kafka Connect and the
 * demo are known at preview (a first preview has no Kafka outputs at all) instead of waiting for the
 * Kafka resource's outputs, while `readyResources` still orders every one of them after it.
 */
export function clusterInfoFromConfig(info: KafkaClusterInfo, kafka: { name: string; namespace: string }): KafkaClusterInfo {
    return {
        ...info,
        name: kafka.name,
        namespace: kafka.namespace,
        tlsBootstrapServers: tlsBootstrapAddress(kafka.name, kafka.namespace),
        clusterCaCertSecret: clusterCaCertSecretName(kafka.name),
    };
}

/** A TeamTenant per team, in the order of the config. */
export function createTeamTenants(
    teams: TeamsConfig,
    args: Omit<TeamTenantArgs, "team" | "config">,
    opts?: pulumi.ComponentResourceOptions,
): TeamTenant[] {
    return Object.entries(teams).map(([team, config]) => new TeamTenant(team, { ...args, team, config }, opts));
}
