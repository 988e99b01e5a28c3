import { CONTROLLER_REPLICAS, KafkaConfig } from "../config/kafka";
import { KafkaNodePool, SingleVolumeStorage, STRIMZI_API_VERSION, STRIMZI_CLUSTER_LABEL } from "../strimzi/types";
import { kafkaPodTemplate } from "./placement";

export const CONTROLLER_POOL = "controller";
export const BROKER_POOL = "broker";

export interface NodePoolContext {
    /** StorageClass of the persistent volumes (the cluster's gp3 class). */
    storageClassName: string;
    /** Keep the volumes when a pool shrinks or is deleted (everywhere but dev). */
    keepVolumes: boolean;
}

/**
 * The volume with id 0 holds the node's KRaft metadata log, marked explicitly so adding or removing
 * other volumes never moves it.
 */
function volume(id: number, type: "persistent-claim" | "ephemeral", size: string, ctx: NodePoolContext): SingleVolumeStorage {
    const metadata = id === 0 ? { kraftMetadata: "shared" as const } : {};
    if (type === "ephemeral") {
        return { id, type, sizeLimit: size, ...metadata };
    }
    return { id, type, size, class: ctx.storageClassName, deleteClaim: !ctx.keepVolumes, ...metadata };
}

interface PoolShape {
    replicas: number;
    role: "controller" | "broker";
    volumes: SingleVolumeStorage[];
    sizing: KafkaConfig["brokers"] | KafkaConfig["controllers"];
    /** Required anti-affinity: no two pods of the pool on one node. */
    ownNode: boolean;
}

function renderPool(k: KafkaConfig, pool: string, shape: PoolShape): KafkaNodePool {
    return {
        apiVersion: STRIMZI_API_VERSION,
        kind: "KafkaNodePool",
        metadata: { name: pool, namespace: k.namespace, labels: { [STRIMZI_CLUSTER_LABEL]: k.name } },
        spec: {
            replicas: shape.replicas,
            roles: [shape.role],
            storage: { type: "jbod", volumes: shape.volumes },
            resources: shape.sizing.resources,
            jvmOptions: shape.sizing.jvmOptions,
            template: { pod: kafkaPodTemplate(k.name, pool, shape.ownNode) },
        },
    };
}

/** The KRaft quorum: three controllers, one per zone, each with a persistent volume for the metadata log. */
export function renderControllerPool(k: KafkaConfig, ctx: NodePoolContext): KafkaNodePool {
    const c = k.controllers;
    return renderPool(k, CONTROLLER_POOL, {
        replicas: CONTROLLER_REPLICAS,
        role: "controller",
        volumes: [volume(0, c.storage.type, c.storage.size, ctx)],
        sizing: c,
        ownNode: false,
    });
}

/** The brokers: JBOD volumes, each broker on a node of its own, spread evenly over the zones. */
export function renderBrokerPool(k: KafkaConfig, ctx: NodePoolContext): KafkaNodePool {
    const b = k.brokers;
    return renderPool(k, BROKER_POOL, {
        replicas: b.replicas,
        role: "broker",
        volumes: b.storage.volumes.map((v, id) => volume(id, b.storage.type, v.size, ctx)),
        sizing: b,
        ownNode: true,
    });
}
