import { STRIMZI_API_VERSION } from "../strimzi/types";
import { teamGroup } from "./admission";
import { TEAM_LABEL } from "./render";

/**
 * The Kubernetes RBAC of a self-service team's group: in the Kafka namespace, KafkaTopics and
 * KafkaUsers and nothing else (no Secrets, no other kind); in the team's own namespace, the built-in
 * `edit` role, so the team deploys its applications and reads the credentials reflected there.
 */

const RBAC_API_GROUP = "rbac.authorization.k8s.io";

/** Enough for Pulumi's server-side apply, `pulumi.com/waitFor` (watch) and kubectl; nothing on status or other kinds. */
export const KAFKA_RESOURCE_VERBS = ["get", "list", "watch", "create", "update", "patch", "delete"];

/** Kubernetes' built-in aggregated role for read-write access to a namespace's workloads, without RBAC or quota changes. */
export const TEAM_NAMESPACE_ROLE = "edit";

export interface Meta {
    name: string;
    namespace?: string;
    labels: Record<string, string>;
}

export interface Subject {
    kind: "Group";
    apiGroup: typeof RBAC_API_GROUP;
    name: string;
}

export interface Role {
    apiVersion: "rbac.authorization.k8s.io/v1";
    kind: "Role";
    metadata: Meta;
    rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[];
}

export interface RoleBinding {
    apiVersion: "rbac.authorization.k8s.io/v1";
    kind: "RoleBinding";
    metadata: Meta;
    subjects: Subject[];
    roleRef: { apiGroup: typeof RBAC_API_GROUP; kind: "Role" | "ClusterRole"; name: string };
}

export interface Namespace {
    apiVersion: "v1";
    kind: "Namespace";
    metadata: Meta;
}

export interface TeamRbac {
    namespace: Namespace;
    kafkaRole: Role;
    kafkaRoleBinding: RoleBinding;
    namespaceRoleBinding: RoleBinding;
}

export function renderTeamRbac(team: string, teamNamespace: string, kafkaNamespace: string): TeamRbac {
    const labels = { [TEAM_LABEL]: team };
    const name = `kafka-team-${team}`;
    const subjects: Subject[] = [{ kind: "Group", apiGroup: RBAC_API_GROUP, name: teamGroup(team) }];
    return {
        namespace: { apiVersion: "v1", kind: "Namespace", metadata: { name: teamNamespace, labels } },
        kafkaRole: {
            apiVersion: "rbac.authorization.k8s.io/v1",
            kind: "Role",
            metadata: { name, namespace: kafkaNamespace, labels },
            rules: [{ apiGroups: [STRIMZI_API_VERSION.split("/")[0]], resources: ["kafkatopics", "kafkausers"], verbs: KAFKA_RESOURCE_VERBS }],
        },
        kafkaRoleBinding: {
            apiVersion: "rbac.authorization.k8s.io/v1",
            kind: "RoleBinding",
            metadata: { name, namespace: kafkaNamespace, labels },
            subjects,
            roleRef: { apiGroup: RBAC_API_GROUP, kind: "Role", name },
        },
        namespaceRoleBinding: {
            apiVersion: "rbac.authorization.k8s.io/v1",
            kind: "RoleBinding",
            metadata: { name, namespace: teamNamespace, labels },
            subjects,
            roleRef: { apiGroup: RBAC_API_GROUP, kind: "ClusterRole", name: TEAM_NAMESPACE_ROLE },
        },
    };
}
