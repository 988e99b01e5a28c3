import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ObservabilityConfig } from "../config";
import { Topology } from "../shared/scheduling";
import { MonitoringStorage } from "./chartValues";
import { KafkaMonitoring } from "./kafkaMonitoring";
import { PrometheusStack } from "./prometheusStack";

export interface ObservabilityArgs {
    observability: ObservabilityConfig;
    topology: Topology;
    storage: MonitoringStorage;
    kafka: { name: string; namespace: string; brokerReplicas: number };
    operatorNamespace: string;
    /** Name of the archive's KafkaConnect. */
    connectName: string;
    /** Namespace of Strimzi Drain Cleaner, where the stack runs it. */
    drainCleanerNamespace?: string;
    provider: k8s.Provider;
    /** What an in-cluster chart waits for: the nodes it runs on and the StorageClass of its volumes. */
    chartDependsOn: pulumi.Input<pulumi.Resource>[];
    /** What the scrape objects, rules and dashboards wait for besides the chart (the Kafka namespace). */
    dependsOn: pulumi.Input<pulumi.Resource>[];
}

/**
 * The platform's observability: with `prometheus: in-cluster` the kube-prometheus-stack chart and
 * everything below on top of it; with `existing` only what the platform adds to the organisation's
 * own Prometheus Operator and Grafana, in the configured namespace, which must already exist.
 */
export function buildObservability(name: string, args: ObservabilityArgs): { stack?: PrometheusStack; monitoring: KafkaMonitoring } {
    const obs = args.observability;
    const stack =
        obs.prometheus === "in-cluster"
            ? new PrometheusStack(`${name}-stack`, {
                  observability: obs,
                  topology: args.topology,
                  storage: args.storage,
                  kafkaNamespace: args.kafka.namespace,
                  provider: args.provider,
                  dependsOn: args.chartDependsOn,
              })
            : undefined;
    const monitoring = new KafkaMonitoring(name, {
        observability: obs,
        kafka: args.kafka,
        operatorNamespace: args.operatorNamespace,
        connectName: args.connectName,
        ...(args.drainCleanerNamespace !== undefined ? { drainCleanerNamespace: args.drainCleanerNamespace } : {}),
        provider: args.provider,
        dependsOn: [...args.dependsOn, ...(stack ? [stack.chart] : [])],
    });
    return { ...(stack ? { stack } : {}), monitoring };
}
