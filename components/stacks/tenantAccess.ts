import { ConfigProblem, TenantConfig } from "../config";
import { TenantAccessOutput } from "../teams/teamAccess";

/**
 * How a team's own stack signs in to the platform's cluster: as one of the team's deploy roles, never
 * as the deployer's own identity. The platform stack lists each team's roles in its `tenants` output;
 * the stack assumes the chosen role with the AWS CLI (`aws eks get-token --role-arn`, awscli
 * customizations/eks/get_token.py), so EKS maps it to the team's group and nothing more.
 */

/** The role the stack deploys as, or why there is none. */
export function deployRole(config: TenantConfig, access: TenantAccessOutput | undefined): { role: string } | { problem: ConfigProblem } {
    const team = config.team;
    if (access === undefined) {
        return {
            problem: {
                path: "teams",
                message: `must hold a team the platform stack ${config.platformStack} lets deploy its own stack: ask the platform team to add tenants.${team} with this stack's deploy roles to the platform stack's config`,
                value: [team],
            },
        };
    }
    const roles = access.deployRoleArns;
    if (config.deployRoleArn !== undefined) {
        return roles.includes(config.deployRoleArn)
            ? { role: config.deployRoleArn }
            : {
                  problem: {
                      path: "deployRoleArn",
                      message: `must be one of team ${team}'s deploy roles in the platform stack ${config.platformStack} (tenants.${team}.deployRoleArns: ${roles.join(", ")})`,
                      value: config.deployRoleArn,
                  },
              };
    }
    if (roles.length === 1) {
        return { role: roles[0] };
    }
    return {
        problem: {
            path: "deployRoleArn",
            message: `must be set: the platform stack ${config.platformStack} lists several deploy roles for team ${team} (${roles.join(", ")}); name the one this stack assumes`,
            value: undefined,
        },
    };
}

/** The STS session name the team role is assumed with, so CloudTrail and the API server's audit log name the team. */
export function sessionName(team: string): string {
    return `kafka-team-${team}`.slice(0, 64);
}

interface KubeconfigCluster {
    cluster?: { server?: string; "certificate-authority-data"?: string };
}

/** Where the cluster's API server is and the CA it presents: public facts, exported so team stacks need no admin kubeconfig. */
export interface ClusterEndpoint {
    endpoint: string;
    certificateAuthority: string;
}

/** The API server and CA of the (first) cluster in a JSON kubeconfig such as pulumi-eks's kubeconfigJson. */
export function clusterEndpointOf(kubeconfig: string): ClusterEndpoint {
    const cluster = (JSON.parse(kubeconfig) as { clusters?: KubeconfigCluster[] }).clusters?.[0]?.cluster;
    if (!cluster?.server || !cluster["certificate-authority-data"]) {
        throw new Error("the cluster's kubeconfig names no server and certificate authority");
    }
    return { endpoint: cluster.server, certificateAuthority: cluster["certificate-authority-data"] };
}

/**
 * A kubeconfig for the platform's cluster that signs in as the team role, with a token from
 * `aws eks get-token --role-arn`.
 */
export function teamKubeconfig(cluster: ClusterEndpoint, eksClusterName: string, region: string, roleArn: string, session: string): string {
    return JSON.stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: eksClusterName, cluster: { server: cluster.endpoint, "certificate-authority-data": cluster.certificateAuthority } }],
        contexts: [{ name: session, context: { cluster: eksClusterName, user: session } }],
        "current-context": session,
        users: [
            {
                name: session,
                user: {
                    exec: {
                        apiVersion: "client.authentication.k8s.io/v1beta1",
                        command: "aws",
                        args: ["eks", "get-token", "--cluster-name", eksClusterName, "--region", region, "--role-arn", roleArn, "--session-name", session, "--output", "json"],
                    },
                },
            },
        ],
    });
}

/**
 * Checks that the AWS provider really signed in as the team role: STS reports an assumed role as
 * `arn:<partition>:sts::<account>:assumed-role/<role name>/<session>`.
 */
export function checkAssumedRole(callerArn: string, roleArn: string, session: string): void {
    const [, partition, , , account, resource] = roleArn.split(":");
    const roleName = resource.split("/").pop();
    const expected = `arn:${partition}:sts::${account}:assumed-role/${roleName}/${session}`;
    if (callerArn !== expected) {
        throw new Error(`the deployer is signed in as ${callerArn}, not as the team role ${roleArn} (expected ${expected}): check that your AWS identity may assume that role (sts:AssumeRole in the role's trust policy)`);
    }
}
