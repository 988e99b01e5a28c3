import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { PlatformConfig, TeamLimits, TenantAccessConfig, TenantsConfig } from "../config";
import { renderTeamNamespaceQuota, renderTeamRbac } from "./access";
import { CredentialReflector, reflectionAnnotations } from "./credentials";
import { renderAdmissionPolicies, renderBinding, TeamAdmissionFacts, teamGroup } from "./admission";
import { sharedTopics, TEAM_LABEL } from "./render";

export interface TeamAccessArgs {
    team: string;
    tenant: TenantAccessConfig;
    /** The EKS cluster the access entries belong to. */
    eksClusterName: pulumi.Input<string>;
    awsProvider: aws.Provider;
    k8sProvider: k8s.Provider;
    kafkaNamespace: string;
    /** The cluster facts, super-users and shared topics the team's admission policies are rendered from. */
    admission: Omit<TeamAdmissionFacts, "team" | "namespace" | "limits">;
    /** What the Kafka-namespace RBAC waits for (the namespace itself). */
    dependsOn?: pulumi.Input<pulumi.Resource>[];
}

/** `team-<team>-<account>-<role name>`: stable whatever the order of deployRoleArns. */
export function teamEntryName(team: string, roleArn: string): string {
    const [, , , , account, resource] = roleArn.split(":");
    return `team-${team}-${account}-${resource.split("/").pop()}`;
}

/**
 * Everything that lets one team deploy its own stack and nothing more: an EKS access entry per deploy
 * role in the team's Kubernetes group with no access policy (so Kubernetes RBAC alone decides), the
 * team's namespace, RBAC for the group, and the admission policies that hold it to its own names and
 * limits.
 */
export class TeamAccess extends pulumi.ComponentResource {
    readonly team: string;
    readonly group: string;
    readonly namespace: string;
    readonly deployRoleArns: string[];

    constructor(name: string, args: TeamAccessArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kafka-platform:tenancy:TeamAccess", name, {}, opts);
        const { team, tenant } = args;
        this.team = team;
        this.group = teamGroup(team);
        this.namespace = tenant.namespace;
        this.deployRoleArns = tenant.deployRoleArns;

        for (const arn of tenant.deployRoleArns) {
            new aws.eks.AccessEntry(teamEntryName(team, arn), {
                clusterName: args.eksClusterName,
                principalArn: arn,
                type: "STANDARD",
                kubernetesGroups: [this.group],
                tags: { [TEAM_LABEL]: team },
            }, { parent: this, provider: args.awsProvider });
        }

        const o = { parent: this, provider: args.k8sProvider };
        const rbac = renderTeamRbac(team, tenant.namespace, args.kafkaNamespace);
        const namespace = new k8s.core.v1.Namespace(`${name}-ns`, rbac.namespace, o);
        // The group gets its rights in the Kafka namespace only once the policies that limit them are bound.
        const bindings = renderAdmissionPolicies({ ...args.admission, team, namespace: tenant.namespace, limits: tenant.limits }).map((p) => {
            const policy = new k8s.admissionregistration.v1.ValidatingAdmissionPolicy(p.metadata.name, p, o);
            return new k8s.admissionregistration.v1.ValidatingAdmissionPolicyBinding(p.metadata.name, renderBinding(p), { ...o, dependsOn: [policy] });
        });
        const role = new k8s.rbac.v1.Role(`${name}-kafka`, rbac.kafkaRole, { ...o, dependsOn: args.dependsOn ?? [] });
        new k8s.rbac.v1.RoleBinding(`${name}-kafka`, rbac.kafkaRoleBinding, { ...o, dependsOn: [role, ...bindings] });
        // The ceiling is in place before the team may create anything in its namespace.
        const quota = renderTeamNamespaceQuota(team, tenant.namespace, tenant.namespaceQuota);
        const ceiling = [
            new k8s.core.v1.ResourceQuota(`${name}-ns`, quota.resourceQuota, { ...o, dependsOn: [namespace] }),
            new k8s.core.v1.LimitRange(`${name}-ns`, quota.limitRange, { ...o, dependsOn: [namespace] }),
        ];
        new k8s.rbac.v1.RoleBinding(`${name}-ns`, rbac.namespaceRoleBinding, { ...o, dependsOn: [namespace, ...ceiling] });
        this.registerOutputs({ group: this.group, namespace: this.namespace, deployRoleArns: this.deployRoleArns });
    }
}

export interface TeamAccessSet {
    teams: TeamAccess[];
    /** Present when at least one team deploys its own stack. */
    reflector?: CredentialReflector;
}

/** A TeamAccess per self-service team, and Reflector to deliver their credentials, when there is any such team. */
export function createTeamAccess(
    tenants: TenantsConfig,
    args: Omit<TeamAccessArgs, "team" | "tenant"> & { reflectorDependsOn?: pulumi.Input<pulumi.Resource>[] },
): TeamAccessSet {
    const { reflectorDependsOn, ...common } = args;
    const teams = Object.entries(tenants).map(([team, tenant]) => new TeamAccess(team, { ...common, team, tenant }));
    if (teams.length === 0) {
        return { teams };
    }
    return { teams, reflector: new CredentialReflector("credential-reflector", { provider: args.k8sProvider, dependsOn: reflectorDependsOn }) };
}

/** What a team's own stack reads about its access from the platform stack's `tenants` output. */
export interface TenantAccessOutput {
    deployRoleArns: string[];
    namespace: string;
    group: string;
    limits: TeamLimits;
}

export function tenantAccessOutputs(tenants: TenantsConfig): Record<string, TenantAccessOutput> {
    return Object.fromEntries(
        Object.entries(tenants).map(([team, t]) => [team, { deployRoleArns: [...t.deployRoleArns], namespace: t.namespace, group: teamGroup(team), limits: { ...t.limits } }]),
    );
}

/** What every team's admission policies share, from the platform stack's config. */
export function platformAdmissionFacts(config: Pick<PlatformConfig, "environment" | "kafka" | "teams">): TeamAccessArgs["admission"] {
    return {
        kafkaCluster: config.kafka.name,
        cluster: {
            brokerReplicas: config.kafka.brokers.replicas,
            defaultReplicationFactor: config.kafka.defaultReplicationFactor,
            minInsyncReplicas: config.kafka.minInsyncReplicas,
        },
        prod: config.environment === "prod",
        // The User Operator puts a KafkaUser's name in its certificate's CN (or uses it as the SCRAM name).
        superUserNames: config.kafka.superUsers.map((p) => p.replace(/^CN=/, "")),
        sharedTopics: sharedTopics(config.teams),
    };
}

/**
 * Reflector's annotations for the cluster CA certificate's Secret: every self-service team's
 * applications need the (public) CA to trust the brokers, in their own namespace. None without such teams.
 */
export function clusterCaReflection(tenants: TenantsConfig): Record<string, string> | undefined {
    const namespaces = Object.values(tenants).map((t) => t.namespace);
    return namespaces.length > 0 ? reflectionAnnotations(namespaces.join(",")) : undefined;
}
