import { strict as assert } from "assert";
import { creatorAdminProblem } from "../../components/cluster/creatorAccess";
import { failureOf, runStack } from "../support/harness";
import { readStackConfig } from "../../automation/harness/stackFiles";

const CI_SESSION = "arn:aws:sts::444455556666:assumed-role/ci-deployer/github-actions";
const CI_ROLE = "arn:aws:iam::444455556666:role/ci-deployer";

describe("the cluster creator's access", () => {
    it("shows the admin entry EKS gives the deploying role, and plans prod deployed by CI's role", async () => {
        const run = await runStack("prod", { world: { deployer: CI_SESSION } });
        assert.deepEqual(
            run.implicitAccessEntries.map((e) => e.principalArn),
            [CI_ROLE],
        );
        const entries = run.resources.filter((r) => r.type === "aws:eks/accessEntry:AccessEntry").map((r) => r.inputs.principalArn);
        assert.deepEqual(entries, ["arn:aws:iam::444455556666:role/platform-admins"]);
    });

    it("refuses an admin role that is the deploying role, which would fail the first up with 409", async () => {
        const file = readStackConfig("prod");
        const cluster = file.config.cluster as Record<string, unknown>;
        const config = { ...file.config, cluster: { ...cluster, adminRoleArns: [...(cluster.adminRoleArns as string[]), CI_ROLE] } };
        const message = await failureOf(runStack("prod", { config, world: { deployer: CI_SESSION } }));
        assert.equal(
            message,
            `kafka-platform:cluster.adminRoleArns[1]: is the role deploying this stack, which EKS already makes a cluster admin (pulumi-eks sets bootstrapClusterCreatorAdminPermissions), so a second access entry for it fails with 409 ResourceInUseException; remove it from adminRoleArns (got "${CI_ROLE}")`,
        );
    });

    it("compares role ARNs exactly", () => {
        assert.equal(creatorAdminProblem(["arn:aws:iam::444455556666:role/platform-admins"], CI_ROLE), undefined);
        assert.match(String(creatorAdminProblem([CI_ROLE], CI_ROLE)), /^kafka-platform:cluster\.adminRoleArns\[0\]: is the role deploying this stack/);
    });
});
