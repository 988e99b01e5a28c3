import * as fs from "fs";
import * as path from "path";
import { evaluateForEnvironment } from "../policies/runner";
import { listStacks, PROJECT_ROOT } from "../harness/stackFiles";
import { isUserError } from "./cli";
import { renderJson, renderMarkdown, renderSarif, verdict } from "./format";
import { planStack } from "./plan";
import { ruleInfo } from "./rules";
import { exitCodeOf } from "./types";

/**
 * Plans every shipped stack into a folder (`<stack>.json`, `.md`, `.sarif`), appends the Markdown to
 * the GitHub job summary when there is one, and exits with the worst status: 2 if a stack's config
 * is bad, 1 if any stack has a mandatory violation.
 */
async function main(outDir: string): Promise<number> {
    fs.mkdirSync(outDir, { recursive: true });
    const rules = ruleInfo();
    let worst = 0;
    for (const stack of listStacks(PROJECT_ROOT)) {
        try {
            const plan = await planStack(stack, { evaluate: evaluateForEnvironment });
            const markdown = renderMarkdown(plan);
            fs.writeFileSync(path.join(outDir, `${stack}.json`), renderJson(plan));
            fs.writeFileSync(path.join(outDir, `${stack}.md`), markdown);
            fs.writeFileSync(path.join(outDir, `${stack}.sarif`), renderSarif(plan, rules, `Pulumi.${stack}.yaml`));
            if (process.env.GITHUB_STEP_SUMMARY) {
                fs.appendFileSync(process.env.GITHUB_STEP_SUMMARY, `${markdown}\n`);
            }
            process.stdout.write(`${stack}: ${plan.summary.resources} resources; ${verdict(plan)}\n`);
            worst = Math.max(worst, exitCodeOf(plan));
        } catch (e) {
            if (!isUserError(e)) {
                throw e;
            }
            process.stderr.write(`${stack}: ${(e as Error).message}\n`);
            worst = 2;
        }
    }
    return worst;
}

main(process.argv[2] ?? "plans").then(
    (code) => process.exit(code),
    (e) => {
        process.stderr.write(`plan:all failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
        process.exit(3);
    },
);
