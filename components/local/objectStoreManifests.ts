import { LocalClusterConfig } from "../config/local";
import { sinkPolicy } from "../archive/iam";
import { S3_KEY_SECRET_KEYS } from "../archive/connectManifests";
import { PolicyDocument } from "../shared/iam";

/**
 * Manifests of the local object store: MinIO in single-drive mode behind a ClusterIP Service, and
 * the Job that creates the archive bucket and a Connect user that may only write below the archive
 * prefix, the same grant the Connect role has on AWS.
 */

export const OBJECT_STORE_NAME = "object-store";
export const BUCKET_JOB_NAME = "object-store-bucket";
export const S3_PORT = 9000;
export const CONSOLE_PORT = 9001;

/** Secret (in the object store's namespace) with MinIO's root user; only the server and the bucket Job read it. */
export const ROOT_SECRET_NAME = "object-store-root";
export const ROOT_SECRET_KEYS = { user: "root-user", password: "root-password" } as const;
/** The root user's name; its password is generated. */
export const ROOT_USER = "platform-admin";

/** Secret with the Connect user's keys (S3_KEY_SECRET_KEYS), in the object store's namespace for the Job and in Kafka's for Connect. */
export const CONNECT_CREDENTIALS_SECRET = "archive-s3-credentials";
/** The Connect user's access key id; its secret key is generated. */
export const CONNECT_ACCESS_KEY_ID = "archive-connect";
/** The MinIO policy attached to that user. */
export const CONNECT_POLICY_NAME = "archive-connect-write";

/** Non-root, no privilege escalation, no capabilities: the restricted Pod Security Standard. */
export const RESTRICTED_POD_SECURITY = {
    runAsNonRoot: true,
    runAsUser: 1000,
    runAsGroup: 1000,
    fsGroup: 1000,
    seccompProfile: { type: "RuntimeDefault" },
};
export const RESTRICTED_CONTAINER_SECURITY = { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } };

export interface ObjectStoreContext {
    namespace: string;
    /** The region MinIO answers as; the sink signs its requests for it. */
    region: string;
    bucket: string;
    /** `archive.prefix`: the Connect user may write below it only. */
    prefix: string;
}

export function objectStoreLabels(): Record<string, string> {
    return { "app.kubernetes.io/name": OBJECT_STORE_NAME, "app.kubernetes.io/part-of": "kafka-platform" };
}

/** The S3 endpoint inside the cluster, as the sink's aws.s3.endpoint. */
export function objectStoreEndpoint(namespace: string): string {
    return `http://${OBJECT_STORE_NAME}.${namespace}.svc:${S3_PORT}`;
}

/** The data volume: a claim on the cluster's default class (or local.storageClass), or an emptyDir when ephemeral. */
export function dataVolume(name: string, claimName: string, store: Pick<LocalClusterConfig, "ephemeralStorage">, sizeLimit: string) {
    return store.ephemeralStorage ? { name, emptyDir: { sizeLimit } } : { name, persistentVolumeClaim: { claimName } };
}

export function renderVolumeClaim(name: string, namespace: string, size: string, storageClass: string | undefined) {
    return {
        metadata: { name, namespace, labels: { "app.kubernetes.io/part-of": "kafka-platform" } },
        spec: {
            accessModes: ["ReadWriteOnce"],
            ...(storageClass !== undefined ? { storageClassName: storageClass } : {}),
            resources: { requests: { storage: size } },
        },
    };
}

const fromSecret = (name: string, secret: string, key: string) => ({ name, valueFrom: { secretKeyRef: { name: secret, key } } });

export function renderObjectStore(l: LocalClusterConfig, ctx: ObjectStoreContext) {
    const labels = objectStoreLabels();
    return {
        metadata: { name: OBJECT_STORE_NAME, namespace: ctx.namespace, labels },
        spec: {
            replicas: 1,
            // One ReadWriteOnce volume: the old pod must let go of it before the new one starts.
            strategy: { type: "Recreate" },
            selector: { matchLabels: labels },
            template: {
                metadata: { labels },
                spec: {
                    automountServiceAccountToken: false,
                    securityContext: RESTRICTED_POD_SECURITY,
                    containers: [
                        {
                            name: "minio",
                            image: l.objectStore.image,
                            // The certificates directory moves to the writable /tmp: the root filesystem is read-only.
                            args: ["server", "/data", "--address", `:${S3_PORT}`, "--console-address", `:${CONSOLE_PORT}`, "--certs-dir", "/tmp/certs"],
                            env: [
                                fromSecret("MINIO_ROOT_USER", ROOT_SECRET_NAME, ROOT_SECRET_KEYS.user),
                                fromSecret("MINIO_ROOT_PASSWORD", ROOT_SECRET_NAME, ROOT_SECRET_KEYS.password),
                                { name: "MINIO_SITE_REGION", value: ctx.region },
                            ],
                            ports: [
                                { name: "s3", containerPort: S3_PORT },
                                { name: "console", containerPort: CONSOLE_PORT },
                            ],
                            readinessProbe: { httpGet: { path: "/minio/health/ready", port: S3_PORT }, periodSeconds: 5 },
                            livenessProbe: { httpGet: { path: "/minio/health/live", port: S3_PORT }, periodSeconds: 10, failureThreshold: 6 },
                            resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "512Mi" } },
                            securityContext: RESTRICTED_CONTAINER_SECURITY,
                            volumeMounts: [
                                { name: "data", mountPath: "/data" },
                                { name: "tmp", mountPath: "/tmp" },
                            ],
                        },
                    ],
                    volumes: [dataVolume("data", OBJECT_STORE_NAME, l, l.objectStore.size), { name: "tmp", emptyDir: { sizeLimit: "64Mi" } }],
                },
            },
        },
    };
}

export function renderObjectStoreService(ctx: Pick<ObjectStoreContext, "namespace">) {
    return {
        metadata: { name: OBJECT_STORE_NAME, namespace: ctx.namespace, labels: objectStoreLabels() },
        spec: {
            type: "ClusterIP",
            selector: objectStoreLabels(),
            ports: [
                { name: "s3", port: S3_PORT, targetPort: S3_PORT },
                { name: "console", port: CONSOLE_PORT, targetPort: CONSOLE_PORT },
            ],
        },
    };
}

/** What the Connect user may do: exactly the Connect role's grant on AWS (archive/iam.ts), on the local bucket. */
export function connectUserPolicy(bucket: string, prefix: string): PolicyDocument {
    return sinkPolicy(`arn:aws:s3:::${bucket}`, prefix);
}

/**
 * Waits for the server, creates the bucket, and (re)creates the Connect user with only its policy.
 * Every step is idempotent, so a replaced Job converges the same store. Credentials come in through
 * the environment and nothing echoes them (no `set -x`).
 */
export function bucketJobScript(): string {
    return [
        'export MC_HOST_store="http://${ROOT_USER}:${ROOT_PASSWORD}@${ENDPOINT_HOST}"',
        "until mc ls store >/dev/null 2>&1; do echo 'waiting for the object store'; sleep 2; done",
        'mc mb --ignore-existing "store/${BUCKET}"',
        'printf \'%s\' "${CONNECT_POLICY}" > /tmp/connect-policy.json',
        'mc admin policy create store "${POLICY_NAME}" /tmp/connect-policy.json',
        'mc admin user add store "${CONNECT_ACCESS_KEY_ID}" "${CONNECT_SECRET_ACCESS_KEY}"',
        'mc admin policy detach store "${POLICY_NAME}" --user "${CONNECT_ACCESS_KEY_ID}" >/dev/null 2>&1 || true',
        'mc admin policy attach store "${POLICY_NAME}" --user "${CONNECT_ACCESS_KEY_ID}"',
        "",
    ].join("\n");
}

export function renderBucketJob(l: LocalClusterConfig, ctx: ObjectStoreContext) {
    const policy = JSON.stringify(connectUserPolicy(ctx.bucket, ctx.prefix));
    return {
        // No name: a Job's pod template cannot change in place, so Pulumi replaces it under a fresh generated name.
        metadata: {
            namespace: ctx.namespace,
            labels: { "app.kubernetes.io/name": BUCKET_JOB_NAME, "app.kubernetes.io/part-of": "kafka-platform" },
        },
        spec: {
            backoffLimit: 6,
            activeDeadlineSeconds: 600,
            template: {
                metadata: { labels: { "app.kubernetes.io/name": BUCKET_JOB_NAME } },
                spec: {
                    restartPolicy: "OnFailure",
                    automountServiceAccountToken: false,
                    securityContext: RESTRICTED_POD_SECURITY,
                    containers: [
                        {
                            name: "mc",
                            image: l.objectStore.clientImage,
                            command: ["/bin/sh", "-ec", bucketJobScript()],
                            env: [
                                { name: "HOME", value: "/tmp" },
                                { name: "ENDPOINT_HOST", value: `${OBJECT_STORE_NAME}.${ctx.namespace}.svc:${S3_PORT}` },
                                { name: "BUCKET", value: ctx.bucket },
                                { name: "POLICY_NAME", value: CONNECT_POLICY_NAME },
                                { name: "CONNECT_POLICY", value: policy },
                                fromSecret("ROOT_USER", ROOT_SECRET_NAME, ROOT_SECRET_KEYS.user),
                                fromSecret("ROOT_PASSWORD", ROOT_SECRET_NAME, ROOT_SECRET_KEYS.password),
                                fromSecret("CONNECT_ACCESS_KEY_ID", CONNECT_CREDENTIALS_SECRET, S3_KEY_SECRET_KEYS.accessKeyId),
                                fromSecret("CONNECT_SECRET_ACCESS_KEY", CONNECT_CREDENTIALS_SECRET, S3_KEY_SECRET_KEYS.secretAccessKey),
                            ],
                            resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "128Mi" } },
                            securityContext: RESTRICTED_CONTAINER_SECURITY,
                            volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
                        },
                    ],
                    volumes: [{ name: "tmp", emptyDir: { sizeLimit: "16Mi" } }],
                },
            },
        },
    };
}
