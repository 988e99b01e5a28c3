import { celEnv, isCelError, parse, plan } from "@bufbuild/cel";
import { ValidatingAdmissionPolicy } from "../../components/teams/admission";

/**
 * Evaluates a ValidatingAdmissionPolicy the way the API server does (k8s.io/apiserver
 * plugin/policy/validating: matchConstraints, then every matchCondition, then `variables` in order,
 * then every validation), with a real CEL implementation: @bufbuild/cel 0.6.1 with only CEL's
 * standard library, which holds every function the policies use (has, all, exists, in, size, int,
 * string, startsWith); Kubernetes' CEL environment has the same standard library, so an expression
 * that evaluates here uses nothing Kubernetes lacks.
 *
 * Values are passed as the API server sees them: JSON objects as maps, integers as CEL ints
 * (bigint), other numbers as doubles.
 */

export interface AdmissionRequest {
    operation: "CREATE" | "UPDATE" | "DELETE";
    resource: string;
    groups: string[];
    object: unknown;
    oldObject?: unknown;
}

export interface Verdict {
    /** False when the policy does not apply to the request (its constraints or conditions do not match). */
    matched: boolean;
    /** The messages of the validations that failed (an evaluation error is reported as "error: ..."). */
    denied: string[];
}

const env = celEnv();
const plans = new Map<string, ReturnType<typeof plan>>();

/** Converts JSON to CEL input: objects become maps, integers ints. */
export function toCel(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(toCel);
    if (value !== null && typeof value === "object") return new Map(Object.entries(value).map(([k, v]) => [k, toCel(v)]));
    if (typeof value === "number" && Number.isInteger(value)) return BigInt(value);
    return value ?? null;
}

/** Evaluates one expression; throws on a parse or evaluation error. */
export function evaluate(expression: string, bindings: Record<string, unknown>): unknown {
    let compiled = plans.get(expression);
    if (compiled === undefined) {
        compiled = plan(env, parse(expression));
        plans.set(expression, compiled);
    }
    const result = (compiled as (ctx: Record<string, unknown>) => unknown)(bindings);
    if (isCelError(result)) {
        throw new Error(`${result.message} in ${expression}`);
    }
    return result;
}

function matches(policy: ValidatingAdmissionPolicy, request: AdmissionRequest): boolean {
    return policy.spec.matchConstraints.resourceRules.some((r) => r.resources.includes(request.resource) && r.operations.includes(request.operation));
}

export function admit(policy: ValidatingAdmissionPolicy, request: AdmissionRequest): Verdict {
    if (!matches(policy, request)) {
        return { matched: false, denied: [] };
    }
    const object = request.operation === "DELETE" ? null : toCel(request.object);
    const oldObject = request.operation === "CREATE" ? null : toCel(request.oldObject ?? request.object);
    const bindings: Record<string, unknown> = {
        object,
        oldObject,
        request: toCel({ operation: request.operation, userInfo: { username: "team-deployer", groups: request.groups } }),
    };
    if (!policy.spec.matchConditions.every((c) => evaluate(c.expression, bindings) === true)) {
        return { matched: false, denied: [] };
    }
    const variables = new Map<string, unknown>();
    bindings.variables = variables;
    for (const v of policy.spec.variables) {
        variables.set(v.name, evaluate(v.expression, bindings));
    }
    const denied: string[] = [];
    for (const v of policy.spec.validations) {
        try {
            if (evaluate(v.expression, bindings) !== true) denied.push(v.message);
        } catch (e) {
            denied.push(`error: ${(e as Error).message}`);
        }
    }
    return { matched: true, denied };
}

/** The verdict of every policy that matches, as the API server combines them: denied when any denies. */
export function admitAll(policies: ValidatingAdmissionPolicy[], request: AdmissionRequest): Verdict {
    const verdicts = policies.map((p) => admit(p, request));
    return { matched: verdicts.some((v) => v.matched), denied: verdicts.flatMap((v) => v.denied) };
}
