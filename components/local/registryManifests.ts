import { LocalClusterConfig } from "../config/local";
import { dataVolume, RESTRICTED_CONTAINER_SECURITY, RESTRICTED_POD_SECURITY } from "./objectStoreManifests";

/**
 * Manifests of the local image registry: the Connect build pushes the image with the S3 sink to it
 * by its Service name (over plain HTTP), and the node's container runtime pulls it back through the
 * Service's node port, which `containerdHostsToml` maps that name to.
 */

export const REGISTRY_NAME = "image-registry";
export const REGISTRY_PORT = 5000;
/** Repository of the Connect image in the registry. */
export const CONNECT_REPOSITORY = "kafka-platform/kafka-connect";

export function registryLabels(): Record<string, string> {
    return { "app.kubernetes.io/name": REGISTRY_NAME, "app.kubernetes.io/part-of": "kafka-platform" };
}

/** The registry as pods (the build) reach it, and as image references name it. */
export function registryHost(namespace: string): string {
    return `${REGISTRY_NAME}.${namespace}.svc:${REGISTRY_PORT}`;
}

export function connectRepositoryUrl(namespace: string): string {
    return `${registryHost(namespace)}/${CONNECT_REPOSITORY}`;
}

/**
 * containerd's registry host config (`/etc/containerd/certs.d/<registry host>/hosts.toml` on each
 * node): the node cannot resolve the Service name, so pulls go to the node port on the node's own
 * loopback, over plain HTTP.
 */
export function containerdHostsToml(nodePort: number): string {
    return [`[host."http://localhost:${nodePort}"]`, '  capabilities = ["pull", "resolve"]', ""].join("\n");
}

export function renderRegistry(l: LocalClusterConfig, namespace: string) {
    const labels = registryLabels();
    return {
        metadata: { name: REGISTRY_NAME, namespace, labels },
        spec: {
            replicas: 1,
            strategy: { type: "Recreate" },
            selector: { matchLabels: labels },
            template: {
                metadata: { labels },
                spec: {
                    automountServiceAccountToken: false,
                    securityContext: RESTRICTED_POD_SECURITY,
                    containers: [
                        {
                            name: "registry",
                            image: l.registry.image,
                            ports: [{ name: "registry", containerPort: REGISTRY_PORT }],
                            readinessProbe: { httpGet: { path: "/", port: REGISTRY_PORT }, periodSeconds: 5 },
                            livenessProbe: { httpGet: { path: "/", port: REGISTRY_PORT }, periodSeconds: 10, failureThreshold: 6 },
                            resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } },
                            securityContext: RESTRICTED_CONTAINER_SECURITY,
                            volumeMounts: [{ name: "data", mountPath: "/var/lib/registry" }],
                        },
                    ],
                    volumes: [dataVolume("data", REGISTRY_NAME, l, l.registry.size)],
                },
            },
        },
    };
}

export function renderRegistryService(l: LocalClusterConfig, namespace: string) {
    return {
        metadata: { name: REGISTRY_NAME, namespace, labels: registryLabels() },
        spec: {
            type: "NodePort",
            selector: registryLabels(),
            ports: [{ name: "registry", port: REGISTRY_PORT, targetPort: REGISTRY_PORT, nodePort: l.registry.nodePort }],
        },
    };
}
