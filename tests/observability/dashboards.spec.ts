import { strict as assert } from "assert";
import { renderDashboardConfigMaps, renderDashboards } from "../../components/observability/dashboards";
import { renderAlertRules } from "../../components/observability/alerts";
import { EXPORTED_METRICS, KAFKA_JMX_METRICS } from "../../components/observability/exportedMetrics";
import { metricNamesIn, parseErrors } from "./promqlNames";

const TARGETS = { namespace: "monitoring", label: { name: "grafana_dashboard", value: "1" }, kafka: { name: "events", namespace: "kafka" }, connectName: "archive" };
const dashboards = renderDashboards(TARGETS);
const queries = dashboards.flatMap((d) => d.panels.flatMap((p) => p.targets.map((t) => ({ where: `${d.uid} / ${p.title}`, expr: t.expr }))));

describe("dashboards", () => {
    it("are the cluster overview, broker resources and disks, one per team, and the archive", () => {
        assert.deepEqual(
            dashboards.map((d) => [d.uid, d.title]),
            [
                ["kafka-platform-cluster", "Kafka events: cluster overview"],
                ["kafka-platform-brokers", "Kafka events: broker resources and disks"],
                ["kafka-platform-team", "Kafka events: team $team"],
                ["kafka-platform-archive", "Kafka events: archive to S3"],
            ],
        );
    });

    it("query with Prometheus's own PromQL grammar", () => {
        assert.ok(queries.length >= 30);
        for (const q of queries) {
            assert.deepEqual(parseErrors(q.expr), [], q.where);
        }
    });

    it("read only metrics the platform exports", () => {
        for (const q of queries) {
            const names = metricNamesIn(q.expr);
            assert.ok(names.length > 0, q.where);
            assert.deepEqual(names.filter((n) => !EXPORTED_METRICS.has(n)), [], q.where);
        }
    });

    it("together with the alerts, read every metric our JMX Exporter rules export, so no rule exports for nothing", () => {
        const alerts = renderAlertRules({ namespace: "monitoring", selectorLabels: {}, kafka: { name: "events", namespace: "kafka", brokerReplicas: 3 }, operatorNamespace: "strimzi", connectName: "archive", consumerLagRecords: 1000 });
        const read = new Set([...queries.map((q) => q.expr), ...alerts.spec.groups.flatMap((g) => g.rules.map((r) => r.expr))].flatMap(metricNamesIn));
        assert.deepEqual(KAFKA_JMX_METRICS.filter((n) => !read.has(n)), []);
    });

    it("choose the team from the topics Kafka Exporter sees, and filter each team panel by it", () => {
        const team = dashboards[2];
        const variable = team.templating.list.find((v) => v.name === "team")!;
        assert.deepEqual(variable.query, { query: 'label_values(kafka_topic_partitions{namespace="kafka"}, topic)', refId: "team" });
        assert.equal(variable.regex, "/^([a-z0-9-]+)\\..+$/");
        for (const p of team.panels) {
            assert.match(p.targets[0].expr, /\$team\\\\\.\.\+"/, p.title);
        }
    });

    it("lay panels out without overlap, on one datasource variable", () => {
        for (const d of dashboards) {
            const cells = new Set<string>();
            for (const p of d.panels) {
                for (let x = p.gridPos.x; x < p.gridPos.x + p.gridPos.w; x++) {
                    for (let y = p.gridPos.y; y < p.gridPos.y + p.gridPos.h; y++) {
                        const cell = `${x},${y}`;
                        assert.ok(!cells.has(cell), `${d.uid}: ${p.title} overlaps at ${cell}`);
                        cells.add(cell);
                    }
                }
                assert.ok(p.gridPos.x + p.gridPos.w <= 24);
                assert.deepEqual(p.datasource, { type: "prometheus", uid: "${datasource}" });
            }
            assert.deepEqual(new Set(d.panels.map((p) => p.id)).size, d.panels.length);
        }
    });

    it("ship as ConfigMaps labelled for Grafana's dashboard sidecar, one JSON file each", () => {
        const maps = renderDashboardConfigMaps(TARGETS);
        assert.deepEqual(
            maps.map((m) => [m.metadata.name, m.metadata.namespace, m.metadata.labels, Object.keys(m.data)]),
            dashboards.map((d) => [d.uid, "monitoring", { grafana_dashboard: "1", "kafka-platform.io/observability": "dashboard" }, [`${d.uid}.json`]]),
        );
        assert.deepEqual(JSON.parse(maps[0].data["kafka-platform-cluster.json"]), dashboards[0]);
    });
});
