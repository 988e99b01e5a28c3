import { ObservabilityConfig } from "../config";
import { SYSTEM_NODE_LABELS, Topology } from "../shared/scheduling";
import { PLATFORM_LABEL } from "./types";

/**
 * Values of the kube-prometheus-stack chart for `prometheus: in-cluster`. Every key path set here
 * exists in the pinned chart's values.yaml (88.5.3) or in the values of the subchart it belongs to
 * (grafana 12.11.1, kube-state-metrics 8.4.0); tests/observability/chartValues.spec.ts lists them.
 */

export const KUBE_PROMETHEUS_STACK_CHART = "oci://ghcr.io/prometheus-community/charts/kube-prometheus-stack";
/** Release name; the chart prefixes its objects with it. */
export const MONITORING_RELEASE_NAME = "monitoring";
/** The AlertmanagerConfig the chart's Alertmanager takes as its top-level configuration (the platform's receiver). */
export const PLATFORM_ALERTMANAGER_CONFIG = "kafka-platform";
export const GRAFANA_ADMIN_SECRET = "grafana-admin";

export interface MonitoringStorage {
    /** StorageClass of the volumes; unset: the cluster's default class. */
    storageClassName?: string;
    /** Keep the data in emptyDir volumes (a disposable local stack). */
    ephemeral: boolean;
}

const PROMETHEUS_RESOURCES = {
    zoned: { requests: { cpu: "500m", memory: "2Gi" }, limits: { memory: "4Gi" } },
    "single-node": { requests: { cpu: "100m", memory: "512Mi" }, limits: { memory: "1Gi" } },
} as const;

function claim(size: string, storage: MonitoringStorage): Record<string, unknown> {
    return {
        spec: {
            ...(storage.storageClassName !== undefined ? { storageClassName: storage.storageClassName } : {}),
            accessModes: ["ReadWriteOnce"],
            resources: { requests: { storage: size } },
        },
    };
}

/**
 * `kafkaNamespace`: where the teams' AlertmanagerConfigs live. The chart renders an unset
 * `alertmanagerConfigNamespaceSelector` as null (templates/alertmanager/alertmanager.yaml), and the
 * operator then reads AlertmanagerConfigs of the Alertmanager's own namespace only.
 */
export function renderMonitoringValues(o: ObservabilityConfig, topology: Topology, storage: MonitoringStorage, kafkaNamespace: string): Record<string, unknown> {
    const placement = topology === "zoned" ? { nodeSelector: { ...SYSTEM_NODE_LABELS } } : {};
    const c = o.inCluster;
    return {
        crds: { enabled: true },
        // The webhook's certificate comes from Helm hook Jobs (create, then patch after install), and
        // Pulumi's helm.v4.Chart renders no hooks at all (pulumi-kubernetes provider/pkg/provider/
        // helm/v4/chart.go: DisableHooks, only release.Manifest is applied), so the webhook would
        // never get a certificate and would refuse the platform's PrometheusRules. The tests parse
        // every expression and validate every object instead.
        // The operator's own TLS (tls.enabled, default true) mounts the Secret `<release>-admission`
        // that only those hook Jobs create (templates/prometheus-operator/deployment.yaml), so without
        // the webhook the operator pod would wait for that Secret forever.
        prometheusOperator: { ...placement, admissionWebhooks: { enabled: false }, tls: { enabled: false } },
        "kube-state-metrics": { ...placement },
        prometheus: {
            prometheusSpec: {
                ...placement,
                retention: c.retention,
                resources: PROMETHEUS_RESOURCES[topology],
                // Select every PodMonitor and PrometheusRule, not only those labelled with this release.
                podMonitorSelectorNilUsesHelmValues: false,
                ruleSelectorNilUsesHelmValues: false,
                serviceMonitorSelectorNilUsesHelmValues: false,
                ...(storage.ephemeral ? {} : { storageSpec: { volumeClaimTemplate: claim(c.prometheusStorage, storage) } }),
            },
        },
        alertmanager: {
            alertmanagerSpec: {
                ...placement,
                ...(storage.ephemeral ? {} : { storage: { volumeClaimTemplate: claim(c.alertmanagerStorage, storage) } }),
                ...(o.alerting.receiver !== undefined ? { alertmanagerConfiguration: { name: PLATFORM_ALERTMANAGER_CONFIG } } : {}),
                alertmanagerConfigNamespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": kafkaNamespace } },
                alertmanagerConfigSelector: { matchLabels: { [PLATFORM_LABEL]: "routing" } },
            },
        },
        grafana: {
            ...placement,
            admin: { existingSecret: GRAFANA_ADMIN_SECRET, userKey: "admin-user", passwordKey: "admin-password" },
            persistence: storage.ephemeral
                ? { enabled: false }
                : { enabled: true, size: c.grafanaStorage, ...(storage.storageClassName !== undefined ? { storageClassName: storage.storageClassName } : {}) },
            sidecar: { dashboards: { enabled: true, label: o.grafanaDashboardLabel.name, labelValue: o.grafanaDashboardLabel.value } },
        },
    };
}
