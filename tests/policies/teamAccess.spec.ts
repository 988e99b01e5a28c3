import { strict as assert } from "assert";
import { eksTeamRoleNoClusterAccess } from "../../policies/rules/teamAccess";
import { StackResource, stackFindings, stackOutcome, UNKNOWN_INPUT, unknownStackReason } from "../support/policyArgs";

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
    it("says what it cannot judge: an unknown principal or scope, or an entry that may be a team's", async () => {
        const unknownPrincipal = association("unknown-principal", TEAM_ROLE, CLUSTER_ADMIN, "cluster");
        (unknownPrincipal.props as Record<string, unknown>).principalArn = UNKNOWN_INPUT;
        assert.deepEqual(await stackOutcome(eksTeamRoleNoClusterAccess, [teamEntry, unknownPrincipal, association("ns", TEAM_ROLE, EDIT, "namespace")]), {
            findings: [],
            notApplicable: unknownStackReason("principalArn of AccessPolicyAssociation unknown-principal"),
        });
        const unknownScope = association("unknown-scope", TEAM_ROLE, EDIT, "cluster");
        (unknownScope.props as Record<string, unknown>).accessScope = UNKNOWN_INPUT;
        assert.deepEqual(await stackOutcome(eksTeamRoleNoClusterAccess, [teamEntry, unknownScope]), {
            findings: [],
            notApplicable: unknownStackReason("accessScope.type of AccessPolicyAssociation unknown-scope"),
        });
        const maybeTeam: StackResource = { ...teamEntry, name: "maybe-team", props: { ...teamEntry.props, principalArn: UNKNOWN_INPUT } };
        assert.deepEqual(await stackOutcome(eksTeamRoleNoClusterAccess, [maybeTeam, association("admin-assoc", ADMIN_ROLE, CLUSTER_ADMIN, "cluster")]), {
            findings: [],
            notApplicable: unknownStackReason("principalArn of AccessEntry maybe-team"),
        });
        assert.deepEqual(await stackOutcome(eksTeamRoleNoClusterAccess, [maybeTeam, association("ns", ADMIN_ROLE, EDIT, "namespace")]), { findings: [] });
    });

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
