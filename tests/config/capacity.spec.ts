import { strict as assert } from "assert";
import { baselineMbps, brokerNetworkCapacity, mbpsToKiBps } from "../../components/config/capacity";

describe("Cruise Control broker capacity", () => {
    it("knows the baseline (not burst) bandwidth of the profiles' Kafka instance types", () => {
        assert.equal(baselineMbps("r6i.large"), 781);
        assert.equal(baselineMbps("r6i.xlarge"), 1562);
        assert.equal(baselineMbps("r6i.2xlarge"), 3125);
        assert.equal(baselineMbps("r7g.4xlarge"), 7500);
        assert.equal(baselineMbps("m6g.8xlarge"), 12000);
    });

    it("does not guess for families or sizes outside its table", () => {
        assert.equal(baselineMbps("i4i.xlarge"), undefined);
        assert.equal(baselineMbps("r6i.12xlarge"), undefined);
        assert.equal(baselineMbps("r6i.metal"), undefined);
    });

    it("converts Mbit/s to Strimzi's KiB/s, rounding down", () => {
        assert.equal(mbpsToKiBps(781), "95336KiB/s");
        assert.equal(mbpsToKiBps(3125), "381469KiB/s");
    });

    it("takes the slowest of several instance types, and gives up when one is unknown", () => {
        assert.equal(brokerNetworkCapacity(["r7g.2xlarge", "r6i.2xlarge"]), "381469KiB/s");
        assert.equal(brokerNetworkCapacity(["r6i.2xlarge", "i4i.2xlarge"]), undefined);
        assert.equal(brokerNetworkCapacity([]), undefined);
    });
});
