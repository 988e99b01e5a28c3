import { strict as assert } from "assert";
import { kafkaAlerting, kafkaTeamLagWatched, matcherValues } from "../../policies/rules/observability";
import { renderPlatformAlertmanagerConfig } from "../../components/observability/alertmanager";
import { renderAlertRules } from "../../components/observability/alerts";
import { KAFKA, KAFKA_TOPIC, kafka, Obj, topic } from "../support/policyFixtures";
import { StackResource, stackFindings, stackOutcome, UNKNOWN_INPUT, unknownStackReason } from "../support/policyArgs";

const RULE = "kubernetes:monitoring.coreos.com/v1:PrometheusRule";
const CHART = "kubernetes:helm.sh/v4:Chart";
const AM = "kubernetes:monitoring.coreos.com/v1:Alertmanager";
const AMC = "kubernetes:monitoring.coreos.com/v1alpha1:AlertmanagerConfig";

const rules = (): Obj =>
    renderAlertRules({ namespace: "monitoring", selectorLabels: {}, kafka: { name: "events", namespace: "kafka", brokerReplicas: 3 }, operatorNamespace: "strimzi", connectName: "archive", consumerLagRecords: 1000 }) as unknown as Obj;
const monitoredKafka = (): Obj => {
    const k = kafka();
    k.spec.kafkaExporter = { topicRegex: ".*", groupRegex: ".*" };
    return k;
};
const teamTopic = (): Obj => {
    const t = topic();
    t.metadata.labels["kafka-platform.io/team"] = "payments";
    return t;
};
const chart = (configuration?: string): StackResource => ({
    type: CHART,
    name: "observability-stack-chart",
    props: {
        chart: "oci://ghcr.io/prometheus-community/charts/kube-prometheus-stack",
        namespace: "monitoring",
        values: { alertmanager: { alertmanagerSpec: configuration ? { alertmanagerConfiguration: { name: configuration } } : {} } },
    },
});
const platformRoute = (): StackResource => ({
    type: AMC,
    name: "platform-route",
    props: renderPlatformAlertmanagerConfig("monitoring", { pagerduty: { routingKeySecret: { name: "pd", key: "key" } } }) as unknown as Obj,
});

describe("observability policies", () => {
    it("say what they cannot judge when an alert rule, the exporter or an Alertmanager's configuration is unknown", async () => {
        const unknownRules: StackResource = { type: RULE, name: "alerts", props: { ...rules(), spec: UNKNOWN_INPUT } };
        const kafkaResource: StackResource = { type: KAFKA, name: "events", props: monitoredKafka() };
        assert.deepEqual(await stackOutcome(kafkaAlerting, [kafkaResource, unknownRules]), { findings: [], notApplicable: unknownStackReason("spec.groups of PrometheusRule alerts") });
        const unknownChart = chart();
        (unknownChart.props as Obj).values.alertmanager.alertmanagerSpec.alertmanagerConfiguration = UNKNOWN_INPUT;
        assert.deepEqual(await stackOutcome(kafkaAlerting, [kafkaResource, { type: RULE, name: "alerts", props: rules() }, unknownChart]), {
            findings: [],
            notApplicable: unknownStackReason("the alertmanagerConfiguration or namespace of the Alertmanager of chart observability-stack-chart"),
        });
        const topicResource: StackResource = { type: KAFKA_TOPIC, name: "orders", props: teamTopic() };
        assert.deepEqual(await stackOutcome(kafkaTeamLagWatched, [kafkaResource, unknownRules, topicResource]), { findings: [], notApplicable: unknownStackReason("spec.groups of PrometheusRule alerts") });
        const unknownExporter = monitoredKafka();
        unknownExporter.spec.kafkaExporter = UNKNOWN_INPUT;
        assert.deepEqual(await stackOutcome(kafkaTeamLagWatched, [{ type: KAFKA, name: "events", props: unknownExporter }, { type: RULE, name: "alerts", props: rules() }, topicResource]), {
            findings: [],
            notApplicable: unknownStackReason("spec.kafkaExporter of Kafka kafka/events"),
        });
    });

    it("read matcher values out of an expression, decoding PromQL escapes", () => {
        assert.deepEqual(matcherValues('sum(x{namespace="kafka", strimzi_io_cluster="events"}) and y{consumergroup=~"a\\\\..+"}', "strimzi_io_cluster", "="), ["events"]);
        assert.deepEqual(matcherValues('y{consumergroup=~"a\\\\..+"}', "consumergroup", "=~"), ["a\\..+"]);
    });

    describe("kafka-alerting", () => {
        it("passes a Kafka with the platform's rules and an in-cluster Alertmanager with a receiver", async () => {
            const stack = [{ type: KAFKA, name: "kafka", props: monitoredKafka() }, { type: RULE, name: "rules", props: rules() }, chart("kafka-platform"), platformRoute()];
            assert.deepEqual(await stackFindings(kafkaAlerting, stack), []);
        });

        it("reports a Kafka cluster no alert watches", async () => {
            const other = kafka();
            other.metadata.name = "audit";
            assert.deepEqual(await stackFindings(kafkaAlerting, [{ type: KAFKA, name: "kafka", props: other }, { type: RULE, name: "rules", props: rules() }]), [
                {
                    resource: "kafka",
                    message:
                        'Kafka kafka/audit has no alert on its partition health: no PrometheusRule of this stack reads kafka_controller_kafkacontroller_offlinepartitionscount{strimzi_io_cluster="audit"}, so offline partitions would page nobody.',
                },
            ]);
        });

        it("reports the chart's Alertmanager when the platform gave it no receiver", async () => {
            assert.deepEqual(await stackFindings(kafkaAlerting, [{ type: KAFKA, name: "kafka", props: monitoredKafka() }, { type: RULE, name: "rules", props: rules() }, chart()]), [
                {
                    resource: "observability-stack-chart",
                    message:
                        "the Alertmanager of chart observability-stack-chart has no receiver for the platform's alerts (no top-level alertmanagerConfiguration): alerts fire and reach nobody. Set observability.alerting.receiver.",
                },
            ]);
        });

        it("reads a real preview's rendered Alertmanager the same way", async () => {
            const am = { type: AM, name: "alertmanager", props: { metadata: { name: "monitoring-alertmanager", namespace: "monitoring" }, spec: { alertmanagerConfiguration: { name: "kafka-platform" } } } };
            const empty = platformRoute();
            (empty.props as Obj).spec.receivers = [{ name: "platform" }];
            assert.deepEqual(await stackFindings(kafkaAlerting, [am, empty]), [
                {
                    resource: "alertmanager",
                    message:
                        "Alertmanager monitoring/monitoring-alertmanager has no receiver for the platform's alerts (AlertmanagerConfig kafka-platform has no receiver with a slack, pagerduty or webhook config): alerts fire and reach nobody. Set observability.alerting.receiver.",
                },
            ]);
            assert.deepEqual(await stackFindings(kafkaAlerting, [am, platformRoute()]), []);
        });

        it("cannot judge an Alertmanager whose configuration may be one not named yet, as in a first preview", async () => {
            const am = { type: AM, name: "alertmanager", props: { metadata: { name: "monitoring-alertmanager", namespace: "monitoring" }, spec: { alertmanagerConfiguration: { name: "kafka-platform" } } } };
            const unnamed = platformRoute();
            (unnamed.props as Obj).metadata = UNKNOWN_INPUT;
            assert.deepEqual(await stackOutcome(kafkaAlerting, [am, unnamed]), { findings: [], notApplicable: unknownStackReason("metadata of AlertmanagerConfig platform-route") });
        });
    });

    describe("kafka-team-lag-watched", () => {
        it("passes a team topic whose consumers Kafka Exporter exports and the lag alert covers", async () => {
            const stack = [{ type: KAFKA, name: "kafka", props: monitoredKafka() }, { type: RULE, name: "rules", props: rules() }, { type: KAFKA_TOPIC, name: "topic", props: teamTopic() }];
            assert.deepEqual(await stackFindings(kafkaTeamLagWatched, stack), []);
        });

        it("reports a team topic when no alert reads the lag of the team's groups", async () => {
            const stack = [{ type: KAFKA, name: "kafka", props: monitoredKafka() }, { type: KAFKA_TOPIC, name: "topic", props: teamTopic() }];
            assert.deepEqual(await stackFindings(kafkaTeamLagWatched, stack), [
                {
                    resource: "topic",
                    message: "KafkaTopic kafka/payments-orders (team payments): no alert of this stack reads kafka_consumergroup_lag* for consumer groups payments.*, so a team consumer falling behind pages nobody.",
                },
            ]);
        });

        it("reports a team topic whose lag Kafka Exporter does not export", async () => {
            const narrow = monitoredKafka();
            narrow.spec.kafkaExporter = { topicRegex: "^risk\\.", groupRegex: ".*" };
            const none = kafka();
            for (const [k, expected] of [
                [narrow, 'spec.kafkaExporter topicRegex "^risk\\\\." / groupRegex ".*" leave out payments.orders or payments.* groups'],
                [none, "spec.kafkaExporter is not set"],
            ] as const) {
                assert.deepEqual(await stackFindings(kafkaTeamLagWatched, [{ type: KAFKA, name: "kafka", props: k }, { type: RULE, name: "rules", props: rules() }, { type: KAFKA_TOPIC, name: "topic", props: teamTopic() }]), [
                    { resource: "topic", message: `KafkaTopic kafka/payments-orders (team payments): Kafka events does not export its consumers' lag (${expected}), so nobody can watch it.` },
                ]);
            }
        });

        it("leaves a team's own stack, which holds no Kafka resource, to its platform stack", async () => {
            assert.deepEqual(await stackFindings(kafkaTeamLagWatched, [{ type: KAFKA_TOPIC, name: "topic", props: teamTopic() }]), []);
        });
    });
});
