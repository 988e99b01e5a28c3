import { evaluateForEnvironment } from "../policies/runner";
import { planAllCli } from "./planAll";
import { ruleInfo } from "./rules";

planAllCli(process.argv.slice(2), { evaluate: evaluateForEnvironment, rules: ruleInfo() }).then(
    (code) => process.exit(code),
    (e) => {
        process.stderr.write(`plan:all failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
        process.exit(3);
    },
);
