import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { engineUrn } from "../../../automation/harness/recorder";
import { runProgram } from "../../../automation/harness/run";
import { resource, runStack } from "../../support/harness";

class Outer extends pulumi.ComponentResource {
    constructor(name: string) {
        super("test:index:Outer", name, {});
        const inner = new Inner(`${name}-inner`, { parent: this });
        new aws.s3.Bucket(`${name}-bucket`, {}, { parent: inner, retainOnDelete: true, deleteBeforeReplace: true });
        this.registerOutputs({});
    }
}
class Inner extends pulumi.ComponentResource {
    constructor(name: string, opts: pulumi.ComponentResourceOptions) {
        super("test:index:Inner", name, {}, opts);
        this.registerOutputs({});
    }
}

describe("engine URNs and resource options in the recording", () => {
    it("qualifies a type by every ancestor's type and leaves out the root stack, as the engine does", () => {
        const stackUrn = "urn:pulumi:prod::kafka-platform::pulumi:pulumi:Stack::kafka-platform-prod";
        const component = engineUrn("prod", "kafka-platform", stackUrn, "kafka-platform:cluster:EksCluster", "cluster");
        assert.equal(component, "urn:pulumi:prod::kafka-platform::kafka-platform:cluster:EksCluster::cluster");
        assert.equal(
            engineUrn("prod", "kafka-platform", component, "aws:eks/nodeGroup:NodeGroup", "cluster-system"),
            "urn:pulumi:prod::kafka-platform::kafka-platform:cluster:EksCluster$aws:eks/nodeGroup:NodeGroup::cluster-system",
        );
        assert.equal(engineUrn("prod", "kafka-platform", "", "pulumi:pulumi:Stack", "kafka-platform-prod"), stackUrn);
    });

    it("records the whole parent chain, retainOnDelete and deleteBeforeReplace of a nested resource", async () => {
        const run = await runProgram({ stack: "urns", config: { region: "eu-west-1" }, program: () => (new Outer("outer"), {}) });
        const bucket = resource(run, "aws:s3/bucket:Bucket", "outer-bucket");
        assert.equal(bucket.urn, "urn:pulumi:urns::kafka-platform::test:index:Outer$test:index:Inner$aws:s3/bucket:Bucket::outer-bucket");
        assert.equal(bucket.parent, "urn:pulumi:urns::kafka-platform::test:index:Outer$test:index:Inner::outer-inner");
        assert.equal(bucket.retainOnDelete, true);
        assert.equal(bucket.deleteBeforeReplace, true);
        const inner = resource(run, "test:index:Inner", "outer-inner");
        assert.equal(inner.retainOnDelete, false);
        assert.equal(inner.deleteBeforeReplace, false);
    });

    it("gives the shipped prod stack's node groups URNs that pulumi up --target accepts", async () => {
        const run = await runStack("prod");
        const system = run.resources.find((r) => r.type === "aws:eks/nodeGroup:NodeGroup" && r.name === "cluster-system");
        assert.equal(system?.urn, "urn:pulumi:prod::kafka-platform::kafka-platform:cluster:EksCluster$aws:eks/nodeGroup:NodeGroup::cluster-system");
        for (const r of run.resources) {
            assert.ok(!r.urn.includes("pulumi:pulumi:Stack$"), `${r.urn} keeps the root stack in its type chain`);
        }
    });
});
