import { strict as assert } from "assert";
import { runStack } from "../support/harness";

describe("archive stack outputs", () => {
    it("name the build role and, where the demo runs, its topic", async () => {
        const dev = await runStack("dev");
        assert.equal(dev.outputs.demoTopic, "demo.web-activity");
        assert.match(String(dev.outputs.archiveBuildRoleArn), /^arn:aws:iam::123456789012:role\/archive-roles-build-[0-9a-f]{7}$/);
        const prod = await runStack("prod");
        assert.equal("demoTopic" in prod.outputs, false);
    });
});
