import { OperatorConfig } from "../config/operator";
import { SYSTEM_NODE_LABELS, Topology, ZONE_LABEL } from "../shared/scheduling";

export const STRIMZI_CHART = "oci://quay.io/strimzi-helm/strimzi-kafka-operator";

/** Labels the chart puts on the operator's pods (its Deployment selector). */
export const OPERATOR_POD_LABELS = { name: "strimzi-cluster-operator", "strimzi.io/kind": "cluster-operator" } as const;

/**
 * How long the operator lets a Kafka Connect image build run before it fails the build
 * (`connectBuildTimeoutMs`; the chart's and the operator's default is 300000, in
 * ClusterOperatorConfig.java and values.yaml of Strimzi 1.2.0). Buildah copies the Kafka base image
 * layer by layer with the vfs driver and the plugin download comes on top, which can take longer
 * than five minutes on small system nodes; fifteen leaves room without hiding a build that hangs.
 */
export const CONNECT_BUILD_TIMEOUT_MS = 900_000;

/**
 * The chart's `featureGates` value: a comma-separated list of `+Gate` / `-Gate`, sorted by gate so
 * that the order of keys in a stack file, or of the profile default against a stack's own gates,
 * never changes the chart's values (a change there rolls the operator).
 */
export function featureGatesValue(gates: Record<string, boolean>): string {
    return Object.entries(gates)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([gate, on]) => `${on ? "+" : "-"}${gate}`)
        .join(",");
}

/**
 * Values of the strimzi-kafka-operator chart; only keys the chart reads. `podDisruptionBudget` is
 * the operator's own PDB (the chart renders it only when `enabled`); the chart's separate
 * `generatePodDisruptionBudget` controls the PDBs the operator creates for Kafka and stays at its
 * default (true). A PDB over a single replica would block every node drain, so it follows replicas.
 * Scheduling values are set on the zoned topology only: a laptop cluster's node has no system label.
 */
export function renderChartValues(o: OperatorConfig, watchNamespaces: readonly string[], topology: Topology): Record<string, unknown> {
    const highlyAvailable = o.replicas > 1;
    const scheduling =
        topology === "zoned"
            ? {
                  nodeSelector: { ...SYSTEM_NODE_LABELS },
                  topologySpreadConstraints: [
                      { maxSkew: 1, topologyKey: ZONE_LABEL, whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: { ...OPERATOR_POD_LABELS } } },
                  ],
              }
            : {};
    return {
        replicas: o.replicas,
        watchNamespaces: [...watchNamespaces],
        watchAnyNamespace: false,
        leaderElection: { enable: true },
        podDisruptionBudget: highlyAvailable ? { enabled: true, minAvailable: 1 } : { enabled: false },
        resources: o.resources,
        ...scheduling,
        featureGates: featureGatesValue(o.featureGates),
        connectBuildTimeoutMs: CONNECT_BUILD_TIMEOUT_MS,
    };
}
