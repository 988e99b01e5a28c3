import { strict as assert } from "assert";
import { TransformRequest, TransformResourceOptions } from "@pulumi/pulumi/proto/resource_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { transformsOf } from "../../automation/harness/recorder";
import { CRD_TYPE, retainCustomResourceDefinitions } from "../../components/strimzi/crdRetention";
import { ProgramRun, resource } from "../support/harness";
import { CHART_TYPE, stackRuns } from "../kafka/support";

/**
 * Runs the chart's registered transforms the way the engine does for each child of the packaged
 * component: through the SDK's callback server, with a TransformRequest for the child.
 */
async function transformChild(run: ProgramRun, type: string, name: string): Promise<TransformResourceOptions | undefined> {
    const chart = resource(run, CHART_TYPE, "strimzi-chart");
    const callbacks = transformsOf(chart.urn);
    assert.equal(callbacks.length, 1, "the chart is registered with one transform");
    const request = new TransformRequest();
    request.setType(type);
    request.setName(name);
    request.setCustom(true);
    request.setParent(chart.urn);
    request.setProperties(Struct.fromJavaScript({ metadata: { name } }));
    request.setOptions(new TransformResourceOptions());
    const response = await callbacks[0](request.serializeBinary());
    return response.getOptions();
}

describe("the operator chart's CRDs", () => {
    const runs = stackRuns(["dev", "prod"]);

    it("are retained on delete and protected in prod when the engine transforms the chart's children", async () => {
        const options = await transformChild(runs.prod, CRD_TYPE, "strimzi/kafkas.kafka.strimzi.io");
        assert.equal(options?.getRetainOnDelete(), true);
        assert.equal(options?.getProtect(), true);
    });

    it("are retained on delete but not protected in dev, so the stack can still be destroyed", async () => {
        const options = await transformChild(runs.dev, CRD_TYPE, "strimzi/kafkas.kafka.strimzi.io");
        assert.equal(options?.getRetainOnDelete(), true);
        assert.equal(options?.getProtect(), false);
    });

    it("leave every other child of the chart as the chart renders it", async () => {
        const options = await transformChild(runs.prod, "kubernetes:apps/v1:Deployment", "strimzi/strimzi-cluster-operator");
        assert.equal(options?.getRetainOnDelete(), false);
        assert.equal(options?.getProtect(), false);
    });

    it("keeps the child's own options and properties", () => {
        const opts = { ignoreChanges: ["metadata.annotations"] };
        const result = retainCustomResourceDefinitions(true)({ type: CRD_TYPE, name: "crd", custom: true, props: { spec: { group: "kafka.strimzi.io" } }, opts });
        assert.deepEqual(result, { props: { spec: { group: "kafka.strimzi.io" } }, opts: { ignoreChanges: ["metadata.annotations"], retainOnDelete: true, protect: true } });
        assert.equal(retainCustomResourceDefinitions(true)({ type: "kubernetes:core/v1:Service", name: "svc", custom: true, props: {}, opts }), undefined);
    });
});
