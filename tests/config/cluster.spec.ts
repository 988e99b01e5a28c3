import { strict as assert } from "assert";
import { parseConfig } from "../../components/config";
import { problemsWith, stackConfigWith } from "../kafka/support";

const PINNED_1_33 = { vpcCni: "v1.20.4-eksbuild.2", kubeProxy: "v1.33.5-eksbuild.2", coreDns: "v1.12.4-eksbuild.1", ebsCsiDriver: "v1.55.0-eksbuild.2" };

describe("cluster config: add-ons, upgrade policy, control-plane logs", () => {
    it("gives a Kubernetes version its own pinned add-ons, not the profile's", () => {
        const c = parseConfig(stackConfigWith("prod", { cluster: { version: "1.32" } }), "prod");
        assert.deepEqual(c.mode === "platform" && c.cluster.addons, {
            vpcCni: "v1.19.2-eksbuild.5",
            kubeProxy: "v1.32.3-eksbuild.7",
            coreDns: "v1.11.4-eksbuild.2",
            ebsCsiDriver: "v1.55.0-eksbuild.2",
        });
    });

    it("refuses a version without pinned add-ons unless the stack pins them, and takes the stack's pins", () => {
        assert.deepEqual(problemsWith("prod", { cluster: { version: "1.33" } }), [
            "kafka-platform:cluster.addons: must be set for Kubernetes 1.33: the platform pins EKS add-on versions only for 1.32, 1.34; set vpcCni, kubeProxy, coreDns and ebsCsiDriver to versions that `aws eks describe-addon-versions --kubernetes-version 1.33` lists (got nothing)",
        ]);
        const c = parseConfig(stackConfigWith("prod", { cluster: { version: "1.33", addons: PINNED_1_33 } }), "prod");
        assert.deepEqual(c.mode === "platform" && c.cluster.addons, PINNED_1_33);
    });

    it("refuses an add-on version that is not an EKS build and a retention CloudWatch does not offer", () => {
        assert.deepEqual(problemsWith("prod", { cluster: { addons: { vpcCni: "latest" }, logRetentionDays: 100 } }), [
            "kafka-platform:cluster.addons.vpcCni: must be an EKS add-on version such as v1.20.4-eksbuild.2 (aws eks describe-addon-versions --addon-name <name> --kubernetes-version <cluster.version>) (got \"latest\")",
            "kafka-platform:cluster.logRetentionDays: must be one of the retention periods CloudWatch Logs accepts: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (got 100)",
        ]);
    });

    it("takes EXTENDED support only when the stack asks for it", () => {
        const standard = parseConfig(stackConfigWith("prod"), "prod");
        const extended = parseConfig(stackConfigWith("prod", { cluster: { upgradePolicy: "EXTENDED" } }), "prod");
        assert.deepEqual([standard.mode === "platform" && standard.cluster.upgradePolicy, extended.mode === "platform" && extended.cluster.upgradePolicy], ["STANDARD", "EXTENDED"]);
        assert.deepEqual(problemsWith("prod", { cluster: { upgradePolicy: "extended" } }), ['kafka-platform:cluster.upgradePolicy: must be one of: "STANDARD", "EXTENDED" (got "extended")']);
    });
});
