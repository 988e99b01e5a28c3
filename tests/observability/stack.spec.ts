import { strict as assert } from "assert";
import { readStackConfig } from "../../automation/harness/stackFiles";
import { ofType, ProgramRun, resource, runConfig, runStack } from "../support/harness";

const POD_MONITOR = "kubernetes:monitoring.coreos.com/v1:PodMonitor";
const RULE = "kubernetes:monitoring.coreos.com/v1:PrometheusRule";
const AMC = "kubernetes:monitoring.coreos.com/v1alpha1:AlertmanagerConfig";
const CHART = "kubernetes:helm.sh/v4:Chart";
const CONFIG_MAP = "kubernetes:core/v1:ConfigMap";

describe("observability in a stack", () => {
    let prod: ProgramRun;
    let existing: ProgramRun;
    before(async () => {
        prod = await runStack("prod");
        const dev = readStackConfig("dev").config as Record<string, unknown>;
        existing = await runConfig("dev", { ...dev, observability: { prometheus: "existing", namespace: "observability", selectorLabels: { release: "kube-prometheus-stack" } } });
    });

    it("installs kube-prometheus-stack from its OCI chart at the pinned version, in the monitoring namespace", () => {
        const chart = resource(prod, CHART, "observability-stack-chart");
        assert.equal(chart.inputs.chart, "oci://ghcr.io/prometheus-community/charts/kube-prometheus-stack");
        assert.equal(chart.inputs.version, "88.5.3");
        assert.equal(chart.inputs.name, "monitoring");
        assert.equal(chart.inputs.namespace, "monitoring");
        assert.deepEqual((chart.inputs.values as Record<string, Record<string, Record<string, unknown>>>).alertmanager.alertmanagerSpec.alertmanagerConfiguration, { name: "kafka-platform" });
    });

    it("creates the monitoring objects after the chart, whose CRDs they need", () => {
        const chart = resource(prod, CHART, "observability-stack-chart");
        for (const r of [...ofType(prod, POD_MONITOR), ...ofType(prod, RULE), ...ofType(prod, AMC)]) {
            assert.ok(r.dependencies.includes(chart.urn), `${r.type} ${r.name}`);
        }
    });

    it("routes prod's platform alerts to PagerDuty and payments' to its Slack channel", () => {
        assert.deepEqual(
            // The engine registers resources as their inputs resolve, not in program order.
            ofType(prod, AMC)
                .map((r) => [(r.inputs.metadata as { namespace: string; name: string }).namespace, (r.inputs.metadata as { name: string }).name])
                .sort(([a], [b]) => b.localeCompare(a)),
            [
                ["monitoring", "kafka-platform"],
                ["kafka", "kafka-platform-team-payments"],
            ],
        );
    });

    it("has the chart's Alertmanager select every team AlertmanagerConfig, by namespace and label", () => {
        const spec = (resource(prod, CHART, "observability-stack-chart").inputs.values as Record<string, Record<string, Record<string, { matchLabels: Record<string, string> }>>>)
            .alertmanager.alertmanagerSpec;
        const teams = ofType(prod, AMC).filter((r) => (r.inputs.metadata as { name: string }).name.startsWith("kafka-platform-team-"));
        assert.equal(teams.length, 1);
        for (const r of teams) {
            const meta = r.inputs.metadata as { namespace: string; labels: Record<string, string> };
            // Kubernetes labels every namespace kubernetes.io/metadata.name=<its name>.
            assert.deepEqual(spec.alertmanagerConfigNamespaceSelector.matchLabels, { "kubernetes.io/metadata.name": meta.namespace });
            for (const [k, v] of Object.entries(spec.alertmanagerConfigSelector.matchLabels)) {
                assert.equal(meta.labels[k], v, k);
            }
        }
    });

    it("watches prod's 3 brokers and Drain Cleaner", () => {
        const groups = (resource(prod, RULE, "observability-kafka-platform-alerts").inputs.spec as { groups: { rules: { alert: string; expr: string }[] }[] }).groups;
        const rules = groups.flatMap((g) => g.rules);
        assert.equal(rules.length, 22);
        assert.match(rules.find((r) => r.alert === "KafkaBrokerDown")!.expr, /< 3$/);
    });

    it("with an existing Prometheus, adds only labelled scrape objects, rules and dashboards in its namespace", () => {
        assert.equal(ofType(existing, "kafka-platform:observability:PrometheusStack").length, 0);
        assert.equal(ofType(existing, CHART).filter((c) => String(c.inputs.chart).includes("kube-prometheus-stack")).length, 0);
        for (const r of [...ofType(existing, POD_MONITOR), ...ofType(existing, RULE)]) {
            const meta = r.inputs.metadata as { namespace: string; labels: Record<string, string> };
            assert.equal(meta.namespace, "observability");
            assert.equal(meta.labels.release, "kube-prometheus-stack");
        }
        assert.deepEqual(
            ofType(existing, CONFIG_MAP)
                .filter((c) => (c.inputs.metadata as { labels?: Record<string, string> }).labels?.grafana_dashboard === "1")
                .map((c) => (c.inputs.metadata as { name: string }).name),
            ["kafka-platform-cluster", "kafka-platform-brokers", "kafka-platform-team", "kafka-platform-archive"],
        );
        assert.equal(ofType(existing, AMC).length, 0);
    });
});
