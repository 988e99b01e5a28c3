import { strict as assert } from "assert";
import { StackValidationPolicy } from "@pulumi/policy";
import { POLICIES } from "../../policies/catalog";
import { kafkaRackAwareness } from "../../policies/rules/kafkaReplication";
import { hasWithheldOutputs, readingWithheldOutputsAsUnknown } from "../../policies/rules/withheldOutputs";
import { stackArgs, stackOutcome } from "../support/policyArgs";
import { brokerPool, kafka, KAFKA, KAFKA_NODE_POOL, KAFKA_TOPIC } from "../support/policyFixtures";

const K8S_PROVIDER = "pulumi:providers:kubernetes";

/** The rule as the pack ships it (catalog.ts wraps every stack rule). */
function shipped(name: string): StackValidationPolicy {
    const found = POLICIES.find((p) => p.name === name);
    assert.ok(found && "validateStack" in found, `the pack has a stack rule ${name}`);
    return found as StackValidationPolicy;
}

describe("stack rules on outputs the engine withholds in a first preview", () => {
    it("knows withheld outputs only on a managed resource: empty properties and a provider", () => {
        const args = stackArgs(kafkaRackAwareness, [
            { type: KAFKA, name: "new", props: {}, provider: K8S_PROVIDER },
            { type: KAFKA, name: "created", props: kafka(), provider: K8S_PROVIDER },
            { type: "kafka-platform:kafka:KafkaCluster", name: "component", props: {} },
        ]);
        assert.deepEqual(
            args.resources.map((r) => [r.name, hasWithheldOutputs(r)]),
            [
                ["new", true],
                ["created", false],
                ["component", false],
            ],
        );
    });

    it("cannot judge a Kafka and its pools with no outputs yet, where the bare rule would report a missing rack", async () => {
        const stack = [
            { type: KAFKA, name: "kafka-kafka", props: {}, provider: K8S_PROVIDER },
            { type: KAFKA_NODE_POOL, name: "kafka-broker", props: {}, provider: K8S_PROVIDER },
        ];
        assert.deepEqual((await stackOutcome(kafkaRackAwareness, stack)).findings, [
            {
                resource: "kafka-kafka",
                message: 'spec.kafka.rack is not set; set spec.kafka.rack.topologyKey to "topology.kubernetes.io/zone" so Kafka puts the replicas of each partition in different zones.',
            },
        ]);
        assert.deepEqual(await stackOutcome(shipped("kafka-rack-awareness"), stack), {
            findings: [],
            notApplicable:
                "cannot judge during preview: spec.kafka.rack of Kafka kafka-kafka, spec.roles of KafkaNodePool kafka-broker, spec.replicas of KafkaNodePool kafka-broker and spec.template.pod of KafkaNodePool kafka-broker are unknown until the update; pulumi up judges them only after applying the update",
        });
    });

    it("names a Kafka with no outputs yet in the rules that count its brokers and its retained bytes, instead of passing them in silence", async () => {
        const stack = [
            { type: KAFKA, name: "kafka-kafka", props: {}, provider: K8S_PROVIDER },
            { type: KAFKA_NODE_POOL, name: "kafka-broker", props: {}, provider: K8S_PROVIDER },
            { type: KAFKA_TOPIC, name: "payments-orders", props: {}, provider: K8S_PROVIDER },
        ];
        assert.deepEqual(await stackOutcome(shipped("kafka-min-brokers"), stack, { minBrokers: 3 }), {
            findings: [],
            notApplicable:
                "cannot judge during preview: metadata of Kafka kafka-kafka and metadata of KafkaNodePool kafka-broker are unknown until the update; pulumi up judges them only after applying the update",
        });
        assert.deepEqual(await stackOutcome(shipped("kafka-retention-fits-storage"), stack), {
            findings: [],
            notApplicable: "cannot judge during preview: metadata of Kafka kafka-kafka is unknown until the update; pulumi up judges it only after applying the update",
        });
    });

    it("still judges what is known beside it", async () => {
        const stack = [
            { type: KAFKA, name: "kafka-kafka", props: kafka(), provider: K8S_PROVIDER },
            { type: KAFKA_NODE_POOL, name: "kafka-broker", props: brokerPool(), provider: K8S_PROVIDER },
        ];
        const withoutRack = kafka();
        delete withoutRack.spec.kafka.rack;
        assert.deepEqual(await stackOutcome(shipped("kafka-rack-awareness"), stack), { findings: [] });
        assert.deepEqual((await stackOutcome(shipped("kafka-rack-awareness"), [{ ...stack[0], props: withoutRack }, { type: KAFKA_NODE_POOL, name: "new-pool", props: {}, provider: K8S_PROVIDER }])).findings, [
            {
                resource: "kafka-kafka",
                message: 'spec.kafka.rack is not set; set spec.kafka.rack.topologyKey to "topology.kubernetes.io/zone" so Kafka puts the replicas of each partition in different zones.',
            },
        ]);
    });

    it("gives a rule walking parents and dependencies the same view", async () => {
        let seen: unknown[] = [];
        const probe: StackValidationPolicy = {
            name: "probe",
            description: "reads the parent's and the dependency's props",
            enforcementLevel: "mandatory",
            validateStack: (args) => {
                const child = args.resources.find((r) => r.name === "child")!;
                seen = [child.parent, ...child.dependencies].map((r) => {
                    try {
                        return r?.props.spec;
                    } catch (e) {
                        return (e as Error).message;
                    }
                });
            },
        };
        const [wrapped] = readingWithheldOutputsAsUnknown([probe]) as StackValidationPolicy[];
        await wrapped.validateStack(
            stackArgs(probe, [
                { type: KAFKA, name: "parent", props: {}, provider: K8S_PROVIDER },
                { type: KAFKA_NODE_POOL, name: "dependency", props: {}, provider: K8S_PROVIDER },
                { type: KAFKA_NODE_POOL, name: "child", props: brokerPool(), provider: K8S_PROVIDER, parent: "parent", dependsOn: ["dependency"] },
            ]),
            () => undefined,
        );
        assert.deepEqual(seen, ["Object value at .spec can't be known during preview", "Object value at .spec can't be known during preview"]);
    });
});
