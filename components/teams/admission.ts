import { ClusterFacts } from "../config/teams";
import { TOPIC_CONFIGS, TYPED_TOPIC_CONFIGS } from "../config/topicConfigs";
import { MAX_QUOTA, TeamLimits } from "../config/tenants";
import { MAX_TLS_USER_NAME_LENGTH, teamPrefix } from "../config/teamNames";
import { STRIMZI_API_VERSION, STRIMZI_CLUSTER_LABEL } from "../strimzi/types";
import { REFLECTOR_ANNOTATION_PREFIX, reflectionAnnotations } from "./credentials";
import { TEAM_LABEL } from "./render";

/**
 * The ValidatingAdmissionPolicies that hold a self-service team to its own names and limits when it
 * talks to the API server directly (kubectl, its own stack). RBAC lets the team's group create,
 * change and delete any KafkaTopic and KafkaUser in the Kafka namespace; these policies, matched to
 * that group only, refuse everything the platform's config checks would refuse.
 *
 * Each team gets its own policies with its values written into the CEL as literals, rather than one
 * policy reading a parameter object per team: the values are lists and maps (shared topics and who
 * may read them, super-users, allowed config keys), which a ConfigMap parameter could only carry as
 * strings to be parsed in CEL, and a parameter CRD would be one more schema to install and keep in
 * step. A rendered policy is exactly what the API server evaluates, so the tests evaluate it as is.
 *
 * CEL used (all in Kubernetes' CEL environment, admissionregistration.k8s.io/v1, GA in 1.30): the
 * standard macros `has`, `all`, `exists`, the operators `in`, `?:`, `==`, `<`, `<=`, the standard
 * functions `size`, `int`, `string` and `startsWith`. No extension library, no optional types.
 */

export const ADMISSION_API_VERSION = "admissionregistration.k8s.io/v1";

/**
 * The status reason of a refusal: Invalid (HTTP 422), not Forbidden (403). Under server-side apply,
 * pulumi-kubernetes 4.x previews a create or an update as a server-side dry-run, which admission
 * policies judge like a real request; but a 403 during that dry-run is taken for missing RBAC and the
 * preview silently falls back to the inputs (provider/pkg/provider/provider.go, Create and Update:
 * `if req.GetPreview() && apierrors.IsForbidden(awaitErr)`). With Invalid, a refused topic or user
 * fails the team's `pulumi preview` with the policy's message instead of passing it and failing `up`.
 */
export const VALIDATION_REASON = "Invalid";

/** The Kubernetes group of a self-service team: its deploy roles' access entries map to it. */
export function teamGroup(team: string): string {
    return `kafka-platform:team:${team}`;
}

/** What one team's policies are rendered from. */
export interface TeamAdmissionFacts {
    team: string;
    /** The namespace the team's applications run in, where its credentials are reflected. */
    namespace: string;
    /** The Kafka cluster whose topics and users the team manages. */
    kafkaCluster: string;
    cluster: ClusterFacts;
    /** Production rules (replicas >= 3, min.insync.replicas >= 2, no unclean election), as config applies them in prod. */
    prod: boolean;
    limits: TeamLimits;
    /** KafkaUser names that would be super-users (their certificate CN or SCRAM name is in kafka.superUsers). */
    superUserNames: string[];
    /** Kafka topic name -> readers (`<team>` or `<team>.<application>`), as the owners share them. */
    sharedTopics: Record<string, string[]>;
}

export interface Validation {
    expression: string;
    message: string;
    reason: typeof VALIDATION_REASON;
}

export interface ValidatingAdmissionPolicy {
    apiVersion: typeof ADMISSION_API_VERSION;
    kind: "ValidatingAdmissionPolicy";
    metadata: { name: string; labels: Record<string, string> };
    spec: {
        failurePolicy: "Fail";
        matchConstraints: {
            resourceRules: { apiGroups: string[]; apiVersions: string[]; operations: string[]; resources: string[] }[];
        };
        matchConditions: { name: string; expression: string }[];
        variables: { name: string; expression: string }[];
        validations: Validation[];
    };
}

export interface ValidatingAdmissionPolicyBinding {
    apiVersion: typeof ADMISSION_API_VERSION;
    kind: "ValidatingAdmissionPolicyBinding";
    metadata: { name: string; labels: Record<string, string> };
    spec: { policyName: string; validationActions: ["Deny"] };
}

/** A CEL string literal. The values come from checked config (DNS labels, Kafka names), so this never meets a quote, but stays safe if it does. */
export function lit(value: string): string {
    return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

function list(values: string[]): string {
    return `[${values.map(lit).join(", ")}]`;
}

function map(entries: [string, string[]][]): string {
    return `{${entries.map(([k, v]) => `${lit(k)}: ${list(v)}`).join(", ")}}`;
}

const STRIMZI_GROUP = STRIMZI_API_VERSION.split("/")[0];
const OBJ = "variables.obj";
const CHANGED = "object == null";

/**
 * On DELETE only oldObject exists; the ownership rules judge whichever object the request carries,
 * the content rules only what is being written.
 */
const COMMON_VARIABLES = [
    { name: "obj", expression: "request.operation == 'DELETE' ? oldObject : object" },
    { name: "labels", expression: `has(${OBJ}.metadata.labels) ? ${OBJ}.metadata.labels : {}` },
];

function ownership(f: TeamAdmissionFacts, kind: string): Validation[] {
    const { team } = f;
    const prefix = lit(teamPrefix(team));
    return [
        {
            expression: `${lit(TEAM_LABEL)} in variables.labels && variables.labels[${lit(TEAM_LABEL)}] == ${lit(team)}`,
            message: `A ${kind} of team ${team} must carry the label ${TEAM_LABEL}: ${team}.`,
            reason: VALIDATION_REASON,
        },
        {
            expression: `${OBJ}.metadata.name.startsWith(${prefix})`,
            message: `A ${kind} of team ${team} must be named ${teamPrefix(team)}<name>.`,
            reason: VALIDATION_REASON,
        },
        {
            expression:
                `request.operation != 'UPDATE' || (has(oldObject.metadata.labels) && ${lit(TEAM_LABEL)} in oldObject.metadata.labels && ` +
                `oldObject.metadata.labels[${lit(TEAM_LABEL)}] == ${lit(team)} && oldObject.metadata.name.startsWith(${prefix}))`,
            message: `Team ${team} may change only its own ${kind}s (labelled ${TEAM_LABEL}: ${team} and named ${teamPrefix(team)}<name>).`,
            reason: VALIDATION_REASON,
        },
        {
            expression: `${CHANGED} || (${lit(STRIMZI_CLUSTER_LABEL)} in variables.labels && variables.labels[${lit(STRIMZI_CLUSTER_LABEL)}] == ${lit(f.kafkaCluster)})`,
            message: `A ${kind} of team ${team} must carry the label ${STRIMZI_CLUSTER_LABEL}: ${f.kafkaCluster}.`,
            reason: VALIDATION_REASON,
        },
        {
            expression: `${CHANGED} || has(object.spec)`,
            message: `A ${kind} of team ${team} must have a spec.`,
            reason: VALIDATION_REASON,
        },
    ];
}

function topicValidations(f: TeamAdmissionFacts): Validation[] {
    const { team, cluster, limits } = f;
    const spec = "object.spec";
    const config = "variables.config";
    const minIsr = `int(${config}['min.insync.replicas'])`;
    const hasMinIsr = `'min.insync.replicas' in ${config}`;
    const replicas = `(has(${spec}.replicas) ? ${spec}.replicas : ${cluster.defaultReplicationFactor})`;
    const keys = [...Object.keys(TYPED_TOPIC_CONFIGS), ...Object.keys(TOPIC_CONFIGS)].sort();
    const rules: Validation[] = [
        {
            expression: `${CHANGED} || (has(${spec}.topicName) ? ${spec}.topicName : object.metadata.name).startsWith(${lit(teamPrefix(team))})`,
            message: `Topics of team ${team} must be named ${teamPrefix(team)}<topic> (spec.topicName, or metadata.name when it is not set).`,
            reason: VALIDATION_REASON,
        },
        {
            expression: `${CHANGED} || !has(${spec}.partitions) || (${spec}.partitions >= 1 && ${spec}.partitions <= ${limits.partitionsPerTopic})`,
            message: `spec.partitions of a topic of team ${team} must be between 1 and ${limits.partitionsPerTopic}.`,
            reason: VALIDATION_REASON,
        },
        {
            expression: `${CHANGED} || !has(${spec}.replicas) || (${spec}.replicas >= 1 && ${spec}.replicas <= ${cluster.brokerReplicas})`,
            message: `spec.replicas must be between 1 and ${cluster.brokerReplicas}, the number of brokers (each replica of a partition needs a broker of its own).`,
            reason: VALIDATION_REASON,
        },
        {
            expression: `${CHANGED} || ${hasMinIsr} || ${replicas} > ${cluster.minInsyncReplicas}`,
            message: `spec.replicas must be above ${cluster.minInsyncReplicas}, the cluster's min.insync.replicas: otherwise one broker down stops every producer that uses acks=all.`,
            reason: VALIDATION_REASON,
        },
        {
            expression: `${CHANGED} || !(${hasMinIsr}) || ${minIsr} < ${replicas}`,
            message: `spec.config.min.insync.replicas must be below the topic's replicas (${cluster.defaultReplicationFactor} when spec.replicas is not set): otherwise one broker down stops every producer that uses acks=all.`,
            reason: VALIDATION_REASON,
        },
        {
            expression: `${CHANGED} || ${config}.all(k, k in ${list(keys)})`,
            message: `spec.config of a topic of team ${team} may set only the topic configs listed in docs/teams.md: ${keys.join(", ")}.`,
            reason: VALIDATION_REASON,
        },
    ];
    if (f.prod) {
        rules.push(
            {
                expression: `${CHANGED} || !has(${spec}.replicas) || ${spec}.replicas >= 3`,
                message: "spec.replicas must be at least 3 in prod: with fewer replicas, losing one zone loses or blocks the topic's data.",
                reason: VALIDATION_REASON,
            },
            {
                expression: `${CHANGED} || !(${hasMinIsr}) || ${minIsr} >= 2`,
                message: "spec.config.min.insync.replicas must be at least 2 in prod: with 1, a write acknowledged by a single broker is lost when that broker fails.",
                reason: VALIDATION_REASON,
            },
            {
                expression: `${CHANGED} || !('unclean.leader.election.enable' in ${config}) || string(${config}['unclean.leader.election.enable']) == 'false'`,
                message: "spec.config.unclean.leader.election.enable must be false in prod: electing an out-of-sync replica as leader drops acknowledged writes.",
                reason: VALIDATION_REASON,
            },
        );
    }
    return rules;
}

const OWN_OPERATIONS: Record<string, string[]> = {
    topic: ["Read", "Write", "Describe"],
    group: ["Read", "Describe"],
    transactionalId: ["Write", "Describe"],
};

/** Shared topics this team may read, with the users that may read each (`*`: every user of the team). */
function readableShares(f: TeamAdmissionFacts): [string, string[]][] {
    return Object.entries(f.sharedTopics)
        .map(([topic, readers]): [string, string[]] => [
            topic,
            readers.includes(f.team) ? ["*"] : readers.filter((r) => r.startsWith(teamPrefix(f.team))),
        ])
        .filter(([, users]) => users.length > 0)
        .sort(([a], [b]) => a.localeCompare(b));
}

function userValidations(f: TeamAdmissionFacts): Validation[] {
    const { team, limits } = f;
    const spec = "object.spec";
    const acls = "variables.acls";
    const prefix = lit(teamPrefix(team));
    const own = `a.resource.name.startsWith(${prefix})`;
    const sharedRead =
        `a.resource.type == 'topic' && (!has(a.resource.patternType) || a.resource.patternType == 'literal') && a.resource.name in variables.shared && ` +
        `('*' in variables.shared[a.resource.name] || object.metadata.name in variables.shared[a.resource.name])`;
    const expected = reflectionAnnotations(f.namespace);
    const annotations = "variables.secretAnnotations";
    const reflectorKey = `k.startsWith(${lit(REFLECTOR_ANNOTATION_PREFIX)})`;
    const opsText = Object.entries(OWN_OPERATIONS)
        .map(([type, ops]) => `${ops.join(", ")} on ${type}s`)
        .join("; ");
    const rules: Validation[] = [
        {
            expression: `${CHANGED} || !(object.metadata.name in ${list(f.superUserNames)})`,
            message: `The KafkaUser name is a super-user of the cluster (kafka.superUsers); team ${team} may not create it.`,
            reason: VALIDATION_REASON,
        },
        {
            expression: `${CHANGED} || (has(${spec}.authentication) && ${spec}.authentication.type in ['tls', 'scram-sha-512'])`,
            message: `spec.authentication.type of a KafkaUser of team ${team} must be tls or scram-sha-512.`,
            reason: VALIDATION_REASON,
        },
        {
            expression: `${CHANGED} || !has(${spec}.authentication) || ${spec}.authentication.type != 'tls' || size(object.metadata.name) <= ${MAX_TLS_USER_NAME_LENGTH}`,
            message: `A tls KafkaUser's name is its certificate's common name and must be at most ${MAX_TLS_USER_NAME_LENGTH} characters long.`,
            reason: VALIDATION_REASON,
        },
        {
            expression: `${CHANGED} || ${acls}.all(a, !has(a.type) || a.type == 'allow')`,
            message: `The ACLs of a KafkaUser of team ${team} must be allow rules.`,
            reason: VALIDATION_REASON,
        },
        {
            expression: `${CHANGED} || ${acls}.all(a, a.resource.type in ['topic', 'group', 'transactionalId'] && has(a.resource.name) && a.resource.name != '*')`,
            message: `The ACLs of a KafkaUser of team ${team} may name only topics, groups and transactional ids, each by name or prefix, never "*" or the cluster.`,
            reason: VALIDATION_REASON,
        },
        {
            expression: `${CHANGED} || ${acls}.all(a, !has(a.resource.name) || ${own} || (${sharedRead}))`,
            message: `The ACLs of a KafkaUser of team ${team} may reach only names starting with ${teamPrefix(team)} and, literally, topics another team shares with it or with this application.`,
            reason: VALIDATION_REASON,
        },
        {
            expression: `${CHANGED} || ${acls}.all(a, !has(a.resource.name) || ${own} || a.operations.all(o, o in ['Read', 'Describe']))`,
            message: `Topics other teams share with team ${team} may only be read: Read and Describe.`,
            reason: VALIDATION_REASON,
        },
        {
            expression: `${CHANGED} || ${acls}.all(a, !(a.resource.type in variables.ownOperations) || a.operations.all(o, o in variables.ownOperations[a.resource.type]))`,
            message: `The ACLs of a KafkaUser of team ${team} may allow only ${opsText}.`,
            reason: VALIDATION_REASON,
        },
        {
            expression: `${CHANGED} || !has(${spec}.quotas) || !has(${spec}.quotas.controllerMutationRate)`,
            message: `spec.quotas.controllerMutationRate is not available to teams: applications create no topics or partitions (the Topic Operator does).`,
            reason: VALIDATION_REASON,
        },
    ];
    for (const key of ["producerByteRate", "consumerByteRate", "requestPercentage"] as const) {
        const limit = limits[key];
        const field = `${spec}.quotas.${key}`;
        const present = `has(${spec}.quotas) && has(${field})`;
        rules.push(
            limit === undefined
                ? {
                      expression: `${CHANGED} || !(${present}) || (${field} >= 0 && ${field} <= ${MAX_QUOTA})`,
                      message: `spec.quotas.${key} must be between 0 and ${MAX_QUOTA} (Kafka reads quotas as Java ints).`,
                      reason: VALIDATION_REASON,
                  }
                : {
                      expression: `${CHANGED} || (${present} && ${field} >= 0 && ${field} <= ${limit})`,
                      message: `spec.quotas.${key} must be set and at most ${limit}, team ${team}'s limit.`,
                      reason: VALIDATION_REASON,
                  },
        );
    }
    rules.push(
        {
            expression: `${CHANGED} || ${annotations}.all(k, !${reflectorKey} || (k in variables.reflection && ${annotations}[k] == variables.reflection[k]))`,
            message: `spec.template.secret.metadata.annotations may reflect the credentials only into namespace ${f.namespace}: ${Object.entries(expected).map(([k, v]) => `${k}: "${v}"`).join(", ")}.`,
            reason: VALIDATION_REASON,
        },
        {
            expression: `${CHANGED} || !${annotations}.exists(k, ${reflectorKey}) || ${lit(Object.keys(expected).find((k) => k.endsWith("reflection-allowed-namespaces")) as string)} in ${annotations}`,
            message: `spec.template.secret.metadata.annotations must name namespace ${f.namespace} in reflection-allowed-namespaces when they ask for reflection: without it Reflector lets every namespace copy the credentials.`,
            reason: VALIDATION_REASON,
        },
    );
    return rules;
}

function userVariables(f: TeamAdmissionFacts): { name: string; expression: string }[] {
    const expected = reflectionAnnotations(f.namespace);
    const template = "object.spec.template";
    return [
        { name: "acls", expression: `object != null && has(object.spec.authorization) && has(object.spec.authorization.acls) ? object.spec.authorization.acls : []` },
        { name: "shared", expression: map(readableShares(f)) },
        { name: "ownOperations", expression: map(Object.entries(OWN_OPERATIONS)) },
        { name: "reflection", expression: `{${Object.entries(expected).map(([k, v]) => `${lit(k)}: ${lit(v)}`).join(", ")}}` },
        {
            name: "secretAnnotations",
            expression:
                `object != null && has(object.spec.template) && has(${template}.secret) && has(${template}.secret.metadata) && ` +
                `has(${template}.secret.metadata.annotations) ? ${template}.secret.metadata.annotations : {}`,
        },
    ];
}

function policy(f: TeamAdmissionFacts, resource: string, variables: { name: string; expression: string }[], validations: Validation[]): ValidatingAdmissionPolicy {
    return {
        apiVersion: ADMISSION_API_VERSION,
        kind: "ValidatingAdmissionPolicy",
        metadata: { name: `kafka-team-${f.team}-${resource}`, labels: { [TEAM_LABEL]: f.team } },
        spec: {
            failurePolicy: "Fail",
            matchConstraints: {
                resourceRules: [{ apiGroups: [STRIMZI_GROUP], apiVersions: ["*"], operations: ["CREATE", "UPDATE", "DELETE"], resources: [resource] }],
            },
            matchConditions: [{ name: "team-group", expression: `${lit(teamGroup(f.team))} in request.userInfo.groups` }],
            variables: [...COMMON_VARIABLES, ...variables],
            validations,
        },
    };
}

/**
 * Keeps the team from steering Reflector with Secrets and ConfigMaps of its own (`edit` lets it write
 * them in its namespace). Reflector runs with cluster-wide write access to both, and a source that
 * allows auto-reflection with no or any namespaces is copied into every namespace where no object of
 * that name exists yet (ResourceMirror.cs AutoReflectionForSource): a team could plant a
 * Secret in the Kafka namespace under another team's future KafkaUser name, whose SCRAM password the
 * User Operator then keeps (KafkaUserModel.maybeGeneratePassword reuses an existing Secret's password),
 * or a ConfigMap or Secret anywhere else. The team never needs these
 * annotations: its credentials come from the KafkaUser's template, which the user policy pins. A
 * reflected copy (Reflector writes it with `reflects` annotations) may still be updated when the
 * team leaves those annotations as they are.
 */
function reflectionPolicy(f: TeamAdmissionFacts): ValidatingAdmissionPolicy {
    const prefix = lit(REFLECTOR_ANNOTATION_PREFIX);
    const annotations = (o: string) => `${o} != null && has(${o}.metadata.annotations) ? ${o}.metadata.annotations : {}`;
    return {
        apiVersion: ADMISSION_API_VERSION,
        kind: "ValidatingAdmissionPolicy",
        metadata: { name: `kafka-team-${f.team}-reflection`, labels: { [TEAM_LABEL]: f.team } },
        spec: {
            failurePolicy: "Fail",
            matchConstraints: {
                resourceRules: [{ apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["secrets", "configmaps"] }],
            },
            matchConditions: [{ name: "team-group", expression: `${lit(teamGroup(f.team))} in request.userInfo.groups` }],
            variables: [
                { name: "annotations", expression: annotations("object") },
                { name: "oldAnnotations", expression: annotations("oldObject") },
            ],
            validations: [
                {
                    expression:
                        `variables.annotations.all(k, !k.startsWith(${prefix}) || ` +
                        `(k in variables.oldAnnotations && variables.oldAnnotations[k] == variables.annotations[k]))`,
                    message: `Team ${f.team} may not set Reflector's annotations (${REFLECTOR_ANNOTATION_PREFIX}*) on Secrets or ConfigMaps: its credentials reach namespace ${f.namespace} through its KafkaUsers.`,
                    reason: VALIDATION_REASON,
                },
            ],
        },
    };
}

/**
 * Keeps the team's Services from claiming external IPs. `edit` lets the team write Services, and a
 * Service's `spec.externalIPs` makes kube-proxy on every node send traffic for those addresses to the
 * team's pods: traffic other workloads send to any IP (CVE-2020-8554, unfixable in kube-proxy). The
 * upstream remedy, the DenyServiceExternalIPs admission plugin, is an API server flag that EKS's
 * managed control plane does not expose.
 */
function servicePolicy(f: TeamAdmissionFacts): ValidatingAdmissionPolicy {
    return {
        apiVersion: ADMISSION_API_VERSION,
        kind: "ValidatingAdmissionPolicy",
        metadata: { name: `kafka-team-${f.team}-services`, labels: { [TEAM_LABEL]: f.team } },
        spec: {
            failurePolicy: "Fail",
            matchConstraints: {
                resourceRules: [{ apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["services"] }],
            },
            matchConditions: [{ name: "team-group", expression: `${lit(teamGroup(f.team))} in request.userInfo.groups` }],
            variables: [],
            validations: [
                {
                    expression: "!has(object.spec.externalIPs) || size(object.spec.externalIPs) == 0",
                    message: `Services of team ${f.team} may not set spec.externalIPs: they would capture the cluster's traffic to those addresses.`,
                    reason: VALIDATION_REASON,
                },
            ],
        },
    };
}

/** The team's policies: its KafkaTopics, its KafkaUsers, Reflector's annotations on the Secrets and ConfigMaps it writes, and its Services' external IPs. */
export function renderAdmissionPolicies(f: TeamAdmissionFacts): ValidatingAdmissionPolicy[] {
    return [
        policy(
            f,
            "kafkatopics",
            [{ name: "config", expression: "object != null && has(object.spec.config) ? object.spec.config : {}" }],
            [...ownership(f, "KafkaTopic"), ...topicValidations(f)],
        ),
        policy(f, "kafkausers", userVariables(f), [...ownership(f, "KafkaUser"), ...userValidations(f)]),
        reflectionPolicy(f),
        servicePolicy(f),
    ];
}

/** Binds a policy to every request it matches, denying what it refuses. */
export function renderBinding(p: ValidatingAdmissionPolicy): ValidatingAdmissionPolicyBinding {
    return {
        apiVersion: ADMISSION_API_VERSION,
        kind: "ValidatingAdmissionPolicyBinding",
        metadata: { name: p.metadata.name, labels: p.metadata.labels },
        spec: { policyName: p.metadata.name, validationActions: ["Deny"] },
    };
}
