import { strict as assert } from "assert";
import { eksTeamRoleNoClusterAccess } from "../../policies/rules/teamAccess";
import { StackResource, stackFindings } from "../support/policyArgs";

const TEAM_ROLE = "arn:aws:iam::111122223333:role/payments-deployer";
const ADMIN_ROLE = "arn:aws:iam::111122223333:role/platform-admins";
const CLUSTER_ADMIN = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";
const EDIT = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy";

const teamEntry: StackResource = {
    type: "aws:eks/accessEntry:AccessEntry",
    name: "team-payments-111122223333-payments-deployer",
    props: { principalArn: TEAM_ROLE, kubernetesGroups: ["kafka-platform:team:payments"], type: "STANDARD", tags: { "kafka-platform.io/team": "payments" } },
};

function association(name: string, principalArn: string, policyArn: string, type: string): StackResource {
    return { type: "aws:eks/accessPolicyAssociation:AccessPolicyAssociation", name, props: { principalArn, policyArn, accessScope: { type, ...(type === "namespace" ? { namespaces: ["payments"] } : {}) } } };
}

function eksCluster(entries: Record<string, unknown>): StackResource {
    return { type: "eks:index:Cluster", name: "cluster-eks", props: { accessEntries: entries } };
}

describe("policy eks-team-role-no-cluster-access", () => {
    it("passes a team role with only its group, and admins with cluster-admin", async () => {
        const admins = eksCluster({ admin: { principalArn: ADMIN_ROLE, accessPolicies: { clusterAdmin: { policyArn: CLUSTER_ADMIN, accessScope: { type: "cluster" } } } } });
        assert.deepEqual(await stackFindings(eksTeamRoleNoClusterAccess, [teamEntry, admins, association("admin-assoc", ADMIN_ROLE, CLUSTER_ADMIN, "cluster")]), []);
    });

    it("passes a namespace-scoped policy for a team role", async () => {
        assert.deepEqual(await stackFindings(eksTeamRoleNoClusterAccess, [teamEntry, association("ns", TEAM_ROLE, EDIT, "namespace")]), []);
    });

    it("reports a cluster-scoped association of a team role, as a real preview shows pulumi-eks's children", async () => {
        assert.deepEqual(await stackFindings(eksTeamRoleNoClusterAccess, [teamEntry, association("cluster-eks-payments", TEAM_ROLE, CLUSTER_ADMIN, "cluster")]), [
            {
                resource: "cluster-eks-payments",
                message: `cluster-eks-payments associates ${CLUSTER_ADMIN} with cluster scope to ${TEAM_ROLE}, the deploy role of team payments; grant the role nothing beyond its access entry's kubernetesGroups (the team's group), or a namespace-scoped policy at most, and keep platform admins in cluster.adminRoleArns.`,
            },
        ]);
    });

    it("reports a team role among the eks component's access entries with a cluster-scoped policy, as the mock runtime shows it", async () => {
        const cluster = eksCluster({ payments: { principalArn: TEAM_ROLE, accessPolicies: { edit: { policyArn: EDIT, accessScope: { type: "cluster" } } } } });
        assert.deepEqual(await stackFindings(eksTeamRoleNoClusterAccess, [teamEntry, cluster]), [
            {
                resource: "cluster-eks",
                message: `cluster-eks: accessEntries.payments.accessPolicies.edit associates ${EDIT} with cluster scope to ${TEAM_ROLE}, the deploy role of team payments; grant the role nothing beyond its access entry's kubernetesGroups (the team's group), or a namespace-scoped policy at most, and keep platform admins in cluster.adminRoleArns.`,
            },
        ]);
    });

    it("knows a team role only by its tagged access entry", async () => {
        const untagged = { ...teamEntry, props: { ...teamEntry.props, tags: {} } };
        assert.deepEqual(await stackFindings(eksTeamRoleNoClusterAccess, [untagged, association("a", TEAM_ROLE, CLUSTER_ADMIN, "cluster")]), []);
    });
});
