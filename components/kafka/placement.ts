import { Affinity, PodTemplate, STRIMZI_CLUSTER_LABEL } from "../strimzi/types";
import { KAFKA_POOL, KAFKA_TOLERATION, NODE_POOL_LABEL, SYSTEM_POOL, ZONE_LABEL } from "../shared/scheduling";
import { ZONE_COUNT } from "../config/environment";

/** Label Strimzi puts on every pod of a KafkaNodePool. */
export const STRIMZI_POOL_LABEL = "strimzi.io/pool-name";
export const HOSTNAME_LABEL = "kubernetes.io/hostname";

function onNodePool(pool: string): Affinity["nodeAffinity"] {
    return {
        requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: NODE_POOL_LABEL, operator: "In", values: [pool] }] }],
        },
    };
}

/**
 * Pods of one node pool: only on the tainted Kafka nodes, spread evenly over the zones (minDomains
 * makes the scheduler count a zone with no eligible node as empty instead of ignoring it, so it
 * never piles a second broker into one zone while another has none). `ownNode` adds required
 * anti-affinity so no two pods of the pool share a node: a broker then has its node's disk and
 * network to itself, which is what Cruise Control's capacity assumes.
 */
export function kafkaPodTemplate(cluster: string, pool: string, ownNode: boolean): PodTemplate {
    const selector = { matchLabels: { [STRIMZI_CLUSTER_LABEL]: cluster, [STRIMZI_POOL_LABEL]: pool } };
    return {
        affinity: {
            nodeAffinity: onNodePool(KAFKA_POOL),
            ...(ownNode
                ? { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: selector, topologyKey: HOSTNAME_LABEL }] } }
                : {}),
        },
        tolerations: [{ ...KAFKA_TOLERATION }],
        topologySpreadConstraints: [
            { maxSkew: 1, minDomains: ZONE_COUNT, topologyKey: ZONE_LABEL, whenUnsatisfiable: "DoNotSchedule", labelSelector: selector },
        ],
    };
}

/** Entity operator, Cruise Control and Kafka Exporter: on the system nodes, away from the brokers. */
export function systemPodTemplate(): PodTemplate {
    return { affinity: { nodeAffinity: onNodePool(SYSTEM_POOL) } };
}
