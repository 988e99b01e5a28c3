import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { evaluateForEnvironment } from "../../../automation/policies/runner";
import { renderSarif } from "../../../automation/plan/format";
import { planStack } from "../../../automation/plan/plan";
import { ruleInfo } from "../../../automation/plan/rules";
import { sarifShape } from "../../../automation/plan/shapes";
import { StackFileMap } from "../../../automation/plan/sourceMap";
import { Plan, Violation } from "../../../automation/plan/types";
import { PROJECT_ROOT } from "../../../automation/harness/stackFiles";

const PROD_TEXT = fs.readFileSync(path.join(PROJECT_ROOT, "Pulumi.prod.yaml"), "utf8");

/** The 1-based line of the first line matching `pattern` after the line matching each of `after`, in order. */
function lineOf(text: string, after: RegExp[], pattern: RegExp): number {
    const lines = text.split("\n");
    let i = 0;
    for (const a of after) {
        while (!a.test(lines[i])) {
            i++;
        }
    }
    while (!pattern.test(lines[i])) {
        i++;
    }
    return i + 1;
}

function violation(policy: string, urn: string | undefined, message: string): Violation {
    return { policy, enforcementLevel: "mandatory", severity: "high", ...(urn ? { urn } : {}), message };
}

function urnOf(plan: Plan, type: string, name: string): string {
    const r = plan.resources.find((x) => x.type === type && x.name === name);
    assert.ok(r, `${type} ${name} is in the plan`);
    return r.urn;
}

describe("SARIF findings located in the stack file", () => {
    let prod: Plan;
    before(async () => {
        prod = await planStack("prod", { evaluate: evaluateForEnvironment });
    });

    function sarifOf(violations: Violation[], plan: Plan = prod) {
        const withFindings: Plan = { ...plan, violations };
        return sarifShape.parse(JSON.parse(renderSarif(withFindings, ruleInfo(), "Pulumi.prod.yaml", PROD_TEXT))).runs[0].results;
    }

    it("puts a team's topic at its entry in the team's topics, a user at its application, a node group and a node pool at their keys", () => {
        const results = sarifOf([
            violation("kafka-topic-replication", urnOf(prod, "kubernetes:kafka.strimzi.io/v1:KafkaTopic", "payments.payment-events"), "topic finding"),
            violation("kafka-acl-team-scope", urnOf(prod, "kubernetes:kafka.strimzi.io/v1:KafkaUser", "payments.ledger-writer"), "user finding"),
            violation("eks-node-group", urnOf(prod, "aws:eks/nodeGroup:NodeGroup", "cluster-kafka-1"), "node group finding"),
            violation("kafka-storage", urnOf(prod, "kubernetes:kafka.strimzi.io/v1:KafkaNodePool", "kafka-broker"), "pool finding"),
            violation("eks-endpoint-restricted", urnOf(prod, "aws:ec2/subnet:Subnet", "network-private-0"), "network finding"),
            violation("s3-bucket-encryption", undefined, "stack finding"),
        ]);
        const at = Object.fromEntries(results.map((r) => [r.message.text, [r.locations[0].physicalLocation.region.startLine, r.properties.configKey]]));
        assert.deepEqual(at, {
            "topic finding": [lineOf(PROD_TEXT, [/^ {2}kafka-platform:teams:/, /^ {4}payments:/], /- name: payment-events$/), "kafka-platform:teams.payments.topics[1]"],
            "user finding": [lineOf(PROD_TEXT, [/^ {2}kafka-platform:teams:/, /^ {4}payments:/, /^ {6}applications:/], /- name: ledger-writer$/), "kafka-platform:teams.payments.applications[1]"],
            "node group finding": [lineOf(PROD_TEXT, [/^ {2}kafka-platform:cluster:/, /^ {4}nodeGroups:/], /^ {6}kafka:$/), "kafka-platform:cluster.nodeGroups.kafka"],
            "pool finding": [lineOf(PROD_TEXT, [/^ {2}kafka-platform:kafka:/], /^ {4}brokers:$/), "kafka-platform:kafka.brokers"],
            "network finding": [lineOf(PROD_TEXT, [], /^ {2}kafka-platform:network:$/), "kafka-platform:network"],
            "stack finding": [lineOf(PROD_TEXT, [], /^ {2}kafka-platform:environment:/), "kafka-platform:environment"],
        });
        assert.equal(results[0].locations[0].physicalLocation.region.startColumn > 1, true);
    });

    it("falls back to the section, then to the environment key, when the file does not set the resource's key", () => {
        const map = new StackFileMap("config:\n  kafka-platform:environment: dev\n  kafka-platform:kafka:\n    superUsers: []\n");
        assert.deepEqual(map.locate(["kafka", "brokers"]), { key: "kafka-platform:kafka", line: 3, column: 3 });
        assert.deepEqual(map.locate(["cluster", "nodeGroups", "kafka"]), { key: "kafka-platform:environment", line: 2, column: 3 });
        assert.deepEqual(new StackFileMap("config: {}\n").locate(["kafka"]), { line: 1, column: 1 });
    });

    it("gives each finding its own fingerprint, the same on every push and whatever the URN format", () => {
        const topicUrn = urnOf(prod, "kubernetes:kafka.strimzi.io/v1:KafkaTopic", "payments.orders");
        const findings = [violation("kafka-topic-replication", topicUrn, "one"), violation("kafka-topic-replication", topicUrn, "two"), violation("kafka-min-brokers", topicUrn, "one")];
        const first = sarifOf(findings).map((r) => r.partialFingerprints["kafkaPlatformFinding/v1"]);
        assert.equal(new Set(first).size, 3);
        assert.deepEqual(
            sarifOf(findings).map((r) => r.partialFingerprints["kafkaPlatformFinding/v1"]),
            first,
        );
        // The same plan with every URN written as the mock runtime writes them (under the root stack's type).
        const otherUrn = (urn: string) => urn.replace(/^(urn:pulumi:[^:]+::[^:]+::)(?!pulumi:pulumi:Stack::)/, "$1pulumi:pulumi:Stack$$");
        const otherPlan: Plan = { ...prod, resources: prod.resources.map((r) => ({ ...r, urn: otherUrn(r.urn), parent: r.parent && otherUrn(r.parent) })) };
        const otherFindings = findings.map((f) => ({ ...f, urn: otherUrn(f.urn as string) }));
        assert.ok(otherPlan.resources.some((r, i) => r.urn !== prod.resources[i].urn));
        assert.deepEqual(
            sarifOf(otherFindings, otherPlan).map((r) => r.partialFingerprints["kafkaPlatformFinding/v1"]),
            first,
        );
    });
});
