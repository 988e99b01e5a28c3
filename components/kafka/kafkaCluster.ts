import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { KafkaConfig } from "../config";
import { KafkaClusterInfo } from "./info";
import { renderKafka, renderMetricsConfigMap } from "./renderKafka";
import { DUAL_ROLE_POOL, renderBrokerPool, renderControllerPool, renderDualRolePool } from "./renderNodePools";
import { strimziResource } from "../strimzi/resource";
import { renderSuperUser } from "./superUsers";
import { StrimziResource } from "../strimzi/types";

export interface KafkaClusterArgs {
    kafka: KafkaConfig;
    /** Name of the StorageClass the node pools' volumes are provisioned from; undefined: the cluster's default class. */
    storageClassName?: string;
    /** The StorageClass, when this stack creates it: claims made before it exists would stay Pending. */
    storageClass?: pulumi.Resource;
    /** The controllers' StorageClass when it differs from the brokers' (gp3 at baseline on AWS), and the class itself. */
    controllerStorageClassName?: string;
    controllerStorageClass?: pulumi.Resource;
    /** The Kafka namespace (created with the operator, whose RoleBindings live in it). */
    namespace: pulumi.Resource;
    /** The operator's chart: its CRDs must exist before any Strimzi resource. */
    operatorChart: pulumi.Resource;
    /** Keep volumes when pools shrink and protect the Kafka and node pool resources from deletion. */
    productionLike: boolean;
    provider: k8s.Provider;
    /** Annotations of the cluster CA certificate's Secret (Reflector's, to copy it into self-service teams' namespaces). */
    clusterCaCertAnnotations?: Record<string, string>;
}

/** The Secret Strimzi keeps the cluster CA certificate in, which clients of the TLS listeners trust. */
export function clusterCaCertSecretName(kafkaName: string): string {
    return `${kafkaName}-cluster-ca-cert`;
}

/** The TLS listener's bootstrap address inside the cluster, as clients and Kafka Connect use it. */
export function tlsBootstrapAddress(name: string, namespace: string): string {
    return `${name}-kafka-bootstrap.${namespace}.svc:9093`;
}

/**
 * A KRaft Kafka cluster run by Strimzi: a controller node pool (the quorum) and a broker node pool
 * (or, on a single-node local cluster, one pool with both roles), the Kafka resource with its
 * listeners, authorization, metrics and entity operator (and, zoned, rack awareness and Cruise
 * Control), and the ConfigMap with the JMX exporter rules.
 */
export class KafkaCluster extends pulumi.ComponentResource {
    readonly info: KafkaClusterInfo;
    readonly kafka: k8s.apiextensions.CustomResource;

    constructor(name: string, args: KafkaClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kafka-platform:kafka:KafkaCluster", name, {}, opts);
        const k = args.kafka;
        const o = { parent: this, provider: args.provider };
        const stateful = { ...o, protect: args.productionLike };
        const metrics = new k8s.core.v1.ConfigMap(`${name}-metrics`, renderMetricsConfigMap(k), { ...o, dependsOn: [args.namespace] });

        const poolContext = { storageClassName: args.storageClassName, keepVolumes: args.productionLike };
        const poolDependencies = [args.operatorChart, args.namespace, ...[args.storageClass, args.controllerStorageClass].filter((r): r is pulumi.Resource => r !== undefined)];
        const pool = (suffix: string, manifest: StrimziResource<"KafkaNodePool", unknown>) =>
            strimziResource(`${name}-${suffix}`, "KafkaNodePool", manifest, { ...stateful, dependsOn: poolDependencies });
        const pools =
            k.topology === "zoned"
                ? [pool("controller", renderControllerPool(k, { ...poolContext, storageClassName: args.controllerStorageClassName ?? args.storageClassName })), pool("broker", renderBrokerPool(k, poolContext))]
                : [pool(DUAL_ROLE_POOL, renderDualRolePool(k, poolContext))];

        // The pools and the metrics ConfigMap first: the Kafka resource is only Ready once its nodes run.
        this.kafka = strimziResource(`${name}-kafka`, "Kafka", renderKafka(k, args.clusterCaCertAnnotations), {
            ...stateful,
            dependsOn: [args.operatorChart, args.namespace, metrics, ...pools],
        });
        for (const principal of k.superUsers) {
            const user = renderSuperUser(k, principal);
            strimziResource(`${name}-super-user-${user.metadata.name}`, "KafkaUser", user, { ...stateful, dependsOn: [this.kafka] });
        }

        const kafkaName = this.kafka.metadata.name;
        const namespace = this.kafka.metadata.namespace;
        this.info = {
            name: kafkaName,
            namespace,
            brokerReplicas: k.brokers.replicas,
            defaultReplicationFactor: k.defaultReplicationFactor,
            minInsyncReplicas: k.minInsyncReplicas,
            tlsBootstrapServers: pulumi.all([kafkaName, namespace]).apply(([n, ns]) => tlsBootstrapAddress(n, ns)),
            clusterCaCertSecret: kafkaName.apply(clusterCaCertSecretName),
            readyResources: [this.kafka],
        };
        this.registerOutputs({
            name: this.info.name,
            namespace: this.info.namespace,
            tlsBootstrapServers: this.info.tlsBootstrapServers,
            clusterCaCertSecret: this.info.clusterCaCertSecret,
        });
    }
}
