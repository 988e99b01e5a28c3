/**
 * Shapes of the prometheus-operator resources this project renders (`monitoring.coreos.com`), only
 * with the fields it sets. The tests validate every rendered object against the operator's own
 * schemas (@kubernetes-models/prometheus-operator), which catch wrong types and missing required
 * fields but accept unknown ones (as the API server, which prunes them silently): these interfaces
 * are what keeps a misspelt field name out.
 */

export const MONITORING_API_VERSION = "monitoring.coreos.com/v1";
export const ALERTMANAGER_CONFIG_API_VERSION = "monitoring.coreos.com/v1alpha1";
/** Marks what the platform added to a Prometheus Operator, and its role (scrape, alerts, routing, dashboard). */
export const PLATFORM_LABEL = "kafka-platform.io/observability";

export interface Meta {
    name: string;
    namespace: string;
    labels?: Record<string, string>;
}

export interface RelabelConfig {
    action?: "replace" | "labelmap";
    sourceLabels?: string[];
    regex?: string;
    replacement?: string;
    targetLabel?: string;
}

export interface PodMetricsEndpoint {
    port: string;
    path: string;
    interval?: string;
    relabelings?: RelabelConfig[];
}

export interface PodMonitor {
    apiVersion: typeof MONITORING_API_VERSION;
    kind: "PodMonitor";
    metadata: Meta;
    spec: {
        selector: { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: "In" | "Exists"; values?: string[] }[] };
        namespaceSelector: { matchNames: string[] };
        podMetricsEndpoints: PodMetricsEndpoint[];
    };
}

export interface AlertRule {
    alert: string;
    expr: string;
    for: string;
    labels: Record<string, string>;
    annotations: { summary: string; description: string; runbook_url?: string };
}

export interface PrometheusRule {
    apiVersion: typeof MONITORING_API_VERSION;
    kind: "PrometheusRule";
    metadata: Meta;
    spec: { groups: { name: string; rules: AlertRule[] }[] };
}

export interface SecretKeySelector {
    name: string;
    key: string;
}

export interface RouteMatcher {
    name: string;
    value: string;
    matchType: "=" | "=~";
}

export interface AlertmanagerReceiver {
    name: string;
    slackConfigs?: { channel: string; apiURL: SecretKeySelector; sendResolved: boolean; title: string; text: string }[];
    pagerdutyConfigs?: { routingKey: SecretKeySelector; sendResolved: boolean; description: string }[];
    webhookConfigs?: { urlSecret: SecretKeySelector; sendResolved: boolean }[];
}

export interface AlertmanagerConfig {
    apiVersion: typeof ALERTMANAGER_CONFIG_API_VERSION;
    kind: "AlertmanagerConfig";
    metadata: Meta;
    spec: {
        route: {
            receiver: string;
            groupBy: string[];
            groupWait: string;
            groupInterval: string;
            repeatInterval: string;
            matchers?: RouteMatcher[];
            routes?: { receiver: string; matchers: RouteMatcher[] }[];
        };
        receivers: AlertmanagerReceiver[];
        inhibitRules?: { sourceMatch: RouteMatcher[]; targetMatch: RouteMatcher[]; equal: string[] }[];
    };
}
