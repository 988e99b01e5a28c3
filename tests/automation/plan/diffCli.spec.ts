import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { evaluateForEnvironment } from "../../../automation/policies/runner";
import { PLAN_USAGE, planCli } from "../../../automation/plan/cli";
import { COMMENT_MARKER, renderComment } from "../../../automation/plan/comment";
import { renderJson } from "../../../automation/plan/format";
import { planStack } from "../../../automation/plan/plan";
import { planAllCli } from "../../../automation/plan/planAll";
import { diffShape } from "../../../automation/plan/shapes";
import { Plan } from "../../../automation/plan/types";
import { PROJECT_ROOT } from "../../../automation/harness/stackFiles";
import { capture, planDeps } from "../../support/cli";

const deps = planDeps;
const TOPIC = "kubernetes:kafka.strimzi.io/v1:KafkaTopic";

function tmp(prefix: string): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The dev plan as the base branch would have planned it: one more partition on demo.web-activity's topic, and one more topic. */
function baseOf(dev: Plan): Plan {
    const base: Plan = JSON.parse(JSON.stringify(dev));
    const topic = base.resources.find((r) => r.type === TOPIC)!;
    const spec = topic.inputs.spec as { partitions: number };
    spec.partitions += 6;
    base.resources.push({
        ...JSON.parse(JSON.stringify(topic)),
        urn: `${topic.urn}-old`,
        name: `${topic.name}-old`,
        inputs: { ...topic.inputs, metadata: { name: "retired", namespace: "kafka" }, spec: { topicName: "retired", partitions: 3 } },
    });
    return base;
}

describe("npm run plan -- <stack> --diff-against", () => {
    let dev: Plan;
    let baseFile: string;
    let topicName: string;
    before(async () => {
        dev = await planStack("dev", { evaluate: evaluateForEnvironment });
        const base = baseOf(dev);
        topicName = base.resources.find((r) => r.type === TOPIC)!.name;
        baseFile = path.join(tmp("kafka-platform-diff-"), "dev.json");
        fs.writeFileSync(baseFile, renderJson(base));
    });

    it("prints the changes and their risks against the base plan, and exits with the plan's status", async () => {
        const c = capture();
        assert.equal(await planCli(["dev", "--diff-against", baseFile], deps, c.io), 0);
        const out = c.stdout.join("");
        assert.match(out, /^Diff of kafka-platform\/dev \(environment dev\) against the base plan: 0 added, 1 removed, 1 changed \(0 replaced\), \d+ unchanged\n/);
        assert.match(out, /critical {2}topic-deleted {2}KafkaTopic .*-old\n {4}KafkaTopic kafka\/retired is deleted: the Topic Operator deletes topic "retired" from Kafka, and every record in it is lost\.\n/);
        assert.match(out, new RegExp(`high {2}partitions-decreased {2}KafkaTopic ${topicName.replace(/\./g, "\\.")}\n`));
        assert.match(out, /\nPASS: 0 mandatory, 0 advisory violations\n$/);
    });

    it("writes the diff as JSON in its documented shape, and as Markdown", async () => {
        const c = capture();
        assert.equal(await planCli(["dev", "--diff-against", baseFile, "--format", "json", "--out", "d.json"], deps, c.io), 0);
        const diff = diffShape.parse(JSON.parse(c.files["d.json"]));
        assert.deepEqual(
            diff.risks.map((r) => r.risk),
            ["topic-deleted", "partitions-decreased"],
        );
        const md = capture();
        await planCli(["dev", "--diff-against", baseFile, "--format", "markdown"], deps, md.io);
        assert.match(md.stdout.join(""), /^### :warning: `dev` \(dev\): 2 risks; 0 added, 1 removed, 1 changed/);
    });

    it("refuses SARIF for a diff and an unreadable base plan, with exit 2", async () => {
        const sarif = capture();
        assert.equal(await planCli(["dev", "--diff-against", baseFile, "--format", "sarif"], deps, sarif.io), 2);
        assert.equal(sarif.stderr.join(""), `--diff-against writes table, json, markdown (got --format sarif)\n${PLAN_USAGE}\n`);
        const missing = capture();
        assert.equal(await planCli(["dev", "--diff-against", "/nonexistent/dev.json"], deps, missing.io), 2);
        assert.match(missing.stderr.join(""), /^\/nonexistent\/dev\.json: not a readable JSON plan \(/);
    });
});

describe("npm run plan:all -- OUT --diff-against BASE", () => {
    let out: string;
    let summaryFile: string;
    let code: number;
    const io = capture();
    before(async () => {
        const project = tmp("kafka-platform-all-");
        fs.copyFileSync(path.join(PROJECT_ROOT, "Pulumi.yaml"), path.join(project, "Pulumi.yaml"));
        fs.copyFileSync(path.join(PROJECT_ROOT, "Pulumi.dev.yaml"), path.join(project, "Pulumi.dev.yaml"));
        fs.writeFileSync(path.join(project, "Pulumi.qa.yaml"), "config:\n  kafka-platform:environment: dev\n  kafka-platform:clutser: {}\n");
        const baseDir = tmp("kafka-platform-base-");
        const dev = await planStack("dev", { evaluate: evaluateForEnvironment });
        fs.writeFileSync(path.join(baseDir, "dev.json"), renderJson(baseOf(dev)));
        fs.writeFileSync(path.join(baseDir, "gone.json"), renderJson({ ...dev, stack: "gone" }));
        out = path.join(tmp("kafka-platform-out-"), "plans");
        summaryFile = path.join(out, "..", "summary.md");
        code = await planAllCli(
            [out, "--diff-against", baseDir],
            { ...deps, projectDir: project, env: { GITHUB_STEP_SUMMARY: summaryFile, GITHUB_SERVER_URL: "https://github.com", GITHUB_REPOSITORY: "acme/kafka-platform", GITHUB_RUN_ID: "42" } },
            io.io,
        );
    });

    it("writes each stack's plan, SARIF and diff, and exits 2 for the stack whose config does not load", () => {
        assert.equal(code, 2);
        assert.deepEqual(fs.readdirSync(out).sort(), ["comment.md", "dev.diff.json", "dev.json", "dev.md", "dev.sarif"]);
        assert.match(io.stderr.join(""), /^qa: invalid stack config \(2 problems\):\n {2}- kafka-platform:clutser: unknown key; did you mean "cluster"\?/);
        diffShape.parse(JSON.parse(fs.readFileSync(path.join(out, "dev.diff.json"), "utf8")));
    });

    it("writes one PR comment with every stack's risks, the broken stack's error and the removed stack", () => {
        const comment = fs.readFileSync(path.join(out, "comment.md"), "utf8");
        assert.ok(comment.startsWith(`${COMMENT_MARKER}\n## Plan of this pull request\n`));
        assert.match(comment, /### :warning: `dev` \(dev\): 2 risks; 0 added, 1 removed, 1 changed/);
        assert.match(comment, /\| critical \| `topic-deleted` \| `KafkaTopic .*-old` \| KafkaTopic kafka\/retired is deleted:/);
        assert.match(comment, /### :x: `qa`: the stack's config does not load\n\n```\ninvalid stack config \(2 problems\):\n {2}- kafka-platform:clutser: unknown key/);
        assert.match(comment, /### :warning: `gone`: Pulumi\.gone\.yaml is removed\n/);
        assert.ok(comment.endsWith("The full plans are in the [job summary](https://github.com/acme/kafka-platform/actions/runs/42).\n"));
    });

    it("appends the full plan and the diff to the job summary", () => {
        const summary = fs.readFileSync(summaryFile, "utf8");
        assert.match(summary, /### :white_check_mark: Plan for `dev` \(dev\)/);
        assert.match(summary, /### :warning: `dev` \(dev\): 2 risks/);
    });
});

describe("the PR comment", () => {
    const section = (stack: string, size: number) => ({ stack, full: `### ${stack}\n${"x".repeat(size)}\n`, short: `### ${stack} (short)\n` });

    it("keeps every section whole when it fits", () => {
        const body = renderComment([section("dev", 100), section("prod", 100)], { maxChars: 1000 });
        assert.ok(body.includes("### dev\n") && body.includes("### prod\n"));
    });

    it("shortens the biggest sections first to stay under the limit", () => {
        const body = renderComment([section("dev", 100), section("prod", 2000)], { maxChars: 1000 });
        assert.ok(body.includes(`### dev\n${"x".repeat(100)}`));
        assert.ok(body.includes("### prod (short)\n"));
        assert.ok(body.length <= 1000);
    });

    it("cuts the comment short, saying so, when even the short sections do not fit", () => {
        const body = renderComment([{ stack: "prod", full: "y".repeat(5000), short: "z".repeat(2000) }], { maxChars: 1000 });
        assert.equal(body.length, 1000);
        assert.ok(body.endsWith("_Cut short: GitHub limits the size of a comment. The job summary has everything._\n"));
    });
});
