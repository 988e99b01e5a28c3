import { CONTAINER_DEFAULTS, NamespaceQuota } from "../config/tenants";
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

/**
 * Pod Security Admission levels of a team namespace. `edit` lets the team run any pod there, and a
 * privileged or hostPath pod owns its node (kubelet credentials, the Secrets of every pod on it,
 * brokers' included): `baseline` refuses those (privileged, host namespaces, hostPath, added
 * capabilities). `restricted` is only warned and audited, so teams see what to harden without
 * existing images breaking. The team cannot relabel its namespace: `edit` grants no namespace updates.
 */
export const TEAM_POD_SECURITY = {
    "pod-security.kubernetes.io/enforce": "baseline",
    "pod-security.kubernetes.io/warn": "restricted",
    "pod-security.kubernetes.io/audit": "restricted",
} as const;

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
        namespace: { apiVersion: "v1", kind: "Namespace", metadata: { name: teamNamespace, labels: { ...labels, ...TEAM_POD_SECURITY } } },
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

export interface ResourceQuota {
    apiVersion: "v1";
    kind: "ResourceQuota";
    metadata: Meta;
    spec: { hard: Record<string, string> };
}

export interface LimitRange {
    apiVersion: "v1";
    kind: "LimitRange";
    metadata: Meta;
    spec: { limits: { type: "Container"; default: Record<string, string>; defaultRequest: Record<string, string> }[] };
}

/**
 * The ceiling of a team's namespace and the requests and limits of a container that names none
 * (without them, a quota on requests and limits refuses such a pod).
 */
export function renderTeamNamespaceQuota(team: string, teamNamespace: string, quota: NamespaceQuota): { resourceQuota: ResourceQuota; limitRange: LimitRange } {
    const metadata = { name: `kafka-team-${team}`, namespace: teamNamespace, labels: { [TEAM_LABEL]: team } };
    return {
        resourceQuota: {
            apiVersion: "v1",
            kind: "ResourceQuota",
            metadata,
            spec: {
                hard: {
                    "requests.cpu": quota.requestsCpu,
                    "requests.memory": quota.requestsMemory,
                    "limits.cpu": quota.limitsCpu,
                    "limits.memory": quota.limitsMemory,
                    "requests.storage": quota.requestsStorage,
                    pods: String(quota.pods),
                    persistentvolumeclaims: String(quota.persistentVolumeClaims),
                    "services.loadbalancers": String(quota.loadBalancers),
                    "services.nodeports": String(quota.nodePorts),
                },
            },
        },
        limitRange: {
            apiVersion: "v1",
            kind: "LimitRange",
            metadata,
            spec: { limits: [{ type: "Container", default: { ...CONTAINER_DEFAULTS.default }, defaultRequest: { ...CONTAINER_DEFAULTS.defaultRequest } }] },
        },
    };
}
