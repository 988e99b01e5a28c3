import { PolicyConfigSchema, StackValidationPolicy } from "@pulumi/policy";
import { at, cannotJudgeStack, isUnknown, items, settings, text } from "./values";
import { CLUSTER_LABEL, KAFKA, KAFKA_TOPIC, objectName } from "./strimzi";

/**
 * Someone must be told when a Kafka cluster breaks, and when a team's consumers fall behind.
 *
 * The alert rules are PrometheusRule objects; an in-cluster Alertmanager is the kube-prometheus-stack
 * chart's. A real preview shows the chart's rendered `Alertmanager` as its child; under the mock
 * runtime the chart has no children, and its `values` say the same thing
 * (`alertmanager.alertmanagerSpec.alertmanagerConfiguration`).
 */
export const PROMETHEUS_RULE = "kubernetes:monitoring.coreos.com/v1:PrometheusRule";
export const ALERTMANAGER = "kubernetes:monitoring.coreos.com/v1:Alertmanager";
export const ALERTMANAGER_CONFIG = "kubernetes:monitoring.coreos.com/v1alpha1:AlertmanagerConfig";
export const HELM_CHART = "kubernetes:helm.sh/v4:Chart";

/** Alert expressions of every PrometheusRule in the stack, or the first setting that cannot be read yet. */
function alertExpressions(resources: { type: string; name: string; props: unknown }[]): string[] | { unknown: string } {
    const out: string[] = [];
    for (const r of resources.filter((x) => x.type === PROMETHEUS_RULE)) {
        const where = `PrometheusRule ${r.name}`;
        const groups = items(at(r.props, "spec", "groups"));
        if (isUnknown(groups)) return { unknown: `spec.groups of ${where}` };
        for (const [i, g] of groups.entries()) {
            const rules = items(at(g, "rules"));
            if (isUnknown(rules)) return { unknown: `spec.groups[${i}].rules of ${where}` };
            for (const [j, rule] of rules.entries()) {
                const alert = text(at(rule, "alert"));
                const expr = text(at(rule, "expr"));
                if (isUnknown(alert) || isUnknown(expr)) return { unknown: `spec.groups[${i}].rules[${j}] of ${where}` };
                if (typeof alert === "string" && typeof expr === "string") out.push(expr);
            }
        }
    }
    return out;
}

/** The values of a PromQL matcher `label=~"..."` (or `label="..."`) in an expression, decoded. */
export function matcherValues(expr: string, label: string, op: "=" | "=~"): string[] {
    const re = new RegExp(`(?:[{,]\\s*)${label}\\s*${op === "=" ? "=(?![=~])" : "=~"}\\s*"((?:[^"\\\\]|\\\\.)*)"`, "g");
    return [...expr.matchAll(re)].map((m) => JSON.parse(`"${m[1]}"`) as string);
}

const alertingSchema: PolicyConfigSchema = {
    properties: {
        healthMetric: {
            type: "string",
            default: "kafka_controller_kafkacontroller_offlinepartitionscount",
            description: "A metric an alert on the cluster's partition health reads, filtered by strimzi_io_cluster.",
        },
    },
};

export const kafkaAlerting: StackValidationPolicy = {
    name: "kafka-alerting",
    description: "Every Kafka cluster has alert rules on its partition health, and an in-cluster Alertmanager sends alerts to a receiver.",
    severity: "high",
    remediationSteps:
        "Keep the observability section's alert rules (components/observability/alerts.ts) for every Kafka cluster of the stack and, with prometheus: in-cluster, set observability.alerting.receiver so the chart's Alertmanager sends alerts somewhere (docs/observability.md#sending-alerts-somewhere).",
    configSchema: alertingSchema,
    validateStack: (args, report) => {
        const { healthMetric } = settings<{ healthMetric: string }>(alertingSchema, args.getConfig());
        const exprs = alertExpressions(args.resources);
        const unjudged = new Set<string>();
        for (const r of args.resources.filter((x) => x.type === KAFKA)) {
            const name = text(at(r.props, "metadata", "name"));
            if (isUnknown(name)) unjudged.add(`metadata.name of Kafka ${r.name}`);
            if (typeof name !== "string") continue;
            if (!Array.isArray(exprs)) {
                unjudged.add(exprs.unknown);
                continue;
            }
            const watched = exprs.some((e) => e.includes(healthMetric) && matcherValues(e, "strimzi_io_cluster", "=").includes(name));
            if (!watched) {
                report(
                    `${objectName("Kafka", r.props, r.name)} has no alert on its partition health: no PrometheusRule of this stack reads ${healthMetric}{strimzi_io_cluster="${name}"}, so offline partitions would page nobody.`,
                    r.urn,
                );
            }
        }
        const configs = new Map<string, unknown>();
        const unnamedConfigs: string[] = [];
        for (const c of args.resources.filter((x) => x.type === ALERTMANAGER_CONFIG)) {
            const name = text(at(c.props, "metadata", "name"));
            const namespace = text(at(c.props, "metadata", "namespace"));
            if (isUnknown(name) || isUnknown(namespace)) unnamedConfigs.push(c.name);
            else if (typeof name === "string") configs.set(`${typeof namespace === "string" ? namespace : ""}/${name}`, c.props);
        }
        const alertmanagers: { label: string; urn: string; namespace: unknown; configuration: unknown }[] = [
            ...args.resources
                .filter((x) => x.type === ALERTMANAGER)
                .map((x) => ({ label: objectName("Alertmanager", x.props, x.name), urn: x.urn, namespace: at(x.props, "metadata", "namespace"), configuration: at(x.props, "spec", "alertmanagerConfiguration", "name") })),
            ...args.resources
                .filter((x) => x.type === HELM_CHART && String(text(at(x.props, "chart"))).includes("kube-prometheus-stack") && at(x.props, "values", "alertmanager", "enabled") !== false)
                .map((x) => ({
                    label: `the Alertmanager of chart ${x.name}`,
                    urn: x.urn,
                    namespace: at(x.props, "namespace"),
                    configuration: at(x.props, "values", "alertmanager", "alertmanagerSpec", "alertmanagerConfiguration", "name"),
                })),
        ];
        for (const am of alertmanagers) {
            if (isUnknown(am.configuration) || isUnknown(am.namespace)) {
                unjudged.add(`the alertmanagerConfiguration or namespace of ${am.label}`);
                continue;
            }
            const config = typeof am.configuration === "string" ? configs.get(`${typeof am.namespace === "string" ? am.namespace : ""}/${am.configuration}`) : undefined;
            // The configuration named may be one whose own name is not known yet.
            if (config === undefined && typeof am.configuration === "string" && unnamedConfigs.length > 0) {
                unjudged.add(`metadata of AlertmanagerConfig ${unnamedConfigs.join(", ")}`);
                continue;
            }
            const receivers = config === undefined ? [] : items(at(config, "spec", "receivers"));
            if (isUnknown(receivers)) {
                unjudged.add(`spec.receivers of AlertmanagerConfig ${String(am.configuration)}`);
                continue;
            }
            const delivering = receivers.some((rc) =>
                ["slackConfigs", "pagerdutyConfigs", "webhookConfigs", "emailConfigs", "opsgenieConfigs", "msteamsConfigs", "snsConfigs"].some((k) => {
                    const found = items(at(rc, k));
                    return !isUnknown(found) && found.length > 0;
                }),
            );
            if (!delivering) {
                report(
                    `${am.label} has no receiver for the platform's alerts (${typeof am.configuration === "string" ? `AlertmanagerConfig ${am.configuration} has no receiver with a slack, pagerduty or webhook config` : "no top-level alertmanagerConfiguration"}): alerts fire and reach nobody. Set observability.alerting.receiver.`,
                    am.urn,
                );
            }
        }
        if (unjudged.size > 0) {
            cannotJudgeStack(args.notApplicable, [...unjudged]);
        }
    },
};

const lagSchema: PolicyConfigSchema = {
    properties: {
        teamLabel: { type: "string", default: "kafka-platform.io/team", description: "Label of a team's KafkaTopic, naming the team." },
        lagMetric: { type: "string", default: "kafka_consumergroup_lag", description: "Prefix of the Kafka Exporter lag metrics a lag alert reads." },
    },
};

export const kafkaTeamLagWatched: StackValidationPolicy = {
    name: "kafka-team-lag-watched",
    description: "The lag of every team topic's consumers is exported by Kafka Exporter and watched by an alert that covers the team's consumer groups.",
    severity: "medium",
    remediationSteps:
        "Keep spec.kafkaExporter on the Kafka resource with topicRegex and groupRegex covering the team's topics and groups, and the KafkaConsumerLagGrowing alert (components/observability/alerts.ts), whose consumergroup matcher covers `<team>.` groups.",
    configSchema: lagSchema,
    validateStack: (args, report) => {
        const { teamLabel, lagMetric } = settings<{ teamLabel: string; lagMetric: string }>(lagSchema, args.getConfig());
        const exprs = alertExpressions(args.resources);
        if (!Array.isArray(exprs)) {
            if (args.resources.some((x) => x.type === KAFKA_TOPIC)) cannotJudgeStack(args.notApplicable, [exprs.unknown]);
            return;
        }
        const unjudged = new Set<string>();
        const lagGroups = exprs.filter((e) => e.includes(lagMetric)).flatMap((e) => matcherValues(e, "consumergroup", "=~"));
        const kafkas = args.resources.filter((x) => x.type === KAFKA);
        for (const t of args.resources.filter((x) => x.type === KAFKA_TOPIC)) {
            const team = text(at(t.props, "metadata", "labels", teamLabel));
            const cluster = text(at(t.props, "metadata", "labels", CLUSTER_LABEL));
            const topic = text(at(t.props, "spec", "topicName")) ?? text(at(t.props, "metadata", "name"));
            if (isUnknown(team) || isUnknown(cluster) || isUnknown(topic)) {
                unjudged.add(`the team label, cluster label or topic name of KafkaTopic ${t.name}`);
                continue;
            }
            if (typeof team !== "string" || typeof cluster !== "string" || typeof topic !== "string") continue;
            const kafka = kafkas.find((k) => text(at(k.props, "metadata", "name")) === cluster);
            // A team's own stack holds no Kafka resource: its platform stack's rules watch the lag.
            if (!kafka) continue;
            const label = objectName("KafkaTopic", t.props, t.name);
            const exporter = at(kafka.props, "spec", "kafkaExporter");
            const topicRegex = text(at(exporter, "topicRegex")) ?? ".*";
            const groupRegex = text(at(exporter, "groupRegex")) ?? ".*";
            if (isUnknown(exporter) || isUnknown(topicRegex) || isUnknown(groupRegex)) {
                unjudged.add(`spec.kafkaExporter of ${objectName("Kafka", kafka.props, kafka.name)}`);
                continue;
            }
            const group = `${team}.consumer`;
            // Kafka Exporter matches its filters anywhere in the name (Go's MatchString).
            if (exporter === undefined || !new RegExp(topicRegex).test(topic) || !new RegExp(groupRegex).test(group)) {
                report(
                    `${label} (team ${team}): Kafka ${cluster} does not export its consumers' lag (spec.kafkaExporter ${exporter === undefined ? "is not set" : `topicRegex ${JSON.stringify(topicRegex)} / groupRegex ${JSON.stringify(groupRegex)} leave out ${topic} or ${team}.* groups`}), so nobody can watch it.`,
                    t.urn,
                );
                continue;
            }
            if (!lagGroups.some((re) => new RegExp(`^(?:${re})$`).test(group))) {
                report(`${label} (team ${team}): no alert of this stack reads ${lagMetric}* for consumer groups ${team}.*, so a team consumer falling behind pages nobody.`, t.urn);
            }
        }
        if (unjudged.size > 0) {
            cannotJudgeStack(args.notApplicable, [...unjudged]);
        }
    },
};

export const observabilityPolicies = [kafkaAlerting, kafkaTeamLagWatched];
