import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ArchiveConfig } from "../config";
import { KafkaClusterInfo } from "../kafka/info";
import { DemoContext, demoTopicName, renderDemoPayload, renderDemoProducer, renderDemoTopic, renderDemoUser } from "./demoManifests";
import { strimziResource } from "../strimzi/resource";
import { Topology } from "../shared/scheduling";

export interface DemoPipelineArgs {
    demo: ArchiveConfig["demo"];
    kafka: KafkaClusterInfo;
    /** Where the producer runs: on the system nodes of a zoned cluster, anywhere on a local one. */
    topology: Topology;
    provider: k8s.Provider;
}

/**
 * The demo producer of the archive: generated web-activity events written continuously to the
 * demo topic by Kafka's perf-test tool, under a KafkaUser that may write that topic only.
 */
export class DemoPipeline extends pulumi.ComponentResource {
    readonly topicName: string;

    constructor(name: string, args: DemoPipelineArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kafka-platform:archive:DemoPipeline", name, {}, opts);
        const info = args.kafka;
        const demo = args.demo;
        const ctx: pulumi.Output<DemoContext> = pulumi.output({
            topology: args.topology,
            kafkaClusterName: info.name,
            namespace: info.namespace,
            tlsBootstrapServers: info.tlsBootstrapServers,
            clusterCaCertSecret: info.clusterCaCertSecret,
            replicationFactor: info.defaultReplicationFactor,
            minInsyncReplicas: info.minInsyncReplicas,
        });
        const o = { parent: this, provider: args.provider };
        const afterKafka = { ...o, dependsOn: info.readyResources };

        const topic = strimziResource(`${name}-topic`, "KafkaTopic", ctx.apply((c) => renderDemoTopic(demo, c)), afterKafka);
        const user = strimziResource(`${name}-user`, "KafkaUser", ctx.apply((c) => renderDemoUser(demo, c)), afterKafka);
        const payload = ctx.apply((c) => renderDemoPayload(demo, c));
        const configMap = new k8s.core.v1.ConfigMap(`${name}-payload`, { metadata: payload.metadata, data: payload.data }, o);
        const producer = ctx.apply((c) => renderDemoProducer(demo, c));
        new k8s.apps.v1.Deployment(`${name}-producer`, { metadata: producer.metadata, spec: producer.spec }, {
            ...o,
            dependsOn: [topic, user, configMap],
        });

        this.topicName = demoTopicName(demo);
        this.registerOutputs({ topicName: this.topicName });
    }
}
