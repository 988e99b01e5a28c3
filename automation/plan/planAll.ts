import * as fs from "fs";
import * as path from "path";
import { listStacks, PROJECT_ROOT } from "../harness/stackFiles";
import { CliIo, FIRST_PREVIEW_FLAG, isUserError, processIo, readStackText, UsageError } from "./cli";
import { renderComment, StackSection } from "./comment";
import { diffPlans } from "./diff";
import { renderDiffJson, renderDiffMarkdown } from "./diffFormat";
import { renderJson, renderMarkdown, renderSarif, RuleInfo, verdict } from "./format";
import { planStack, PolicyEvaluator } from "./plan";
import { readPlanFile } from "./planFile";
import { exitCodeOf, Plan, summarise } from "./types";

export const PLAN_ALL_USAGE = "usage: npm run plan:all -- [OUT_DIR] [--first-preview] [--diff-against BASE_DIR]";

export interface PlanAllDeps {
    evaluate: PolicyEvaluator;
    rules: RuleInfo[];
    projectDir?: string;
    /** The process environment: GITHUB_STEP_SUMMARY and the variables that make the run's URL. */
    env?: NodeJS.ProcessEnv;
}

function emptyPlanLike(head: Plan): Plan {
    return { ...head, resources: [], violations: [], summary: summarise([], []) };
}

function runUrl(env: NodeJS.ProcessEnv): string | undefined {
    const { GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID } = env;
    return GITHUB_SERVER_URL && GITHUB_REPOSITORY && GITHUB_RUN_ID ? `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}` : undefined;
}

function parse(argv: string[]): { outDir: string; baseDir?: string; firstPreview: boolean } {
    const positional: string[] = [];
    let baseDir: string | undefined;
    let firstPreview = false;
    for (let i = 0; i < argv.length; i++) {
        const [flag, inline] = argv[i].split(/=(.*)/s, 2);
        if (flag === FIRST_PREVIEW_FLAG) {
            firstPreview = true;
        } else if (flag === "--diff-against") {
            baseDir = inline ?? argv[++i];
            if (baseDir === undefined || baseDir.startsWith("--")) {
                throw new UsageError(`--diff-against needs the folder of the base plans\n${PLAN_ALL_USAGE}`);
            }
        } else if (flag.startsWith("--")) {
            throw new UsageError(`unknown option ${flag}\n${PLAN_ALL_USAGE}`);
        } else {
            positional.push(argv[i]);
        }
    }
    if (positional.length > 1) {
        throw new UsageError(`name one output folder\n${PLAN_ALL_USAGE}`);
    }
    return { outDir: positional[0] ?? "plans", baseDir, firstPreview };
}

/**
 * Plans every stack into a folder (`<stack>.json`, `.md`, `.sarif`) and appends the Markdown to the
 * GitHub job summary when there is one. With `--diff-against`, also diffs each stack against
 * `<BASE_DIR>/<stack>.json` (`<stack>.diff.json`) and writes the pull request comment
 * (`comment.md`). Exits with the worst status: 2 if a stack's config is bad, 1 if any stack has a
 * mandatory violation. `--first-preview` plans each stack as its first preview.
 */
export async function planAllCli(argv: string[], deps: PlanAllDeps, io: CliIo = processIo): Promise<number> {
    let outDir: string;
    let baseDir: string | undefined;
    let firstPreview: boolean;
    try {
        ({ outDir, baseDir, firstPreview } = parse(argv));
        if (baseDir !== undefined && !fs.statSync(baseDir, { throwIfNoEntry: false })?.isDirectory()) {
            throw new UsageError(`--diff-against ${baseDir}: not a folder of base plans\n${PLAN_ALL_USAGE}`);
        }
    } catch (e) {
        io.stderr(`${(e as Error).message}\n`);
        return 2;
    }
    const projectDir = deps.projectDir ?? PROJECT_ROOT;
    const env = deps.env ?? process.env;
    fs.mkdirSync(outDir, { recursive: true });
    const summary = (text: string) => env.GITHUB_STEP_SUMMARY && fs.appendFileSync(env.GITHUB_STEP_SUMMARY, `${text}\n`);
    const sections: StackSection[] = [];
    const stacks = listStacks(projectDir);
    let worst = 0;
    for (const stack of stacks) {
        let plan: Plan;
        try {
            plan = await planStack(stack, { evaluate: deps.evaluate, projectDir, firstPreview });
        } catch (e) {
            if (!isUserError(e)) {
                throw e;
            }
            io.stderr(`${stack}: ${(e as Error).message}\n`);
            const text = `### :x: \`${stack}\`: the stack's config does not load\n\n\`\`\`\n${(e as Error).message}\n\`\`\`\n`;
            sections.push({ stack, full: text, short: text });
            worst = 2;
            continue;
        }
        const markdown = renderMarkdown(plan);
        fs.writeFileSync(path.join(outDir, `${stack}.json`), renderJson(plan));
        fs.writeFileSync(path.join(outDir, `${stack}.md`), markdown);
        fs.writeFileSync(path.join(outDir, `${stack}.sarif`), renderSarif(plan, deps.rules, `Pulumi.${stack}.yaml`, readStackText(projectDir, stack)));
        summary(markdown);
        io.stdout(`${stack}: ${plan.summary.resources} resources; ${verdict(plan)}\n`);
        worst = Math.max(worst, exitCodeOf(plan));
        if (baseDir !== undefined) {
            const baseFile = path.join(baseDir, `${stack}.json`);
            let base: Plan;
            let note: string | undefined;
            if (fs.existsSync(baseFile)) {
                try {
                    base = readPlanFile(baseFile);
                } catch (e) {
                    io.stderr(`${(e as Error).message}\n`);
                    return 2;
                }
            } else {
                base = emptyPlanLike(plan);
                note = "_No base plan for this stack (a new stack, or its config did not load on the base branch): everything is listed as added._";
            }
            const diff = diffPlans(base, plan);
            fs.writeFileSync(path.join(outDir, `${stack}.diff.json`), renderDiffJson(diff));
            const full = renderDiffMarkdown(diff, { note });
            sections.push({ stack, full, short: renderDiffMarkdown(diff, { note, withoutChanges: true }) });
            summary(full);
        }
    }
    if (baseDir !== undefined) {
        for (const file of fs.readdirSync(baseDir).filter((f) => /^[^.]+\.json$/.test(f)).sort()) {
            const stack = file.slice(0, -".json".length);
            if (!stacks.includes(stack)) {
                const text = `### :warning: \`${stack}\`: Pulumi.${stack}.yaml is removed\n\nThe stack's resources stay until the stack is destroyed (\`pulumi destroy -s ${stack}\`); nothing plans it any more.\n`;
                sections.push({ stack, full: text, short: text });
            }
        }
        fs.writeFileSync(path.join(outDir, "comment.md"), renderComment(sections, { runUrl: runUrl(env) }));
    }
    return worst;
}
