import { strict as assert } from "assert";
import { readStackConfig } from "../../automation/harness/stackFiles";
import { ConfigError, parseConfig, parseLocalConfig } from "../../components/config";
import { KUBE_PROMETHEUS_STACK_VERSION } from "../../components/config/observability";

type Stack = "dev" | "staging" | "prod";

function parse(stack: Stack, observability?: Record<string, unknown>) {
    const raw = { ...readStackConfig(stack).config, ...(observability ? { observability } : {}) };
    return parseConfig(raw, stack);
}

function problems(stack: Stack, observability: Record<string, unknown>): string[] {
    try {
        parse(stack, observability);
    } catch (e) {
        assert.ok(ConfigError.isConfigError(e), String(e));
        return e.message.split("\n").slice(1).map((l) => l.replace(/^  - /, ""));
    }
    throw new Error("expected the config to be refused");
}

const SLACK = { slack: { channel: "#payments-alerts", apiUrlSecret: { name: "payments-slack", key: "url" } } };
const HOOK = { webhook: { urlSecret: { name: "hook", key: "url" } } };

describe("observability config", () => {
    it("pins kube-prometheus-stack 88.5.3, the release whose values keys the chart values were checked against", () => {
        assert.equal(KUBE_PROMETHEUS_STACK_VERSION, "88.5.3");
    });

    it("defaults every environment to an in-cluster Prometheus in the monitoring namespace, with retention and volumes per environment", () => {
        assert.deepEqual(parse("dev").observability, {
            prometheus: "in-cluster",
            namespace: "monitoring",
            selectorLabels: {},
            grafanaDashboardLabel: { name: "grafana_dashboard", value: "1" },
            inCluster: { chartVersion: "88.5.3", retention: "7d", prometheusStorage: "20Gi", alertmanagerStorage: "1Gi", grafanaStorage: "1Gi" },
            alerting: { teams: {}, consumerLagRecords: 1000 },
        });
        assert.equal(parse("staging").observability.inCluster.retention, "15d");
        assert.equal(parse("prod").observability.inCluster.prometheusStorage, "200Gi");
    });

    it("keeps a local stack's Prometheus small", () => {
        const raw = { ...readStackConfig("local").config };
        assert.deepEqual(parseLocalConfig(raw, "local").observability.inCluster, {
            chartVersion: "88.5.3",
            retention: "2d",
            prometheusStorage: "2Gi",
            alertmanagerStorage: "1Gi",
            grafanaStorage: "1Gi",
        });
    });

    it("takes an existing Prometheus with the labels it selects objects by", () => {
        const o = parse("dev", { prometheus: "existing", selectorLabels: { release: "kube-prometheus-stack" } }).observability;
        assert.equal(o.prometheus, "existing");
        assert.deepEqual(o.selectorLabels, { release: "kube-prometheus-stack" });
    });

    it("takes a receiver per team of the stack", () => {
        const o = parse("prod", { alerting: { teams: { payments: SLACK } } }).observability;
        assert.deepEqual(o.alerting.teams, { payments: SLACK });
    });

    it("refuses an unknown source of Prometheus, naming both", () => {
        assert.deepEqual(problems("dev", { prometheus: "amp" }), [
            'kafka-platform:observability.prometheus: must be one of: "in-cluster", "existing" (got "amp")',
        ]);
    });

    it("refuses a platform receiver for an Alertmanager the stack does not own", () => {
        assert.deepEqual(problems("dev", { prometheus: "existing", alerting: { receiver: HOOK } }), [
            `kafka-platform:observability.alerting.receiver: is only used with prometheus: in-cluster, whose Alertmanager this stack configures; with prometheus: existing route the platform's alerts in your own Alertmanager's configuration and remove this key (got ${JSON.stringify(HOOK)})`,
        ]);
    });

    it("takes a receiver for a tenant, a team with its own stack, which cannot create AlertmanagerConfigs in the Kafka namespace itself", () => {
        const o = parse("dev", { alerting: { teams: { payments: SLACK } } }).observability;
        assert.deepEqual(o.alerting.teams, { payments: SLACK });
    });

    it("refuses a receiver for a name that is neither a team nor a tenant, naming both lists", () => {
        assert.deepEqual(problems("dev", { alerting: { teams: { paymnets: HOOK } } }), [
            `kafka-platform:observability.alerting.teams.paymnets: names no team or tenant of this stack; teams are: (none); tenants are: payments (got ${JSON.stringify(HOOK)})`,
        ]);
    });

    it("refuses a receiver for a team the stack does not define", () => {
        assert.deepEqual(problems("prod", { alerting: { teams: { paymnets: HOOK } } }), [
            `kafka-platform:observability.alerting.teams.paymnets: names no team of this stack; teams are: payments, risk (got ${JSON.stringify(HOOK)})`,
        ]);
    });

    it("refuses a receiver that is none of slack, pagerduty or webhook", () => {
        const [line] = problems("prod", { alerting: { teams: { payments: { email: { to: "a@b" } } } } });
        assert.match(line, /^kafka-platform:observability\.alerting\.teams\.payments: must be one of \{slack: \{channel, apiUrlSecret: \{name, key\}\}\}, \{pagerduty: \{routingKeySecret: \{name, key\}\}\} or \{webhook: \{urlSecret: \{name, key\}\}\}/);
    });
});
