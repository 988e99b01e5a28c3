import { PolicyConfigSchema, StackValidationPolicy } from "@pulumi/policy";
import { at, cannotJudgeStack, isUnknown, settings, text } from "./values";

/**
 * A team's deploy role must reach the cluster through its Kubernetes group alone: RBAC and the
 * team's admission policies then decide what it may do. An EKS access policy with cluster scope
 * (AmazonEKSClusterAdminPolicy, AmazonEKSEditPolicy, ...) would grant it rights in every namespace
 * that neither sees.
 *
 * A team role is recognised by its access entry, tagged with the team. The cluster-scoped grants
 * appear as `aws:eks/accessPolicyAssociation:AccessPolicyAssociation` resources (a real preview shows
 * those pulumi-eks creates for its `accessEntries` as its children) or, under the mock runtime where
 * the remote `eks:index:Cluster` has no children, in that component's `accessEntries` input.
 */
export const ACCESS_ENTRY = "aws:eks/accessEntry:AccessEntry";
export const ACCESS_POLICY_ASSOCIATION = "aws:eks/accessPolicyAssociation:AccessPolicyAssociation";
const EKS_COMPONENT = "eks:index:Cluster";

const schema: PolicyConfigSchema = {
    properties: {
        teamTag: { type: "string", default: "kafka-platform.io/team", description: "Tag of the access entry of a team's deploy role, naming the team." },
    },
};

const remedy = "grant the role nothing beyond its access entry's kubernetesGroups (the team's group), or a namespace-scoped policy at most, and keep platform admins in cluster.adminRoleArns";

export const eksTeamRoleNoClusterAccess: StackValidationPolicy = {
    name: "eks-team-role-no-cluster-access",
    description: "No IAM role that deploys a team's own stack is associated with a cluster-wide EKS access policy.",
    severity: "critical",
    remediationSteps:
        "Remove the cluster-scoped access policy association of the team's deploy role (or the role from cluster.adminRoleArns). A team role gets its rights from its access entry's Kubernetes group: RBAC in the Kafka namespace and its own namespace, bounded by the team's admission policies.",
    configSchema: schema,
    validateStack: (args, report) => {
        const { teamTag } = settings<{ teamTag: string }>(schema, args.getConfig());
        const teams = new Map<string, string>();
        /** Entries that may be a team's: any role they name may be a team's deploy role. */
        const unknownEntries: string[] = [];
        for (const r of args.resources) {
            if (r.type !== ACCESS_ENTRY) {
                continue;
            }
            const team = text(at(r.props, "tags", teamTag));
            const principal = text(at(r.props, "principalArn"));
            if (typeof team === "string" && typeof principal === "string") {
                teams.set(principal, team);
            } else if (isUnknown(principal) || isUnknown(team)) {
                unknownEntries.push(`${isUnknown(principal) ? "principalArn" : `tags["${teamTag}"]`} of AccessEntry ${r.name}`);
            }
        }
        const unjudged = new Set<string>();
        const check = (principal: unknown, scope: unknown, policyArn: unknown, where: string, urn: string, described = where) => {
            if (scope !== "cluster" && !isUnknown(scope)) {
                return;
            }
            if (isUnknown(principal)) {
                unjudged.add(`principalArn of ${described}`);
                return;
            }
            if (typeof principal !== "string") {
                return;
            }
            if (!teams.has(principal)) {
                unknownEntries.filter(() => scope === "cluster").forEach((what) => unjudged.add(what));
                return;
            }
            if (isUnknown(scope)) {
                unjudged.add(`accessScope.type of ${described}`);
                return;
            }
            const policy = typeof policyArn === "string" ? policyArn : "an access policy";
            report(`${where} associates ${policy} with cluster scope to ${principal}, the deploy role of team ${teams.get(principal)}; ${remedy}.`, urn);
        };
        for (const r of args.resources) {
            if (r.type === ACCESS_POLICY_ASSOCIATION) {
                check(text(at(r.props, "principalArn")), text(at(r.props, "accessScope", "type")), text(at(r.props, "policyArn")), r.name, r.urn, `AccessPolicyAssociation ${r.name}`);
            }
            if (r.type === EKS_COMPONENT) {
                const entries = at(r.props, "accessEntries");
                if (entries === undefined || entries === null || isUnknown(entries) || typeof entries !== "object") {
                    continue;
                }
                for (const [key, entry] of Object.entries(entries as Record<string, unknown>)) {
                    const policies = at(entry, "accessPolicies");
                    if (policies === undefined || policies === null || isUnknown(policies) || typeof policies !== "object") {
                        continue;
                    }
                    for (const [name, p] of Object.entries(policies as Record<string, unknown>)) {
                        check(text(at(entry, "principalArn")), text(at(p, "accessScope", "type")), text(at(p, "policyArn")), `${r.name}: accessEntries.${key}.accessPolicies.${name}`, r.urn);
                    }
                }
            }
        }
        if (unjudged.size > 0) {
            cannotJudgeStack(args.notApplicable, [...unjudged]);
        }
    },
};

export const teamAccessPolicies = [eksTeamRoleNoClusterAccess];
