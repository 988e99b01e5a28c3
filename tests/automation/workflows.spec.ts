import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { PROJECT_ROOT } from "../../automation/harness/stackFiles";

interface Step {
    run?: string;
    uses?: string;
    with?: Record<string, string>;
}

interface Job {
    steps: Step[];
    strategy?: { matrix?: Record<string, string[]> };
}

const WORKFLOW_DIR = path.join(PROJECT_ROOT, ".github", "workflows");
const scripts = (JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;

function workflows(): Array<{ file: string; jobs: Record<string, Job> }> {
    return fs
        .readdirSync(WORKFLOW_DIR)
        .filter((f) => /\.ya?ml$/.test(f))
        .map((file) => ({ file, jobs: (parse(fs.readFileSync(path.join(WORKFLOW_DIR, file), "utf8")) as { jobs: Record<string, Job> }).jobs }));
}

/** Every `npm run <script>` and `npm <builtin>` in a shell command. */
function npmScripts(command: string): string[] {
    return [...command.matchAll(/npm run(?: -s)? ([\w:-]+)/g)].map((m) => m[1]);
}

/** Expands `${{ matrix.x }}` in a value for every value of the job's matrix. */
function expand(value: string, job: Job): string[] {
    const matrix = job.strategy?.matrix ?? {};
    let values = [value];
    for (const [key, options] of Object.entries(matrix)) {
        values = values.flatMap((v) => (v.includes(`\${{ matrix.${key} }}`) ? options.map((o) => v.split(`\${{ matrix.${key} }}`).join(o)) : [v]));
    }
    return values;
}

describe("GitHub workflows", () => {
    it("exist", () => {
        assert.deepEqual(workflows().map((w) => w.file), ["pull-request.yml"]);
    });

    it("call only npm scripts that package.json defines", () => {
        for (const { file, jobs } of workflows()) {
            for (const [name, job] of Object.entries(jobs)) {
                for (const step of job.steps.filter((s) => s.run)) {
                    for (const script of npmScripts(step.run!)) {
                        assert.ok(script in scripts, `${file} job ${name} runs npm run ${script}, which package.json does not define`);
                    }
                }
            }
        }
    });

    it("run npm ci, npm test and the plan of every stack on every pull request", () => {
        const checks = workflows()[0].jobs.checks;
        const runs = checks.steps.filter((s) => s.run).map((s) => s.run);
        assert.deepEqual(runs, ["npm ci", "npm test", "npm run plan:all -- plans"]);
        const upload = checks.steps.find((s) => s.uses?.startsWith("github/codeql-action/upload-sarif"));
        assert.equal(upload?.with?.sarif_file, "plans", "the SARIF files plan:all writes are uploaded");
    });

    it("preview each environment stack with the policy pack and a pack config that exist", () => {
        const preview = workflows()[0].jobs.preview;
        const action = preview.steps.find((s) => s.uses?.startsWith("pulumi/actions@"))!;
        assert.equal(action.with!.command, "preview");
        assert.ok(fs.statSync(path.join(PROJECT_ROOT, action.with!.policyPacks, "PulumiPolicy.yaml")).isFile());
        for (const config of expand(action.with!.policyPackConfigs, preview)) {
            assert.ok(fs.existsSync(path.join(PROJECT_ROOT, config)), `${config} does not exist`);
        }
        for (const stack of expand(action.with!["stack-name"], preview)) {
            assert.ok(fs.existsSync(path.join(PROJECT_ROOT, `Pulumi.${stack}.yaml`)), `Pulumi.${stack}.yaml does not exist`);
        }
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
