import { strict as assert } from "assert";
import { listStacks } from "../../automation/harness/stackFiles";
import { countByType, runStack } from "../support/harness";

describe("shipped stack files", () => {
    it("are dev, prod and staging, plus the example team stack payments-dev and the laptop stack local", () => {
        assert.deepEqual(listStacks(), ["dev", "local", "payments-dev", "prod", "staging"]);
    });

    for (const stack of ["dev", "staging", "prod"]) {
        it(`${stack} evaluates under mocks with one EKS cluster, three zones and a default gp3 class`, async () => {
            const run = await runStack(stack);
            const counts = countByType(run);
            assert.equal(counts["eks:index:Cluster"], 1);
            assert.equal(counts["aws:ec2/subnet:Subnet"], 6);
            assert.equal(counts["aws:eks/nodeGroup:NodeGroup"], 4);
            // The brokers' class and the controllers' baseline one.
            assert.equal(counts["kubernetes:storage.k8s.io/v1:StorageClass"], 2);
            assert.equal(run.outputs.kubeconfig, "[secret]");
            assert.equal(run.outputs.clusterName, `kafka-platform-${stack}`);
        });
    }
});
