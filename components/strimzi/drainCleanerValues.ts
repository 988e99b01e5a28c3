import { SYSTEM_NODE_LABELS } from "../shared/scheduling";

export const DRAIN_CLEANER_CHART = "oci://quay.io/strimzi-helm/strimzi-drain-cleaner";

/** The chart's default namespace, kept. */
export const DRAIN_CLEANER_NAMESPACE = "strimzi-drain-cleaner";

/** The chart's Service, which its ValidatingWebhookConfiguration calls (templates/050-Service.yaml). */
export const DRAIN_CLEANER_SERVICE = "strimzi-drain-cleaner";

/** The DNS names the webhook is called by, which its serving certificate must carry. */
export function drainCleanerDnsNames(namespace: string): string[] {
    return [DRAIN_CLEANER_SERVICE, `${DRAIN_CLEANER_SERVICE}.${namespace}`, `${DRAIN_CLEANER_SERVICE}.${namespace}.svc`];
}

/** The webhook's TLS material, each PEM base64-encoded as the chart's Secret and caBundle take it. */
export interface DrainCleanerTls<T> {
    certificate: T;
    privateKey: T;
    caCertificate: T;
}

const RESOURCES = { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "500m", memory: "256Mi" } };

/**
 * Values of the strimzi-drain-cleaner chart (values.yaml of 1.6.0), only keys it reads.
 * - Legacy mode (`STRIMZI_DENY_EVICTION: false`): the webhook marks an evicted Kafka pod for the
 *   operator and lets the eviction through to the Kafka PodDisruptionBudget (maxUnavailable 0),
 *   which refuses it with the 429 every drain tool (EKS node group updates included) retries on,
 *   until the operator has rolled the pod elsewhere. If the webhook is down (failurePolicy Ignore)
 *   the PDB still refuses, so no drain can take a broker out of sync.
 * - `env` replaces the chart's whole list, so the certificate-watch variables are repeated; ZooKeeper
 *   draining is off (Strimzi 1.2 runs KRaft only).
 * - No cert-manager: the chart's Secret carries a certificate this stack issues (DrainCleaner).
 * - Only evictions in the Kafka namespaces reach the webhook.
 */
export function renderDrainCleanerValues<T>(namespace: string, kafkaNamespaces: readonly string[], tls: DrainCleanerTls<T>): Record<string, unknown> {
    return {
        replicaCount: 1,
        namespace: { create: false, name: namespace },
        certManager: { create: false },
        secret: { create: true, tls_crt: tls.certificate, tls_key: tls.privateKey, ca_bundle: tls.caCertificate },
        env: [
            { name: "STRIMZI_DRAIN_KAFKA", value: "true" },
            { name: "STRIMZI_DRAIN_ZOOKEEPER", value: "false" },
            { name: "STRIMZI_DENY_EVICTION", value: "false" },
            { name: "STRIMZI_CERTIFICATE_WATCH_ENABLED", value: "true" },
            { name: "STRIMZI_CERTIFICATE_WATCH_NAMESPACE", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } },
            { name: "STRIMZI_CERTIFICATE_WATCH_POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
        ],
        resources: RESOURCES,
        // The image runs as UID 1001 (its Dockerfile's USER), so the restricted Pod Security Standard holds.
        podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, readOnlyRootFilesystem: true },
        nodeSelector: { ...SYSTEM_NODE_LABELS },
        webhook: {
            failurePolicy: "Ignore",
            timeoutSeconds: 5,
            namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: [...kafkaNamespaces] }] },
        },
    };
}
