import { evaluateForEnvironment } from "./runner";
import { ruleInfo } from "../plan/rules";
import { policiesCli } from "./check";

policiesCli(process.argv.slice(2), { evaluate: evaluateForEnvironment, rules: ruleInfo() }).then(
    (code) => process.exit(code),
    (e) => {
        process.stderr.write(`policies check failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
        process.exit(3);
    },
);
