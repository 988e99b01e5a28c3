/**
 * How workloads find their nodes. The EKS node groups set these labels and taints; the Strimzi
 * operator, Kafka and Connect specs select and tolerate them. One place, so both sides agree.
 */

/**
 * Where the platform runs. `zoned`: the EKS cluster of an AWS stack, three zones with labelled and
 * tainted node groups that every workload selects. `single-node`: an existing laptop cluster (kind,
 * minikube, k3d, Docker Desktop) whose node carries none of those labels, so workloads select nothing.
 */
export type Topology = "zoned" | "single-node";

export const NODE_POOL_LABEL = "kafka-platform.io/node-pool";
export const ZONE_LABEL = "topology.kubernetes.io/zone";

export const SYSTEM_POOL = "system";
export const KAFKA_POOL = "kafka";

/** Keeps everything but Kafka off the broker nodes, so a noisy pod cannot starve a broker. */
export const KAFKA_TAINT = { key: "dedicated", value: "kafka" } as const;

export const SYSTEM_NODE_LABELS = { [NODE_POOL_LABEL]: SYSTEM_POOL };
export const KAFKA_NODE_LABELS = { [NODE_POOL_LABEL]: KAFKA_POOL, [KAFKA_TAINT.key]: KAFKA_TAINT.value };

/** The toleration Kafka pods carry for the taint above (Kubernetes spelling of the effect). */
export const KAFKA_TOLERATION = { key: KAFKA_TAINT.key, operator: "Equal", value: KAFKA_TAINT.value, effect: "NoSchedule" } as const;

/** Graviton families (m7g, r8g, c7gn, ...) need the ARM AMI. */
export function isArmInstanceType(instanceType: string): boolean {
    return /^[a-z]+\d+g[a-z]*\./.test(instanceType);
}
