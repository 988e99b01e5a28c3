import { evaluateForEnvironment } from "../policies/runner";
import { planCli } from "./cli";
import { ruleInfo } from "./rules";

planCli(process.argv.slice(2), { evaluate: evaluateForEnvironment, rules: ruleInfo() }).then(
    (code) => process.exit(code),
    (e) => {
        process.stderr.write(`plan failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
        process.exit(3);
    },
);
