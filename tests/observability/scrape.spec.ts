import { strict as assert } from "assert";
import { renderPodMonitors } from "../../components/observability/scrape";
import { validateMonitoringObject } from "./models";

const monitors = renderPodMonitors({ namespace: "monitoring", selectorLabels: { release: "prom" }, kafkaNamespace: "kafka", operatorNamespace: "strimzi" });

describe("scrape objects", () => {
    it("validate against prometheus-operator's PodMonitor schema", async () => {
        for (const m of monitors) {
            await validateMonitoringObject(m);
        }
    });

    it("a wrong value fails that validation, so the check above can fail", async () => {
        const broken = { ...monitors[0], spec: { ...monitors[0].spec, podMetricsEndpoints: [{ port: "tcp-prometheus", relabelings: [{ action: "rename" }] }] } };
        await assert.rejects(validateMonitoringObject(broken));
    });

    it("scrape Kafka nodes, Cruise Control, Kafka Exporter and Connect on Strimzi's metrics port, with Strimzi's pod labels", () => {
        assert.deepEqual(monitors[0].spec, {
            selector: { matchExpressions: [{ key: "strimzi.io/kind", operator: "In", values: ["Kafka", "KafkaConnect"] }] },
            namespaceSelector: { matchNames: ["kafka"] },
            podMetricsEndpoints: [
                {
                    port: "tcp-prometheus",
                    path: "/metrics",
                    relabelings: [
                        { action: "labelmap", regex: "__meta_kubernetes_pod_label_(strimzi_io_.+)", replacement: "$1" },
                        { action: "replace", sourceLabels: ["__meta_kubernetes_pod_node_name"], targetLabel: "node" },
                    ],
                },
            ],
        });
    });

    it("scrape the cluster operator on its http port and both entity operator containers", () => {
        assert.deepEqual(monitors[1].spec.selector, { matchLabels: { "strimzi.io/kind": "cluster-operator" } });
        assert.deepEqual(monitors[1].spec.namespaceSelector, { matchNames: ["strimzi"] });
        assert.deepEqual(monitors[1].spec.podMetricsEndpoints.map((e) => e.port), ["http"]);
        assert.deepEqual(monitors[2].spec.selector, { matchLabels: { "app.kubernetes.io/name": "entity-operator" } });
        assert.deepEqual(monitors[2].spec.podMetricsEndpoints.map((e) => e.port), ["healthcheck-to", "healthcheck-uo"]);
    });

    it("carry the labels an existing Prometheus selects by", () => {
        for (const m of monitors) {
            assert.deepEqual(m.metadata.labels, { release: "prom", "kafka-platform.io/observability": "scrape" });
            assert.equal(m.metadata.namespace, "monitoring");
        }
    });
});
