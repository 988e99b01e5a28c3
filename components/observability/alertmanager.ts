import { ReceiverConfig } from "../config";
import { PLATFORM_ALERTMANAGER_CONFIG } from "./chartValues";
import { ALERTMANAGER_CONFIG_API_VERSION, AlertmanagerConfig, AlertmanagerReceiver } from "./types";

/**
 * Where alerts go, as AlertmanagerConfig objects. A team's lives in the Kafka namespace: the
 * Prometheus Operator (with its default `OnNamespace` matcher strategy) confines it to alerts
 * whose `namespace` label is that namespace, which every team alert has, since they come from the
 * Kafka Exporter, the brokers and Kafka Connect there. Credentials are Secret keys in the same
 * namespace as the object, as the operator requires.
 */

const ROUTE_TIMING = { groupWait: "30s", groupInterval: "5m", repeatInterval: "4h" } as const;

function receiver(name: string, r: ReceiverConfig): AlertmanagerReceiver {
    if ("slack" in r) {
        return {
            name,
            slackConfigs: [
                {
                    channel: r.slack.channel,
                    apiURL: r.slack.apiUrlSecret,
                    sendResolved: true,
                    title: "[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }}",
                    text: "{{ range .Alerts }}{{ .Annotations.description }}\n{{ end }}",
                },
            ],
        };
    }
    if ("pagerduty" in r) {
        return { name, pagerdutyConfigs: [{ routingKey: r.pagerduty.routingKeySecret, sendResolved: true, description: "{{ .CommonAnnotations.summary }}" }] };
    }
    return { name, webhookConfigs: [{ urlSecret: r.webhook.urlSecret, sendResolved: true }] };
}

/**
 * Alerts of the chart's own default rules that must reach nobody: `Watchdog` fires all the time (a
 * dead-man's switch for an external monitor), `InfoInhibitor` and `info` severity exist only to be
 * inhibited. This config replaces the chart's `alertmanager.config`, whose `null` route for them
 * (kube-prometheus-stack 88.5.3 values.yaml) is then gone; without this the platform's PagerDuty
 * would hold an incident open forever.
 */
const SILENT = "null";
const SILENT_ROUTES = [
    { receiver: SILENT, matchers: [{ name: "alertname", value: "Watchdog|InfoInhibitor", matchType: "=~" as const }] },
    { receiver: SILENT, matchers: [{ name: "severity", value: "info|none", matchType: "=~" as const }] },
];

/**
 * The chart's default config also keeps a warning quiet while the critical alert of the same name
 * fires in the same namespace (its rules come in such pairs, e.g. KubePersistentVolumeFillingUp);
 * replacing that config must keep the rule, or the pager gets both.
 */
const INHIBIT_WARNING_BY_CRITICAL = {
    sourceMatch: [{ name: "severity", value: "critical", matchType: "=" as const }],
    targetMatch: [{ name: "severity", value: "warning", matchType: "=" as const }],
    equal: ["namespace", "alertname"],
};

/** The top-level configuration of an in-cluster Alertmanager: everything else goes to the platform's receiver. */
export function renderPlatformAlertmanagerConfig(namespace: string, r: ReceiverConfig): AlertmanagerConfig {
    return {
        apiVersion: ALERTMANAGER_CONFIG_API_VERSION,
        kind: "AlertmanagerConfig",
        metadata: { name: PLATFORM_ALERTMANAGER_CONFIG, namespace },
        spec: {
            route: { receiver: "platform", groupBy: ["alertname", "namespace", "strimzi_io_cluster"], ...ROUTE_TIMING, routes: SILENT_ROUTES },
            receivers: [receiver("platform", r), { name: SILENT }],
            inhibitRules: [INHIBIT_WARNING_BY_CRITICAL],
        },
    };
}

/** A team's route: its alerts (label `team`) to its own receiver. */
export function renderTeamAlertmanagerConfig(team: string, kafkaNamespace: string, labels: Record<string, string>, r: ReceiverConfig): AlertmanagerConfig {
    return {
        apiVersion: ALERTMANAGER_CONFIG_API_VERSION,
        kind: "AlertmanagerConfig",
        metadata: { name: `kafka-platform-team-${team}`, namespace: kafkaNamespace, labels },
        spec: {
            route: { receiver: team, groupBy: ["alertname", "team"], matchers: [{ name: "team", value: team, matchType: "=" }], ...ROUTE_TIMING },
            receivers: [receiver(team, r)],
        },
    };
}
