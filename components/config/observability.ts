import { z } from "zod";
import { Environment, Report } from "./environment";
import { dnsLabel, positiveInt, storageSize } from "./primitives";

/**
 * The `observability` section: where Prometheus, Alertmanager and Grafana come from, and who is told
 * when something breaks. `in-cluster` installs the kube-prometheus-stack chart; `existing` adds only
 * the scrape objects, alert rules and dashboards, labelled for a Prometheus Operator and Grafana the
 * organisation already runs.
 */

/** kube-prometheus-stack release whose values keys and bundled CRDs the platform was checked against. */
export const KUBE_PROMETHEUS_STACK_VERSION = "88.5.3";

export const PROMETHEUS_SOURCES = ["in-cluster", "existing"] as const;

/** A Kubernetes Secret key holding a receiver's credential; it lives beside the AlertmanagerConfig that reads it. */
const secretKeyRef = z.strictObject({ name: dnsLabel, key: z.string().regex(/^[-._a-zA-Z0-9]+$/, { error: "must be a Secret data key" }) });

/** Where a team's or the platform's alerts go. Credentials are Secret references, never values in the stack file. */
export const receiverSchema = z.union(
    [
        z.strictObject({ slack: z.strictObject({ channel: z.string().regex(/^[#@]?[\w.-]+$/, { error: "must be a Slack channel such as #payments-alerts" }), apiUrlSecret: secretKeyRef }) }),
        z.strictObject({ pagerduty: z.strictObject({ routingKeySecret: secretKeyRef }) }),
        z.strictObject({ webhook: z.strictObject({ urlSecret: secretKeyRef }) }),
    ],
    { error: "must be one of {slack: {channel, apiUrlSecret: {name, key}}}, {pagerduty: {routingKeySecret: {name, key}}} or {webhook: {urlSecret: {name, key}}}" },
);
export type ReceiverConfig = z.infer<typeof receiverSchema>;

const retention = z.string().regex(/^\d+[dhw]$/, { error: "must be a Prometheus retention such as 15d, 48h or 2w" });

export const observabilitySchema = z.strictObject({
    prometheus: z.enum(PROMETHEUS_SOURCES),
    /** Namespace of the scrape objects, alert rules and dashboards (and, in-cluster, of the chart). */
    namespace: dnsLabel,
    /** Labels added to every PodMonitor and PrometheusRule so an existing Prometheus selects them. */
    selectorLabels: z.record(z.string().min(1), z.string()),
    /** The label Grafana's dashboard sidecar watches for (kube-prometheus-stack's default is grafana_dashboard: "1"). */
    grafanaDashboardLabel: z.strictObject({ name: z.string().min(1), value: z.string() }),
    inCluster: z.strictObject({
        chartVersion: z.string().regex(/^\d+\.\d+\.\d+$/, { error: "must be a kube-prometheus-stack chart version such as 88.5.3" }),
        retention,
        prometheusStorage: storageSize,
        alertmanagerStorage: storageSize,
        grafanaStorage: storageSize,
    }),
    alerting: z.strictObject({
        /** Where the platform's own alerts (those without a team) go; only with an in-cluster Alertmanager. */
        receiver: receiverSchema.optional(),
        /** Where each team's alerts go: lag of its consumer groups, its dead-letter topics, connectors and quotas. */
        teams: z.record(z.string(), receiverSchema),
        /** A consumer group's lag on a topic must be above this many records, and growing, to alert. */
        consumerLagRecords: positiveInt,
    }),
});

export type ObservabilityInput = z.infer<typeof observabilitySchema>;
export type ObservabilityConfig = ObservabilityInput;

function profile(inCluster: ObservabilityInput["inCluster"]): ObservabilityInput {
    return {
        prometheus: "in-cluster",
        namespace: "monitoring",
        selectorLabels: {},
        grafanaDashboardLabel: { name: "grafana_dashboard", value: "1" },
        inCluster,
        alerting: { teams: {}, consumerLagRecords: 1000 },
    };
}

export const OBSERVABILITY_DEFAULTS: Record<Environment, ObservabilityInput> = {
    dev: profile({ chartVersion: KUBE_PROMETHEUS_STACK_VERSION, retention: "7d", prometheusStorage: "20Gi", alertmanagerStorage: "1Gi", grafanaStorage: "1Gi" }),
    staging: profile({ chartVersion: KUBE_PROMETHEUS_STACK_VERSION, retention: "15d", prometheusStorage: "50Gi", alertmanagerStorage: "2Gi", grafanaStorage: "2Gi" }),
    prod: profile({ chartVersion: KUBE_PROMETHEUS_STACK_VERSION, retention: "30d", prometheusStorage: "200Gi", alertmanagerStorage: "5Gi", grafanaStorage: "5Gi" }),
    local: profile({ chartVersion: KUBE_PROMETHEUS_STACK_VERSION, retention: "2d", prometheusStorage: "2Gi", alertmanagerStorage: "1Gi", grafanaStorage: "1Gi" }),
};

/**
 * Rules over the section alone, and against the teams the stack defines and, on a platform stack,
 * the tenants: a team with a stack of its own cannot reach the Kafka namespace's AlertmanagerConfigs
 * (its RBAC there is KafkaTopics and KafkaUsers only), so its receiver is declared here for it.
 */
export function checkObservability(o: ObservabilityInput, teams: readonly string[], report: Report, tenants: readonly string[] = []): void {
    if (o.prometheus === "existing" && o.alerting.receiver !== undefined) {
        report(
            ["observability", "alerting", "receiver"],
            "is only used with prometheus: in-cluster, whose Alertmanager this stack configures; with prometheus: existing route the platform's alerts in your own Alertmanager's configuration and remove this key",
        );
    }
    const list = (names: readonly string[]) => (names.length > 0 ? names.join(", ") : "(none)");
    for (const team of Object.keys(o.alerting.teams)) {
        if (!teams.includes(team) && !tenants.includes(team)) {
            report(
                ["observability", "alerting", "teams", team],
                tenants.length > 0
                    ? `names no team or tenant of this stack; teams are: ${list(teams)}; tenants are: ${list(tenants)}`
                    : `names no team of this stack; teams are: ${list(teams)}`,
            );
        }
    }
}
