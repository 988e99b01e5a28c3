import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { ObservabilityConfig } from "../config";
import { Topology } from "../shared/scheduling";
import { GRAFANA_ADMIN_SECRET, KUBE_PROMETHEUS_STACK_CHART, MONITORING_RELEASE_NAME, MonitoringStorage, renderMonitoringValues } from "./chartValues";

export interface PrometheusStackArgs {
    observability: ObservabilityConfig;
    topology: Topology;
    storage: MonitoringStorage;
    /** Namespace of the Kafka cluster, where the teams' AlertmanagerConfigs are. */
    kafkaNamespace: string;
    provider: k8s.Provider;
    /** What the chart's pods need first: the nodes and the StorageClass of their volumes. */
    dependsOn: pulumi.Input<pulumi.Resource>[];
}

/**
 * `prometheus: in-cluster`: the kube-prometheus-stack chart (Prometheus Operator and its CRDs,
 * Prometheus, Alertmanager, Grafana, kube-state-metrics, node-exporter) in a namespace of its own,
 * with Grafana's admin password generated here rather than by the chart, whose random value would
 * change on every render.
 */
export class PrometheusStack extends pulumi.ComponentResource {
    readonly namespace: k8s.core.v1.Namespace;
    /** The chart; monitoring custom resources depend on it so its CRDs exist before them. */
    readonly chart: k8s.helm.v4.Chart;

    constructor(name: string, args: PrometheusStackArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kafka-platform:observability:PrometheusStack", name, {}, opts);
        const o = { parent: this, provider: args.provider };
        const ns = args.observability.namespace;

        // node-exporter reads the host's network and process namespaces, which only the privileged standard allows.
        this.namespace = new k8s.core.v1.Namespace(`${name}-ns`, { metadata: { name: ns, labels: { "pod-security.kubernetes.io/enforce": "privileged" } } }, o);
        const password = new random.RandomPassword(`${name}-grafana-admin-password`, { length: 32, special: false }, { parent: this });
        const admin = new k8s.core.v1.Secret(`${name}-grafana-admin`, {
            metadata: { name: GRAFANA_ADMIN_SECRET, namespace: ns },
            stringData: { "admin-user": "admin", "admin-password": password.result },
        }, { ...o, dependsOn: [this.namespace] });

        this.chart = new k8s.helm.v4.Chart(`${name}-chart`, {
            chart: KUBE_PROMETHEUS_STACK_CHART,
            version: args.observability.inCluster.chartVersion,
            name: MONITORING_RELEASE_NAME,
            namespace: ns,
            values: renderMonitoringValues(args.observability, args.topology, args.storage, args.kafkaNamespace),
        }, { ...o, dependsOn: [this.namespace, admin, ...args.dependsOn] });

        this.registerOutputs({ namespace: ns });
    }
}
