import { strict as assert } from "assert";
import { renderPlatformAlertmanagerConfig, renderTeamAlertmanagerConfig } from "../../components/observability/alertmanager";
import { validateMonitoringObject } from "./models";

const slack = { slack: { channel: "#payments-alerts", apiUrlSecret: { name: "payments-slack", key: "url" } } };
const pagerduty = { pagerduty: { routingKeySecret: { name: "platform-pagerduty", key: "routing-key" } } };
const webhook = { webhook: { urlSecret: { name: "risk-hook", key: "url" } } };

describe("Alertmanager routes", () => {
    it("validate against prometheus-operator's AlertmanagerConfig schema for every receiver type", async () => {
        await validateMonitoringObject(renderPlatformAlertmanagerConfig("monitoring", pagerduty));
        for (const r of [slack, pagerduty, webhook]) {
            await validateMonitoringObject(renderTeamAlertmanagerConfig("payments", "kafka", {}, r));
        }
    });

    it("send a team's alerts, by their team label, to the team's receiver with its Secret in the Kafka namespace", () => {
        assert.deepEqual(renderTeamAlertmanagerConfig("payments", "kafka", { release: "prom" }, slack), {
            apiVersion: "monitoring.coreos.com/v1alpha1",
            kind: "AlertmanagerConfig",
            metadata: { name: "kafka-platform-team-payments", namespace: "kafka", labels: { release: "prom" } },
            spec: {
                route: {
                    receiver: "payments",
                    groupBy: ["alertname", "team"],
                    matchers: [{ name: "team", value: "payments", matchType: "=" }],
                    groupWait: "30s",
                    groupInterval: "5m",
                    repeatInterval: "4h",
                },
                receivers: [
                    {
                        name: "payments",
                        slackConfigs: [
                            {
                                channel: "#payments-alerts",
                                apiURL: { name: "payments-slack", key: "url" },
                                sendResolved: true,
                                title: "[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }}",
                                text: "{{ range .Alerts }}{{ .Annotations.description }}\n{{ end }}",
                            },
                        ],
                    },
                ],
            },
        });
    });

    it("route everything else to the platform's receiver as the in-cluster Alertmanager's top-level config", () => {
        const c = renderPlatformAlertmanagerConfig("monitoring", pagerduty);
        assert.deepEqual(c.metadata, { name: "kafka-platform", namespace: "monitoring" });
        assert.equal(c.spec.route.matchers, undefined);
        assert.equal(c.spec.route.receiver, "platform");
        assert.deepEqual(c.spec.receivers, [
            { name: "platform", pagerdutyConfigs: [{ routingKey: { name: "platform-pagerduty", key: "routing-key" }, sendResolved: true, description: "{{ .CommonAnnotations.summary }}" }] },
            { name: "null" },
        ]);
    });

    it("send the chart's always-firing Watchdog, InfoInhibitor and info alerts nowhere, as the chart's own config did", () => {
        // kube-prometheus-stack 88.5.3 values.yaml alertmanager.config routes Watchdog to 'null'; a
        // top-level AlertmanagerConfig replaces that config, so these routes must be ours.
        const c = renderPlatformAlertmanagerConfig("monitoring", pagerduty);
        assert.deepEqual(c.spec.route.routes, [
            { receiver: "null", matchers: [{ name: "alertname", value: "Watchdog|InfoInhibitor", matchType: "=~" }] },
            { receiver: "null", matchers: [{ name: "severity", value: "info|none", matchType: "=~" }] },
        ]);
    });

    it("keep the chart's rule that a critical alert silences the warning of the same name and namespace", () => {
        // kube-prometheus-stack 88.5.3 values.yaml alertmanager.config.inhibit_rules[0] (critical over warning|info;
        // info already goes to the null receiver).
        assert.deepEqual(renderPlatformAlertmanagerConfig("monitoring", pagerduty).spec.inhibitRules, [
            {
                sourceMatch: [{ name: "severity", value: "critical", matchType: "=" }],
                targetMatch: [{ name: "severity", value: "warning", matchType: "=" }],
                equal: ["namespace", "alertname"],
            },
        ]);
    });
});
