import { strict as assert } from "assert";
import { readStackConfig } from "../../automation/harness/stackFiles";
import { parseConfig } from "../../components/config";
import { renderMonitoringValues } from "../../components/observability/chartValues";

/**
 * Value keys the platform may set, each found in the pinned charts' values.yaml: kube-prometheus-stack
 * 88.5.3 (tag kube-prometheus-stack-88.5.3 of prometheus-community/helm-charts), and the subcharts it
 * pins in its Chart.yaml: grafana 12.11.1 (grafana-community/helm-charts: nodeSelector, persistence.*,
 * admin.*) and kube-state-metrics 8.4.0 (nodeSelector). A key outside this list fails the test; a
 * key is added here only after it has been found upstream for the pinned version.
 */
const UPSTREAM_KEYS = new Set([
    "crds.enabled",
    "prometheusOperator.nodeSelector",
    "prometheusOperator.admissionWebhooks.enabled",
    "prometheusOperator.tls.enabled",
    "kube-state-metrics.nodeSelector",
    "prometheus.prometheusSpec.nodeSelector",
    "prometheus.prometheusSpec.retention",
    "prometheus.prometheusSpec.resources",
    "prometheus.prometheusSpec.podMonitorSelectorNilUsesHelmValues",
    "prometheus.prometheusSpec.ruleSelectorNilUsesHelmValues",
    "prometheus.prometheusSpec.serviceMonitorSelectorNilUsesHelmValues",
    "prometheus.prometheusSpec.storageSpec",
    "alertmanager.alertmanagerSpec.nodeSelector",
    "alertmanager.alertmanagerSpec.storage",
    "alertmanager.alertmanagerSpec.alertmanagerConfiguration",
    "alertmanager.alertmanagerSpec.alertmanagerConfigNamespaceSelector",
    "alertmanager.alertmanagerSpec.alertmanagerConfigSelector",
    "grafana.nodeSelector",
    "grafana.admin.existingSecret",
    "grafana.admin.userKey",
    "grafana.admin.passwordKey",
    "grafana.persistence.enabled",
    "grafana.persistence.size",
    "grafana.persistence.storageClassName",
    "grafana.sidecar.dashboards.enabled",
    "grafana.sidecar.dashboards.label",
    "grafana.sidecar.dashboards.labelValue",
]);

/** Objects below these keys are free-form (a Kubernetes type the chart passes through). */
const OPAQUE = ["nodeSelector", "resources", "storageSpec", "storage", "alertmanagerConfiguration", "alertmanagerConfigNamespaceSelector", "alertmanagerConfigSelector"];

function keyPaths(v: unknown, prefix = ""): string[] {
    if (v === null || typeof v !== "object" || Array.isArray(v) || OPAQUE.includes(prefix.split(".").pop() ?? "")) {
        return [prefix];
    }
    return Object.entries(v).flatMap(([k, x]) => keyPaths(x, prefix ? `${prefix}.${k}` : k));
}

const prod = parseConfig(readStackConfig("prod").config, "prod");

describe("kube-prometheus-stack values", () => {
    it("set only keys that exist in the pinned chart and its subcharts", () => {
        const withReceiver = { ...prod.observability, alerting: { ...prod.observability.alerting, receiver: { webhook: { urlSecret: { name: "h", key: "u" } } } } };
        for (const values of [
            renderMonitoringValues(withReceiver, "zoned", { storageClassName: "gp3", ephemeral: false }, "kafka"),
            renderMonitoringValues(prod.observability, "single-node", { ephemeral: true }, "kafka"),
        ]) {
            assert.deepEqual(keyPaths(values).filter((k) => !UPSTREAM_KEYS.has(k)), []);
        }
    });

    it("put Prometheus, Alertmanager, Grafana, the operator and kube-state-metrics on the system nodes of a zoned cluster", () => {
        const v = renderMonitoringValues(prod.observability, "zoned", { storageClassName: "gp3", ephemeral: false }, "kafka") as Record<string, Record<string, Record<string, unknown>>>;
        const system = { "kafka-platform.io/node-pool": "system" };
        assert.deepEqual(v.prometheus.prometheusSpec.nodeSelector, system);
        assert.deepEqual(v.alertmanager.alertmanagerSpec.nodeSelector, system);
        assert.deepEqual(v.grafana.nodeSelector, system);
        assert.deepEqual(v.prometheusOperator.nodeSelector, system);
        assert.deepEqual(v["kube-state-metrics"].nodeSelector, system);
    });

    it("keep Prometheus's data for the environment's retention on a volume of the platform's StorageClass", () => {
        const v = renderMonitoringValues(prod.observability, "zoned", { storageClassName: "gp3", ephemeral: false }, "kafka") as Record<string, Record<string, Record<string, unknown>>>;
        assert.equal(v.prometheus.prometheusSpec.retention, "30d");
        assert.deepEqual(v.prometheus.prometheusSpec.storageSpec, {
            volumeClaimTemplate: { spec: { storageClassName: "gp3", accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "200Gi" } } } },
        });
        assert.deepEqual(v.grafana.persistence, { enabled: true, size: "5Gi", storageClassName: "gp3" });
    });

    it("select every PodMonitor and PrometheusRule, and Grafana dashboards by the configured label", () => {
        const v = renderMonitoringValues(prod.observability, "zoned", { storageClassName: "gp3", ephemeral: false }, "kafka") as Record<string, Record<string, Record<string, unknown>>>;
        assert.equal(v.prometheus.prometheusSpec.podMonitorSelectorNilUsesHelmValues, false);
        assert.equal(v.prometheus.prometheusSpec.ruleSelectorNilUsesHelmValues, false);
        assert.deepEqual(v.grafana.sidecar, { dashboards: { enabled: true, label: "grafana_dashboard", labelValue: "1" } });
    });

    it("run the operator without TLS, whose certificate Secret only the disabled webhook's hook Jobs would create", () => {
        // kube-prometheus-stack 88.5.3 templates/prometheus-operator/deployment.yaml mounts Secret
        // `<fullname>-admission` when tls.enabled; job-createSecret.yaml is rendered only with
        // admissionWebhooks.enabled, so TLS on and the webhook off leaves the operator pod pending.
        const v = renderMonitoringValues(prod.observability, "zoned", { storageClassName: "gp3", ephemeral: false }, "kafka") as Record<string, Record<string, Record<string, unknown>>>;
        assert.deepEqual(v.prometheusOperator.admissionWebhooks, { enabled: false });
        assert.deepEqual(v.prometheusOperator.tls, { enabled: false });
    });

    it("let the Alertmanager read the teams' AlertmanagerConfigs in the Kafka namespace, and only the platform's", () => {
        // The chart renders an unset alertmanagerConfigNamespaceSelector as null (templates/alertmanager/
        // alertmanager.yaml in 88.5.3), with which the operator reads only the Alertmanager's own namespace.
        const v = renderMonitoringValues(prod.observability, "zoned", { storageClassName: "gp3", ephemeral: false }, "kafka-prod") as Record<string, Record<string, Record<string, unknown>>>;
        assert.deepEqual(v.alertmanager.alertmanagerSpec.alertmanagerConfigNamespaceSelector, { matchLabels: { "kubernetes.io/metadata.name": "kafka-prod" } });
        assert.deepEqual(v.alertmanager.alertmanagerSpec.alertmanagerConfigSelector, { matchLabels: { "kafka-platform.io/observability": "routing" } });
    });

    it("keep nothing on volumes for an ephemeral local stack", () => {
        const v = renderMonitoringValues(prod.observability, "single-node", { ephemeral: true }, "kafka") as Record<string, Record<string, Record<string, unknown>>>;
        assert.equal(v.prometheus.prometheusSpec.storageSpec, undefined);
        assert.equal(v.alertmanager.alertmanagerSpec.storage, undefined);
        assert.deepEqual(v.grafana.persistence, { enabled: false });
        assert.equal(v.prometheus.prometheusSpec.nodeSelector, undefined);
    });
});
