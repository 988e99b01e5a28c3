import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, ConfigProblem, TeamsConfig, TenantConfig } from "../config";
import { isProductionLike } from "../config/environment";
import { KafkaClusterInfo } from "../kafka/info";
import { kafkaTopicName } from "../config/teamNames";
import { sharedTopics } from "../teams/render";
import { SelfService } from "../teams/render";
import { TenantAccessOutput } from "../teams/teamAccess";
import { TeamTenant } from "../teams/teamTenant";
import { checkAssumedRole, deployRole, sessionName, teamKubeconfig } from "./tenantAccess";

/** Outputs of the platform stack a tenant stack reads. */
export const PLATFORM_OUTPUTS = {
    environment: "environment",
    region: "region",
    clusterName: "kafkaClusterName",
    namespace: "kafkaNamespace",
    brokerReplicas: "kafkaBrokerReplicas",
    defaultReplicationFactor: "kafkaDefaultReplicationFactor",
    minInsyncReplicas: "kafkaMinInsyncReplicas",
    tlsBootstrapServers: "kafkaTlsBootstrapServers",
    clusterCaCertSecret: "kafkaClusterCaCertSecret",
    teamNames: "teamNames",
    sharedTopics: "sharedTopics",
    eksClusterName: "clusterName",
    clusterEndpoint: "clusterEndpoint",
    clusterCertificateAuthority: "clusterCertificateAuthority",
    tenants: "tenants",
} as const;

/**
 * The outputs about Kafka and its teams that every platform stack exports and team stacks read, by
 * the same names the tenant program reads them: a team is managed in one place, and reads across
 * teams need the owner's grant.
 */
export function kafkaAndTeamOutputs(info: KafkaClusterInfo, teams: TeamsConfig, tenants: TeamTenant[]): Record<string, pulumi.Input<unknown>> {
    return {
        [PLATFORM_OUTPUTS.clusterName]: info.name,
        [PLATFORM_OUTPUTS.namespace]: info.namespace,
        [PLATFORM_OUTPUTS.brokerReplicas]: info.brokerReplicas,
        [PLATFORM_OUTPUTS.defaultReplicationFactor]: info.defaultReplicationFactor,
        [PLATFORM_OUTPUTS.minInsyncReplicas]: info.minInsyncReplicas,
        [PLATFORM_OUTPUTS.tlsBootstrapServers]: info.tlsBootstrapServers,
        [PLATFORM_OUTPUTS.clusterCaCertSecret]: info.clusterCaCertSecret,
        [PLATFORM_OUTPUTS.teamNames]: Object.keys(teams),
        [PLATFORM_OUTPUTS.sharedTopics]: sharedTopics(teams),
        teams: Object.fromEntries(tenants.map((t) => [t.team, { topics: t.topics, applications: t.applications }])),
    };
}

function count(output: string, value: unknown): number {
    if (!Number.isSafeInteger(value) || (value as number) < 1) {
        throw new Error(`platform stack output ${output} must be a positive integer, got ${JSON.stringify(value)}`);
    }
    return value as number;
}

/** The platform stack's outputs a tenant stack is checked against. */
export interface PlatformFacts {
    environment: string;
    region: string;
    teamNames: string[];
    sharedTopics: Record<string, string[]>;
    /** Teams that deploy their own stack, with their deploy roles, namespace and limits. */
    tenants: Record<string, TenantAccessOutput>;
}

/**
 * What the platform stack's outputs say is wrong with this tenant stack: a different environment,
 * a team the platform stack also manages, or a read of another team's topic that its owner does not
 * share with this team or application.
 */
export function tenantProblems(
    config: TenantConfig,
    platform: PlatformFacts,
): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const team = config.team;
    if (platform.environment !== config.environment) {
        problems.push({
            path: "environment",
            message: `must be the platform stack's environment (${platform.environment}): a ${config.environment} team stack cannot use the ${platform.environment} cluster`,
            value: config.environment,
        });
    }
    if (platform.region !== config.region) {
        problems.push({
            path: "region",
            message: `must be the platform stack's region (${platform.region}): set region in this stack's file to the region of ${config.platformStack}`,
            value: config.region,
        });
    }
    if (platform.teamNames.includes(team)) {
        problems.push({
            path: "teams",
            message: `must not hold team ${team}: the platform stack ${config.platformStack} also has it in its teams section; manage a team in one place only`,
            value: [team],
        });
    }
    config.teams[team].applications.forEach((app, a) => {
        app.consumes.forEach((ref, k) => {
            if (ref.kind !== "shared") {
                return;
            }
            const topic = kafkaTopicName(ref.team, ref.topic);
            const grants = platform.sharedTopics[topic] ?? [];
            if (!grants.includes(team) && !grants.includes(`${team}.${app.name}`)) {
                problems.push({
                    path: `teams.${team}.applications.${a}.consumes.${k}.shared`,
                    message: `may not read ${topic}: the platform stack ${config.platformStack} does not share it with ${team} or ${team}.${app.name} (the owning team lists readers in the topic's sharedWith)`,
                    value: topic,
                });
            }
        });
    });
    const role = deployRole(config, platform.tenants[team]);
    if ("problem" in role) {
        problems.push(role.problem);
    }
    return problems;
}

/** The team's access as the platform stack grants it, once every precondition holds. */
interface Granted {
    role: string;
    selfService: SelfService;
}

/**
 * A team's own stack: reads the platform stack through a StackReference, signs in to its cluster as
 * one of the team's deploy roles, and creates only this team's resources. Every precondition
 * (environment, region, the team's registration and role, shared reads) is checked before any
 * credential is asked for, and the AWS provider assumes the role before anything touches the
 * cluster, so a deployer who may not deploy the team fails at the start of the preview.
 */
export function buildTenant(config: TenantConfig): Record<string, pulumi.Input<unknown>> {
    const platform = new pulumi.StackReference("platform", { name: config.platformStack });
    const output = (name: string) => platform.requireOutput(name);
    const countOf = (name: string) => output(name).apply((v) => count(name, v));

    const info: KafkaClusterInfo = {
        name: output(PLATFORM_OUTPUTS.clusterName).apply(String),
        namespace: output(PLATFORM_OUTPUTS.namespace).apply(String),
        brokerReplicas: countOf(PLATFORM_OUTPUTS.brokerReplicas),
        defaultReplicationFactor: countOf(PLATFORM_OUTPUTS.defaultReplicationFactor),
        minInsyncReplicas: countOf(PLATFORM_OUTPUTS.minInsyncReplicas),
        tlsBootstrapServers: output(PLATFORM_OUTPUTS.tlsBootstrapServers).apply(String),
        clusterCaCertSecret: output(PLATFORM_OUTPUTS.clusterCaCertSecret).apply(String),
        // The platform stack is deployed, so its Kafka (and the operator's CRDs) already exist.
        readyResources: [],
    };
    const granted: pulumi.Output<Granted> = pulumi
        .all([
            output(PLATFORM_OUTPUTS.environment),
            output(PLATFORM_OUTPUTS.region),
            output(PLATFORM_OUTPUTS.teamNames),
            output(PLATFORM_OUTPUTS.sharedTopics),
            platform.getOutput(PLATFORM_OUTPUTS.tenants),
        ])
        .apply(([environment, region, teamNames, shared, tenants]) => {
            const facts: PlatformFacts = {
                environment: String(environment),
                region: String(region),
                teamNames: teamNames as string[],
                sharedTopics: shared as Record<string, string[]>,
                tenants: (tenants ?? {}) as Record<string, TenantAccessOutput>,
            };
            const problems = tenantProblems(config, facts);
            const role = deployRole(config, facts.tenants[config.team]);
            if (problems.length > 0 || "problem" in role) {
                throw new ConfigError(problems);
            }
            const access = facts.tenants[config.team];
            return { role: role.role, selfService: { namespace: access.namespace, limits: access.limits } };
        });

    const session = sessionName(config.team);
    const teamAws = new aws.Provider("team-role", {
        region: config.region as aws.Region,
        assumeRoles: [{ roleArn: granted.role, sessionName: session }],
    });
    const identity = aws.getCallerIdentityOutput({}, { provider: teamAws });
    const kubeconfig = pulumi
        .all([output(PLATFORM_OUTPUTS.clusterEndpoint), output(PLATFORM_OUTPUTS.clusterCertificateAuthority), output(PLATFORM_OUTPUTS.eksClusterName), granted.role, identity.arn])
        .apply(([endpoint, certificateAuthority, eksClusterName, role, callerArn]) => {
            checkAssumedRole(callerArn, role, session);
            return teamKubeconfig({ endpoint: String(endpoint), certificateAuthority: String(certificateAuthority) }, String(eksClusterName), config.region, role, session);
        });
    const provider = new k8s.Provider("platform-cluster", {
        kubeconfig: pulumi.secret(kubeconfig),
        enableServerSideApply: true,
    });

    const tenant = new TeamTenant(config.team, {
        team: config.team,
        config: config.teams[config.team],
        info,
        provider,
        protectTopics: isProductionLike(config.environment),
        preconditions: granted.apply(() => []),
        selfService: granted.selfService,
    });
    return {
        team: config.team,
        deployRoleArn: granted.role,
        namespace: granted.selfService.namespace,
        kafkaNamespace: info.namespace,
        bootstrapServers: info.tlsBootstrapServers,
        clusterCaCertSecret: info.clusterCaCertSecret,
        topics: tenant.topics,
        applications: tenant.applications,
    };
}
