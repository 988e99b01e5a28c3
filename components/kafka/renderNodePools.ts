import { CONTROLLER_REPLICAS, KafkaConfig, SingleNodeKafkaConfig, ZonedKafkaConfig } from "../config/kafka";
import { KafkaNodePool, SingleVolumeStorage, STRIMZI_API_VERSION, STRIMZI_CLUSTER_LABEL } from "../strimzi/types";
import { kafkaPodTemplate } from "./placement";

export const CONTROLLER_POOL = "controller";
export const BROKER_POOL = "broker";
/** The local cluster's one pool, named as Strimzi's own single-node examples name it. */
export const DUAL_ROLE_POOL = "dual-role";

export interface NodePoolContext {
    /** StorageClass of the persistent volumes (the EKS cluster's gp3 class); undefined leaves `class` out, so the cluster's default class provisions them. */
    storageClassName?: string;
    /** Keep the volumes when a pool shrinks or is deleted (staging and prod). */
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
    const storageClass = ctx.storageClassName !== undefined ? { class: ctx.storageClassName } : {};
    return { id, type, size, ...storageClass, deleteClaim: !ctx.keepVolumes, ...metadata };
}

interface PoolShape {
    replicas: number;
    roles: ("controller" | "broker")[];
    volumes: SingleVolumeStorage[];
    sizing: ZonedKafkaConfig["brokers"] | ZonedKafkaConfig["controllers"];
    /** Required anti-affinity: no two pods of the pool on one node. */
    ownNode: boolean;
}

/** Scheduling is only rendered for the zoned topology: a laptop cluster's node has none of the labels or taints it selects. */
function renderPool(k: KafkaConfig, pool: string, shape: PoolShape): KafkaNodePool {
    return {
        apiVersion: STRIMZI_API_VERSION,
        kind: "KafkaNodePool",
        metadata: { name: pool, namespace: k.namespace, labels: { [STRIMZI_CLUSTER_LABEL]: k.name } },
        spec: {
            replicas: shape.replicas,
            roles: shape.roles,
            storage: { type: "jbod", volumes: shape.volumes },
            resources: shape.sizing.resources,
            jvmOptions: shape.sizing.jvmOptions,
            ...(k.topology === "zoned" ? { template: { pod: kafkaPodTemplate(k.name, pool, shape.ownNode) } } : {}),
        },
    };
}

function brokerVolumes(k: KafkaConfig, ctx: NodePoolContext): SingleVolumeStorage[] {
    return k.brokers.storage.volumes.map((v, id) => volume(id, k.brokers.storage.type, v.size, ctx));
}

/** The KRaft quorum: three controllers, one per zone, each with a persistent volume for the metadata log. */
export function renderControllerPool(k: ZonedKafkaConfig, ctx: NodePoolContext): KafkaNodePool {
    const c = k.controllers;
    return renderPool(k, CONTROLLER_POOL, {
        replicas: CONTROLLER_REPLICAS,
        roles: ["controller"],
        volumes: [volume(0, c.storage.type, c.storage.size, ctx)],
        sizing: c,
        ownNode: false,
    });
}

/** The brokers: JBOD volumes, each broker on a node of its own, spread evenly over the zones. */
export function renderBrokerPool(k: ZonedKafkaConfig, ctx: NodePoolContext): KafkaNodePool {
    return renderPool(k, BROKER_POOL, {
        replicas: k.brokers.replicas,
        roles: ["broker"],
        volumes: brokerVolumes(k, ctx),
        sizing: k.brokers,
        ownNode: true,
    });
}

/**
 * The local cluster: every node is both a KRaft controller and a broker, sized by kafka.brokers; its
 * first volume holds the metadata log beside the partitions.
 */
export function renderDualRolePool(k: SingleNodeKafkaConfig, ctx: NodePoolContext): KafkaNodePool {
    return renderPool(k, DUAL_ROLE_POOL, {
        replicas: k.brokers.replicas,
        roles: ["controller", "broker"],
        volumes: brokerVolumes(k, ctx),
        sizing: k.brokers,
        ownNode: false,
    });
}
