import { z } from "zod";
import { ConfigProblem, keyPath } from "./errors";
import { Report } from "./environment";
import { imageReference } from "./archive";
import { LocalKafkaInput } from "./kafka";
import { dnsLabel, isPlainObject, storageSize } from "./primitives";

/**
 * The `local` section: which existing laptop cluster (kind, minikube, k3d, Docker Desktop) a local
 * stack deploys onto, how its volumes are provisioned, and the two services that stand in for S3
 * and ECR there: a MinIO object store and an image registry.
 */

/** Path of a kubeconfig file; its contents are refused so they never sit in a stack file. */
const kubeconfigPath = z
    .string()
    .min(1)
    .refine((p) => !/[\n{]/.test(p), { error: "must be the path of a kubeconfig file such as /home/me/.kube/config, not its contents" });

const storageClassName = z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, { error: "must be a StorageClass name (a DNS-1123 subdomain) such as standard" });

export const localSchema = z.strictObject({
    /** Path of the kubeconfig file; unset: the user's own, found as kubectl finds it (KUBECONFIG, then ~/.kube/config). */
    kubeconfig: kubeconfigPath.optional(),
    /** Context of the cluster to deploy onto in that kubeconfig. */
    context: z.string().min(1),
    /** StorageClass of every volume; unset: the cluster's default class. */
    storageClass: storageClassName.optional(),
    /** Keep the data of Kafka, the object store and the registry in emptyDir volumes that go with their pods. */
    ephemeralStorage: z.boolean(),
    /** Namespace of the object store and the registry: what an AWS stack gets from S3 and ECR. */
    namespace: dnsLabel,
    objectStore: z.strictObject({
        /** MinIO server image. */
        image: imageReference,
        /** MinIO client (mc) image, which creates the bucket and the Connect user. */
        clientImage: imageReference,
        /** Size of the object store's volume. */
        size: storageSize,
    }),
    registry: z.strictObject({
        /** Image of the registry the Connect build pushes to (the CNCF Distribution registry). */
        image: imageReference,
        /**
         * Node port of the registry. The node's container runtime pulls the Connect image through
         * localhost:<nodePort>, which it may reach over plain HTTP (docs/local.md).
         */
        nodePort: z.int().min(30000).max(32767),
        /** Size of the registry's volume. */
        size: storageSize,
    }),
});

export type LocalClusterConfig = z.infer<typeof localSchema>;

/**
 * Images pinned to releases published upstream: MinIO's server and client on quay.io (MinIO no
 * longer serves them from Docker Hub) and the Distribution registry's official image.
 */
export const LOCAL_DEFAULTS: LocalClusterConfig = {
    context: "kind-kafka-platform",
    ephemeralStorage: false,
    namespace: "local-services",
    objectStore: {
        image: "quay.io/minio/minio:RELEASE.2025-09-07T16-13-09Z",
        clientImage: "quay.io/minio/mc:RELEASE.2025-08-13T08-35-41Z",
        size: "5Gi",
    },
    registry: { image: "docker.io/library/registry:3.0.0", nodePort: 30500, size: "5Gi" },
};

/** Whether the raw config asks for ephemeral volumes, which the Kafka profile follows. */
export function ephemeralRequested(raw: Record<string, unknown>): boolean {
    const local = raw.local;
    return typeof local === "object" && local !== null && (local as Record<string, unknown>).ephemeralStorage === true;
}

const NO_AWS = "in environment local";

/**
 * Keys of the other environments that a local stack cannot honour, each with what happens instead.
 * Refused by name before the schema runs, so the user reads why, not "unknown key".
 */
export const LOCAL_REFUSED: ReadonlyArray<readonly [path: readonly string[], why: string]> = [
    [["tags"], `has no effect ${NO_AWS}: tags are added to AWS resources, and a local stack creates none`],
    [["network"], `has no effect ${NO_AWS}: no VPC is created; the stack deploys onto the existing cluster of local.context`],
    [["cluster"], `has no effect ${NO_AWS}: no EKS cluster is created; point local.context (and local.kubeconfig) at the cluster to deploy onto`],
    [
        ["kafka", "controllers"],
        `has no effect ${NO_AWS}: the local cluster runs one node pool with both the controller and the broker role, sized by kafka.brokers`,
    ],
    [
        ["kafka", "cruiseControl"],
        `has no effect ${NO_AWS}: Cruise Control is not deployed on a local cluster, whose brokers share one node and have nowhere to move partitions to`,
    ],
    [["kafka", "brokers", "storage", "type"], `is set by local.ephemeralStorage ${NO_AWS}: one switch for every volume of the local stack`],
    [
        ["kafka", "listeners", "external"],
        `is not available ${NO_AWS}: the external listener sits behind an internal AWS Network Load Balancer; clients in the cluster use the tls (9093) and scram (9094) listeners`,
    ],
    [
        ["archive", "bucket", "encryption"],
        `cannot be honoured ${NO_AWS}: KMS and SSE-S3 are AWS services; the local object store keeps objects unencrypted on its own volume`,
    ],
    [["archive", "bucket", "kmsKeyDeletionWindowDays"], `has no effect ${NO_AWS}: no KMS key is created`],
    [
        ["archive", "bucket", "forceDestroy"],
        `has no effect ${NO_AWS}: the local bucket lives on the object store's volume, which pulumi destroy deletes with everything on it`,
    ],
    [
        ["archive", "bucket", "lifecycle"],
        `cannot be honoured ${NO_AWS}: storage class transitions and expiry are S3 lifecycle rules; the local object store keeps objects until the stack is destroyed`,
    ],
    [
        ["archive", "connect", "imageRepository"],
        `has no effect ${NO_AWS}: there is no ECR repository; the Connect image goes to the in-cluster registry (local.registry)`,
    ],
];

/**
 * Reports every refused key the raw config sets and returns the config without them (and without
 * objects left empty by their removal), so the schema checks only what a local stack reads.
 */
export function withoutRefusedKeys(raw: Record<string, unknown>): { problems: ConfigProblem[]; rest: Record<string, unknown> } {
    const rest = structuredClone(raw);
    const problems: ConfigProblem[] = [];
    for (const [path, why] of LOCAL_REFUSED) {
        const parents: Record<string, unknown>[] = [];
        let node: unknown = rest;
        for (const key of path.slice(0, -1)) {
            if (!isPlainObject(node)) {
                break;
            }
            parents.push(node);
            node = node[key];
        }
        const last = path[path.length - 1];
        if (parents.length !== path.length - 1 || !isPlainObject(node) || !(last in node)) {
            continue;
        }
        problems.push({ path: keyPath(path), message: why, value: node[last] });
        delete node[last];
        for (let i = parents.length - 1; i >= 0; i--) {
            const child = parents[i][path[i]];
            if (isPlainObject(child) && Object.keys(child).length === 0) {
                delete parents[i][path[i]];
            }
        }
    }
    return { problems, rest };
}

export function checkLocal(l: LocalClusterConfig, report: Report): void {
    if (l.ephemeralStorage && l.storageClass !== undefined) {
        report(["local", "storageClass"], "has no effect while local.ephemeralStorage is true: no volume is claimed; remove one of them");
    }
}

/** Rules of a local stack's kafka section beyond those every environment shares. */
export function checkLocalKafka(k: LocalKafkaInput, report: Report): void {
    if (k.brokers.replicas % 2 === 0) {
        report(
            ["kafka", "brokers", "replicas"],
            "must be odd in environment local: the pool also holds the KRaft controller quorum, which needs a majority, so an even count tolerates no more failures than one node fewer",
        );
    }
}
