import { SYSTEM_NODE_LABELS, Topology } from "../shared/scheduling";
import { IRSA_ROLE_ANNOTATION } from "./connectManifests";

/**
 * Strimzi builds the Connect image with Buildah (its default since 1.0, GA planned for 1.3). Buildah
 * has no ECR credential helper: it pushes with the docker config in `spec.build.output.pushSecret`
 * (mounted as REGISTRY_AUTH_FILE, KafkaConnectBuild.java of Strimzi 1.2.0), and an ECR login token
 * lasts 12 hours. So the platform keeps that Secret valid itself: a Job writes a fresh token before
 * the first build, and a CronJob every REFRESH_HOURS after that, both as a service account whose IAM
 * role (IRSA) may push to the one repository. A token carries the identity that asked for it, so
 * the push is authorized against that role's policy.
 */
export const REFRESH_HOURS = 6;

/**
 * The AWS CLI image (aws/aws-cli tag 2.36.7; its docker/Dockerfile builds it on amazonlinux:2023,
 * whose container image has bash, coreutils' base64 and curl-minimal, and adds jq). Its entrypoint
 * is `aws`, so the container runs bash explicitly.
 */
export const AWS_CLI_IMAGE = "public.ecr.aws/aws-cli/aws-cli:2.36.7";

export interface PushCredentialsContext {
    /** The Kafka namespace, where the KafkaConnect and its build pod live. */
    namespace: string;
    /** The ECR repository URL (`<registry>/<name>`); the token is for its registry. */
    repositoryUrl: string;
    region: string;
    /** The role the service account assumes (IRSA); it may push to the repository. */
    roleArn: string;
    topology: Topology;
}

/** The Secret the build pushes with, and the service account, Role and jobs that keep it fresh. */
export function pushCredentialsNames(connectName: string) {
    const base = `${connectName}-push-credentials`;
    return { secret: base, serviceAccount: base, role: base, job: `${base}-initial`, cronJob: `${base}-refresh` };
}

export function registryHost(repositoryUrl: string): string {
    return repositoryUrl.split("/")[0];
}

function labels(connectName: string): Record<string, string> {
    return { "app.kubernetes.io/name": pushCredentialsNames(connectName).secret, "app.kubernetes.io/part-of": "kafka-platform" };
}

/**
 * Asks ECR for a token with the role's credentials and writes it, as a docker config, into the
 * Secret through the Kubernetes API with the pod's own service account token. Nothing is echoed:
 * the token never reaches the pod's log.
 */
export function refreshScript(): string {
    return [
        "set -euo pipefail",
        'TOKEN="$(aws ecr get-login-password --region "${AWS_REGION}")"',
        'AUTH="$(printf \'AWS:%s\' "${TOKEN}" | base64 -w0)"',
        'CONFIG="$(printf \'{"auths":{"%s":{"auth":"%s"}}}\' "${REGISTRY}" "${AUTH}" | base64 -w0)"',
        "SA=/var/run/secrets/kubernetes.io/serviceaccount",
        'curl --silent --show-error --fail --cacert "${SA}/ca.crt" -H "Authorization: Bearer $(cat "${SA}/token")" \\',
        '  -H "Content-Type: application/merge-patch+json" -X PATCH \\',
        '  --data "{\\"data\\":{\\".dockerconfigjson\\":\\"${CONFIG}\\"}}" \\',
        '  "https://kubernetes.default.svc/api/v1/namespaces/${NAMESPACE}/secrets/${SECRET}" > /dev/null',
        'echo "refreshed the registry token in Secret ${SECRET}"',
        "",
    ].join("\n");
}

/** The pod both jobs run: no retries beyond the job's, the CLI's cache on a scratch volume, nothing writable besides. */
function podSpec(connectName: string, ctx: PushCredentialsContext) {
    const names = pushCredentialsNames(connectName);
    return {
        serviceAccountName: names.serviceAccount,
        restartPolicy: "Never",
        ...(ctx.topology === "zoned" ? { nodeSelector: { ...SYSTEM_NODE_LABELS } } : {}),
        securityContext: { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, seccompProfile: { type: "RuntimeDefault" } },
        containers: [
            {
                name: "refresh",
                image: AWS_CLI_IMAGE,
                command: ["/bin/bash", "-c", refreshScript()],
                env: [
                    { name: "AWS_REGION", value: ctx.region },
                    { name: "REGISTRY", value: registryHost(ctx.repositoryUrl) },
                    { name: "NAMESPACE", value: ctx.namespace },
                    { name: "SECRET", value: names.secret },
                    { name: "HOME", value: "/tmp" },
                ],
                resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "256Mi" } },
                securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
                volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
            },
        ],
        volumes: [{ name: "tmp", emptyDir: { sizeLimit: "64Mi" } }],
    };
}

export function renderPushServiceAccount(connectName: string, ctx: PushCredentialsContext) {
    return {
        apiVersion: "v1",
        kind: "ServiceAccount",
        metadata: {
            name: pushCredentialsNames(connectName).serviceAccount,
            namespace: ctx.namespace,
            labels: labels(connectName),
            annotations: { [IRSA_ROLE_ANNOTATION]: ctx.roleArn },
        },
    };
}

/**
 * The docker config Secret, created empty (`{"auths":{}}`: no registry, no credential) so that it
 * exists with the type Strimzi mounts; the jobs fill it. The component tells Pulumi to leave its
 * data alone afterwards.
 */
export function renderPushSecret(connectName: string, ctx: Pick<PushCredentialsContext, "namespace">) {
    return {
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: pushCredentialsNames(connectName).secret, namespace: ctx.namespace, labels: labels(connectName) },
        type: "kubernetes.io/dockerconfigjson",
        stringData: { ".dockerconfigjson": JSON.stringify({ auths: {} }) },
    };
}

/**
 * Rewrite that one Secret, nothing else. The script sends a single merge patch and never reads the
 * Secret, so it gets no `get` (which would also let it read the token back). `create` cannot be
 * limited to a name, so Pulumi creates the Secret.
 */
export function renderPushRole(connectName: string, ctx: Pick<PushCredentialsContext, "namespace">) {
    const names = pushCredentialsNames(connectName);
    return {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "Role",
        metadata: { name: names.role, namespace: ctx.namespace, labels: labels(connectName) },
        rules: [{ apiGroups: [""], resources: ["secrets"], resourceNames: [names.secret], verbs: ["patch"] }],
    };
}

export function renderPushRoleBinding(connectName: string, ctx: Pick<PushCredentialsContext, "namespace">) {
    const names = pushCredentialsNames(connectName);
    return {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "RoleBinding",
        metadata: { name: names.role, namespace: ctx.namespace, labels: labels(connectName) },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: names.role },
        subjects: [{ kind: "ServiceAccount", name: names.serviceAccount, namespace: ctx.namespace }],
    };
}

/** Runs once when the stack creates it (Pulumi waits for it to complete), so the first build has a token. */
export function renderPushInitialJob(connectName: string, ctx: PushCredentialsContext) {
    return {
        apiVersion: "batch/v1",
        kind: "Job",
        metadata: { name: pushCredentialsNames(connectName).job, namespace: ctx.namespace, labels: labels(connectName) },
        spec: { backoffLimit: 4, template: { metadata: { labels: labels(connectName) }, spec: podSpec(connectName, ctx) } },
    };
}

/**
 * Every REFRESH_HOURS, so a token is never older than that when a build starts and one failed run
 * still leaves a valid token; a failure shows as a failed Job in the Kafka namespace.
 */
export function renderPushRefreshCronJob(connectName: string, ctx: PushCredentialsContext) {
    return {
        apiVersion: "batch/v1",
        kind: "CronJob",
        metadata: { name: pushCredentialsNames(connectName).cronJob, namespace: ctx.namespace, labels: labels(connectName) },
        spec: {
            schedule: `17 */${REFRESH_HOURS} * * *`,
            concurrencyPolicy: "Forbid",
            startingDeadlineSeconds: 3600,
            successfulJobsHistoryLimit: 1,
            failedJobsHistoryLimit: 3,
            jobTemplate: { spec: { backoffLimit: 4, template: { metadata: { labels: labels(connectName) }, spec: podSpec(connectName, ctx) } } },
        },
    };
}
