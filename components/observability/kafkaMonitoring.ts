import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ObservabilityConfig } from "../config";
import { renderPodMonitors } from "./scrape";

export interface KafkaMonitoringArgs {
    observability: ObservabilityConfig;
    kafka: { name: string; namespace: string };
    operatorNamespace: string;
    provider: k8s.Provider;
    /** What must exist first: the chart and its CRDs in-cluster; the Kafka namespace either way. */
    dependsOn: pulumi.Input<pulumi.Resource>[];
}

/**
 * What the platform adds to any Prometheus Operator: PodMonitors for every Strimzi component.
 */
export class KafkaMonitoring extends pulumi.ComponentResource {
    constructor(name: string, args: KafkaMonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kafka-platform:observability:KafkaMonitoring", name, {}, opts);
        const o = { parent: this, provider: args.provider, dependsOn: args.dependsOn };
        const obs = args.observability;

        for (const m of renderPodMonitors({
            namespace: obs.namespace,
            selectorLabels: obs.selectorLabels,
            kafkaNamespace: args.kafka.namespace,
            operatorNamespace: args.operatorNamespace,
        })) {
            new k8s.apiextensions.CustomResource(`${name}-${m.metadata.name}`, { ...m }, o);
        }
        this.registerOutputs({});
    }
}
