import { ResourceValidationPolicy } from "@pulumi/policy";
import { describeStatement, iamPatternMatches, Statement, statementsOf, stringList } from "./policyDocument";
import { at, cannotJudge, entries, isUnknown, listing, text, Unknown, UNKNOWN } from "./values";

const KEY = "aws:kms/key:Key";
const KEY_POLICY = "aws:kms/keyPolicy:KeyPolicy";

/**
 * The operations that use a key or hand its use to someone else (a grant). Administration (describe,
 * put the policy, rotate, schedule deletion) is not among them: it never reveals data.
 */
const USE_ACTIONS = [
    "kms:Encrypt",
    "kms:Decrypt",
    "kms:ReEncryptFrom",
    "kms:ReEncryptTo",
    "kms:GenerateDataKey",
    "kms:GenerateDataKeyWithoutPlaintext",
    "kms:GenerateDataKeyPair",
    "kms:GenerateDataKeyPairWithoutPlaintext",
    "kms:CreateGrant",
];

/** Operators under which `kms:ViaService` limits the statement to requests that come through a service. */
const VIA_SERVICE_OPERATORS = ["StringEquals", "StringLike", "ForAnyValue:StringEquals", "ForAnyValue:StringLike"];

/** The AWS principals (accounts, roles, "*") a statement names; [] when it names only services or federated ones. */
function awsPrincipals(principal: unknown): string[] | Unknown {
    if (isUnknown(principal)) {
        return UNKNOWN;
    }
    if (principal === "*") {
        return ["*"];
    }
    const aws = stringList(at(principal, "AWS"));
    return isUnknown(aws) ? UNKNOWN : aws;
}

/**
 * Whether the condition sets one of the keys, under one of the operators, to values that are not
 * just "*". `...IfExists` and negated operators never count: they also match a request without the key.
 */
function namesValues(condition: unknown, operators: readonly string[], keys: readonly string[]): boolean | Unknown {
    const byOperator = entries(condition);
    if (isUnknown(byOperator)) {
        return UNKNOWN;
    }
    for (const [operator, conditionKeys] of byOperator) {
        if (!operators.includes(operator)) {
            continue;
        }
        const byKey = entries(conditionKeys);
        if (isUnknown(byKey)) {
            return UNKNOWN;
        }
        for (const [key, value] of byKey) {
            if (!keys.includes(key.toLowerCase())) {
                continue;
            }
            const values = stringList(value);
            if (isUnknown(values)) {
                return UNKNOWN;
            }
            if (values.length > 0 && values.every((v) => v.replace(/\*/g, "") !== "")) {
                return true;
            }
        }
    }
    return false;
}

/** Whether the condition limits the statement to requests an AWS service makes (`kms:ViaService`): a direct call carries none. */
function throughService(condition: unknown): boolean | Unknown {
    return namesValues(condition, VIA_SERVICE_OPERATORS, ["kms:viaservice"]);
}

/**
 * Condition keys that name the caller's account (or organization, or the callers themselves): with
 * one of them, a statement whose principal is "*" no longer reaches every AWS account. AWS's own
 * aws/s3 and aws/ebs key policies pair `"AWS": "*"` with kms:CallerAccount.
 */
const CALLER_KEYS = ["kms:calleraccount", "aws:principalaccount", "aws:principalorgid", "aws:principalarn"];

/** Operators under which such a key limits who calls; `...IfExists` and negated ones do not. */
const CALLER_OPERATORS = [...VIA_SERVICE_OPERATORS, "ArnEquals", "ArnLike", "ForAnyValue:ArnEquals", "ForAnyValue:ArnLike"];

/** Whether the condition limits the callers to named accounts, organizations or principals (not just "*"). */
function limitedToCallers(condition: unknown): boolean | Unknown {
    return namesValues(condition, CALLER_OPERATORS, CALLER_KEYS);
}

/** What is wrong with one statement, UNKNOWN when a part of it that decides is unknown. */
function statementProblem(where: string, s: Statement): string | undefined | Unknown {
    if (s.effect !== "Allow") {
        return undefined;
    }
    // Allow with NotPrincipal reaches every principal of every account but those it names.
    const everyoneBut = s.notPrincipal !== undefined && s.notPrincipal !== null;
    const principals = everyoneBut ? ["*"] : awsPrincipals(s.principal);
    if (isUnknown(principals)) {
        return UNKNOWN;
    }
    if (principals.length === 0) {
        return undefined;
    }
    const who = everyoneBut ? "every principal not in NotPrincipal" : listing(principals.map((p) => `"${p}"`));
    if (s.notAction !== undefined && s.notAction !== null) {
        return `${where}: ${describeStatement(s)} allows ${who} every action except those in NotAction, using the key included; list the allowed actions in Action instead.`;
    }
    const actions = stringList(s.action);
    if (isUnknown(actions)) {
        return UNKNOWN;
    }
    const uses = actions.filter((a) => USE_ACTIONS.some((u) => iamPatternMatches(a, u)));
    if (uses.length === 0) {
        return undefined;
    }
    const via = throughService(s.condition);
    if (isUnknown(via)) {
        return UNKNOWN;
    }
    if (!via) {
        return `${where}: ${describeStatement(s)} lets ${who} use the key (${listing(uses.map((a) => `"${a}"`))}) without a kms:ViaService condition, so whoever IAM allows can encrypt, decrypt or grant with it directly; limit it to the service that uses the key (kms:ViaService), or name that service as the principal.`;
    }
    if (!principals.includes("*")) {
        return undefined;
    }
    const callers = limitedToCallers(s.condition);
    if (isUnknown(callers)) {
        return UNKNOWN;
    }
    if (callers) {
        return undefined;
    }
    return `${where}: ${describeStatement(s)} lets ${who} use the key (${listing(uses.map((a) => `"${a}"`))}) through a service from any AWS account; add a kms:CallerAccount condition naming the account, as AWS's own aws/s3 and aws/ebs key policies do.`;
}

export const kmsKeyUseThroughServices: ResourceValidationPolicy = {
    name: "kms-key-use-through-services",
    description: "Every KMS key has a policy of its own that lets an account's principals use the key only through an AWS service (kms:ViaService).",
    severity: "high",
    remediationSteps:
        "Set the key's policy (components/shared/iam.ts has one per key): an administrators' statement that manages the key without using it (kms:CreateAlias, not kms:Create*, which includes CreateGrant), and users only through the service that uses the key: kms:ViaService (with kms:CallerAccount) on statements naming an AWS principal, or the service's own principal with its encryption context. Keep the administrators' statement: KMS refuses a policy that takes PutKeyPolicy from the principal setting it.",
    configSchema: { properties: {} },
    validateResource: (args, report) => {
        if (args.type !== KEY && args.type !== KEY_POLICY) {
            return;
        }
        const where = `${args.type === KEY ? "KMS key" : "KMS key policy"} ${args.name}`;
        const document = at(args.props, "policy");
        if (isUnknown(document)) {
            cannotJudge(args.notApplicable, [`the policy of ${where}`]);
        }
        const raw = text(document);
        if (args.type === KEY && (document === undefined || document === null || (typeof raw === "string" && raw.trim() === ""))) {
            report(
                `${where} sets no policy, so AWS gives it the default one: kms:* to the account, which lets whoever IAM allows use the key directly and grant its use; set a policy that keeps administrators and users apart (an aws.kms.KeyPolicy for this key is not linked to it here: set the policy on the key).`,
            );
            return;
        }
        const statements = statementsOf(document);
        if (isUnknown(statements)) {
            cannotJudge(args.notApplicable, [`the statements of ${where}`]);
        }
        const unjudged: string[] = [];
        for (const s of statements ?? []) {
            const problem = statementProblem(where, s);
            if (isUnknown(problem)) {
                unjudged.push(`${describeStatement(s)} of ${where}`);
            } else if (problem !== undefined) {
                report(problem);
            }
        }
        if (unjudged.length > 0) {
            cannotJudge(args.notApplicable, unjudged);
        }
    },
};

export const kmsPolicies = [kmsKeyUseThroughServices];
