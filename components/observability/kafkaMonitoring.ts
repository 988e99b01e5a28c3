import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ObservabilityConfig } from "../config";
import { renderPlatformAlertmanagerConfig, renderTeamAlertmanagerConfig } from "./alertmanager";
import { renderAlertRules } from "./alerts";
import { renderDashboardConfigMaps } from "./dashboards";
import { renderPodMonitors } from "./scrape";
import { PLATFORM_LABEL } from "./types";

export interface KafkaMonitoringArgs {
    observability: ObservabilityConfig;
    kafka: { name: string; namespace: string; brokerReplicas: number };
    operatorNamespace: string;
    /** Name of the archive's KafkaConnect, whose connectors the alerts watch. */
    connectName: string;
    /** Namespace of Strimzi Drain Cleaner, where the stack runs it. */
    drainCleanerNamespace?: string;
    provider: k8s.Provider;
    /** What must exist first: the chart and its CRDs in-cluster; the Kafka namespace either way. */
    dependsOn: pulumi.Input<pulumi.Resource>[];
}

/**
 * What the platform adds to any Prometheus Operator and Grafana: PodMonitors for every Strimzi
 * component, the alert rules, the Alertmanager routes of the platform (in-cluster only) and of each
 * team that configured a receiver, and the dashboards.
 */
export class KafkaMonitoring extends pulumi.ComponentResource {
    constructor(name: string, args: KafkaMonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kafka-platform:observability:KafkaMonitoring", name, {}, opts);
        const o = { parent: this, provider: args.provider, dependsOn: args.dependsOn };
        const obs = args.observability;
        const objects = [
            ...renderPodMonitors({ namespace: obs.namespace, selectorLabels: obs.selectorLabels, kafkaNamespace: args.kafka.namespace, operatorNamespace: args.operatorNamespace }),
            renderAlertRules({
                namespace: obs.namespace,
                selectorLabels: obs.selectorLabels,
                kafka: args.kafka,
                operatorNamespace: args.operatorNamespace,
                connectName: args.connectName,
                consumerLagRecords: obs.alerting.consumerLagRecords,
                ...(args.drainCleanerNamespace !== undefined ? { drainCleanerNamespace: args.drainCleanerNamespace } : {}),
            }),
            ...(obs.prometheus === "in-cluster" && obs.alerting.receiver !== undefined ? [renderPlatformAlertmanagerConfig(obs.namespace, obs.alerting.receiver)] : []),
            ...Object.entries(obs.alerting.teams).map(([team, r]) =>
                renderTeamAlertmanagerConfig(team, args.kafka.namespace, { ...obs.selectorLabels, [PLATFORM_LABEL]: "routing" }, r),
            ),
        ];
        for (const m of objects) {
            new k8s.apiextensions.CustomResource(`${name}-${m.metadata.name}`, { ...m }, o);
        }
        for (const d of renderDashboardConfigMaps({ namespace: obs.namespace, label: obs.grafanaDashboardLabel, kafka: args.kafka, connectName: args.connectName })) {
            new k8s.core.v1.ConfigMap(`${name}-${d.metadata.name}`, d, o);
        }
        this.registerOutputs({});
    }
}
