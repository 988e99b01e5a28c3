import {
    EnforcementLevel,
    Policies,
    PolicyConfigSchema,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
    unknownCheckingProxy,
    UnknownValueError,
} from "@pulumi/policy";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import * as fs from "fs";
import * as path from "path";
import { PACK_ENFORCEMENT_LEVEL, PACK_NAME, POLICIES } from "../../policies/catalog";
import { anyValue, plaintextOf, RecordedResource, SECRET_PLACEHOLDER, UNKNOWN_PLACEHOLDER } from "../harness/recorder";
import { NotJudged, Violation } from "../plan/types";
import { CANNOT_JUDGE } from "../../policies/rules/values";
import { PROJECT_ROOT } from "../harness/stackFiles";

/**
 * Runs the policy pack in-process on recorded resources, the way the Pulumi engine and the
 * @pulumi/policy analyzer run it during `pulumi preview --policy-pack policies
 * --policy-pack-config policies/config/<env>.json`: the same args for every resource policy and
 * stack policy, the same config reconciliation (schema defaults, then "all", then each policy's
 * entry), the same enforcement levels, resource policies on the inputs and stack policies on the
 * state the provider reports (the recorded outputs), secrets in plaintext as the analyzer gets them
 * (kept beside the record by the recorder; a plan read from JSON holds only "[secret]", which reads as
 * unknown). Where it differs from the engine: a config that names an unknown policy or property, or
 * breaks a schema, is an error here (the CLI ignores unknown names); propertyDependencies are empty
 * (the recorder keeps one merged dependency list); a rule's "cannot judge" reason is collected into
 * the plan's notJudged list rather than the engine's policy summary. What the plan sees and cannot
 * see is in docs/plan-format.md.
 */

export type { Violation };

/** One entry of a pack config file: an enforcement level, or an object with one and the rule's thresholds. */
export type PolicyConfigEntry = EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>);
/** The JSON of policies/config/<env>.json: policy name (or "all") to its entry. */
export type PackConfig = Record<string, PolicyConfigEntry>;

export interface ResolvedPolicyConfig {
    enforcementLevel: EnforcementLevel;
    /** What `getConfig()` returns: the schema's defaults under the pack config's values. */
    properties: Record<string, unknown>;
}

export interface EvaluateOptions {
    /** The policies to run; the whole pack by default. */
    policies?: Policies;
    /** Level of a policy that neither the config nor the policy sets; the pack's own by default. */
    packEnforcementLevel?: EnforcementLevel;
    stackTags?: Record<string, string>;
    /** Names the config in error messages, e.g. `policies/config/prod.json`. */
    configSource?: string;
    /** Collects each rule's "cannot judge" reason, which the engine reports as not applicable. */
    notJudged?: NotJudged[];
}

const LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];
export const POLICY_CONFIG_DIR = path.join(PROJECT_ROOT, "policies", "config");

/** Every problem of a pack config, one per line, each naming the file, the policy and the key. */
export class PolicyConfigError extends Error {
    readonly problems: string[];

    constructor(source: string, problems: string[]) {
        super(`invalid policy pack config ${source} (${problems.length === 1 ? "1 problem" : `${problems.length} problems`}):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
        this.name = "PolicyConfigError";
        this.problems = problems;
    }
}

function isLevel(value: unknown): value is EnforcementLevel {
    return typeof value === "string" && (LEVELS as readonly string[]).includes(value);
}

function typeName(value: unknown): string {
    if (Array.isArray(value)) {
        return "array";
    }
    if (value === null) {
        return "null";
    }
    if (typeof value === "number") {
        return Number.isInteger(value) ? "integer" : "number";
    }
    return typeof value;
}

type PropertySchema = PolicyConfigSchema["properties"][string];

/** Checks a value against the subset of JSON Schema the pack's config schemas use. */
function schemaProblems(schema: PropertySchema, value: unknown, at: string): string[] {
    const problems: string[] = [];
    const actual = typeName(value);
    if (schema.type !== undefined) {
        const types = Array.isArray(schema.type) ? schema.type : [schema.type];
        const ok = types.some((t) => t === actual || (t === "number" && actual === "integer"));
        if (!ok) {
            return [`${at}: must be ${types.join(" or ")} (got ${JSON.stringify(value)})`];
        }
    }
    if (schema.enum !== undefined && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
        problems.push(`${at}: must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(", ")} (got ${JSON.stringify(value)})`);
    }
    if (typeof value === "number") {
        if (schema.minimum !== undefined && value < schema.minimum) {
            problems.push(`${at}: must be >= ${schema.minimum} (got ${value})`);
        }
        if (schema.maximum !== undefined && value > schema.maximum) {
            problems.push(`${at}: must be <= ${schema.maximum} (got ${value})`);
        }
        if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) {
            problems.push(`${at}: must be > ${schema.exclusiveMinimum} (got ${value})`);
        }
    }
    if (typeof value === "string") {
        if (schema.minLength !== undefined && value.length < schema.minLength) {
            problems.push(`${at}: must have at least ${schema.minLength} characters (got ${JSON.stringify(value)})`);
        }
        if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(value)) {
            problems.push(`${at}: must match ${schema.pattern} (got ${JSON.stringify(value)})`);
        }
    }
    if (Array.isArray(value)) {
        if (schema.minItems !== undefined && value.length < schema.minItems) {
            problems.push(`${at}: must have at least ${schema.minItems} item(s) (got ${JSON.stringify(value)})`);
        }
        if (schema.items !== undefined && typeof schema.items === "object" && !Array.isArray(schema.items)) {
            const itemSchema = schema.items;
            value.forEach((v, i) => problems.push(...schemaProblems(itemSchema, v, `${at}[${i}]`)));
        }
    }
    return problems;
}

/**
 * Reconciles a pack config with the policies as the engine does: each policy starts from its
 * schema defaults and its own level, "all" sets every level, then the policy's own entry wins.
 */
export function resolvePackConfig(config: PackConfig, options: EvaluateOptions = {}): Map<string, ResolvedPolicyConfig> {
    const policies = options.policies ?? POLICIES;
    const packLevel = options.packEnforcementLevel ?? PACK_ENFORCEMENT_LEVEL;
    const source = options.configSource ?? "(given in code)";
    const problems: string[] = [];
    const byName = new Map(policies.map((p) => [p.name, p]));
    for (const name of Object.keys(config)) {
        if (name !== "all" && !byName.has(name)) {
            problems.push(`${name}: no policy of pack ${PACK_NAME} has this name`);
        }
    }
    const all = config.all;
    if (all !== undefined && !isLevel(all)) {
        problems.push(`all: must be one of ${LEVELS.join(", ")} (got ${JSON.stringify(all)})`);
    }
    const resolved = new Map<string, ResolvedPolicyConfig>();
    for (const policy of policies) {
        const properties: Record<string, unknown> = {};
        const schemaProps = policy.configSchema?.properties ?? {};
        for (const [key, prop] of Object.entries(schemaProps)) {
            if (prop.default !== undefined) {
                properties[key] = prop.default;
            }
        }
        let level: EnforcementLevel | undefined = policy.enforcementLevel;
        if (isLevel(all)) {
            level = all;
        }
        const entry = config[policy.name];
        if (typeof entry === "string") {
            if (isLevel(entry)) {
                level = entry;
            } else {
                problems.push(`${policy.name}: must be one of ${LEVELS.join(", ")} or an object (got ${JSON.stringify(entry)})`);
            }
        } else if (entry !== undefined && (entry === null || typeof entry !== "object" || Array.isArray(entry))) {
            problems.push(`${policy.name}: must be an enforcement level or an object (got ${JSON.stringify(entry)})`);
        } else if (entry !== undefined) {
            for (const [key, value] of Object.entries(entry)) {
                if (key === "enforcementLevel") {
                    if (isLevel(value)) {
                        level = value;
                    } else {
                        problems.push(`${policy.name}.enforcementLevel: must be one of ${LEVELS.join(", ")} (got ${JSON.stringify(value)})`);
                    }
                } else if (!(key in schemaProps)) {
                    const known = Object.keys(schemaProps);
                    problems.push(`${policy.name}.${key}: unknown setting; ${known.length > 0 ? `this policy takes ${known.join(", ")}` : "this policy takes no settings"}`);
                } else {
                    properties[key] = value;
                }
            }
        }
        for (const key of policy.configSchema?.required ?? []) {
            if (properties[key] === undefined) {
                problems.push(`${policy.name}.${key}: required`);
            }
        }
        for (const [key, value] of Object.entries(properties)) {
            problems.push(...schemaProblems(schemaProps[key], value, `${policy.name}.${key}`));
        }
        resolved.set(policy.name, { enforcementLevel: level ?? packLevel, properties });
    }
    if (problems.length > 0) {
        throw new PolicyConfigError(source, problems);
    }
    return resolved;
}

/** Reads policies/config/<environment>.json. */
export function loadPackConfig(environment: string, dir: string = POLICY_CONFIG_DIR): PackConfig {
    const file = path.join(dir, `${environment}.json`);
    if (!fs.existsSync(file)) {
        const known = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5)) : [];
        throw new Error(`no policy pack config for environment ${JSON.stringify(environment)}: ${path.relative(PROJECT_ROOT, file)} does not exist (configs: ${known.join(", ") || "none"})`);
    }
    const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as unknown;
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
        throw new PolicyConfigError(path.relative(PROJECT_ROOT, file), ["the file must hold a JSON object of policy name to config"]);
    }
    return parsed as PackConfig;
}

function hasPlaceholder(value: unknown): boolean {
    return anyValue(value, (v) => v === UNKNOWN_PLACEHOLDER || v === SECRET_PLACEHOLDER);
}

/** Puts back the engine's unknown marker where the recorder wrote a placeholder. */
function engineValue(value: unknown): unknown {
    if (value === UNKNOWN_PLACEHOLDER || value === SECRET_PLACEHOLDER) {
        return unknownValue;
    }
    if (Array.isArray(value)) {
        return value.map(engineValue);
    }
    if (value !== null && typeof value === "object") {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) {
            out[k] = engineValue(v);
        }
        return out;
    }
    return value;
}

class NotApplicable extends Error {
    constructor(readonly reason?: string) {
        super(reason);
    }
}

function notApplicable(reason?: string): never {
    throw new NotApplicable(reason);
}

type ResourceClass = { __pulumiType?: string; isInstance?: (o: unknown) => boolean };

function typeCheck(type: string) {
    return (resourceClass: unknown) => (resourceClass as ResourceClass).__pulumiType === type;
}

interface Prepared {
    recorded: RecordedResource;
    /** What resource policies read: the inputs. */
    props: Record<string, unknown>;
    /** What stack policies read: the state the provider reports (the engine's AnalyzeStack gets outputs). */
    state: Record<string, unknown>;
    opts: PolicyResourceOptions;
}

/**
 * The props a policy reads. The engine's unknown-checking proxy only ever acts on unknown markers,
 * so inputs without any are handed over as recorded, which keeps a 10,000-topic plan fast; policies
 * read props and never write them.
 */
function forPolicies(values: Record<string, unknown>): Record<string, unknown> {
    return hasPlaceholder(values) ? (unknownCheckingProxy(engineValue(values)) as Record<string, unknown>) : values;
}

function prepare(r: RecordedResource): Prepared {
    const plain = plaintextOf(r);
    const props = forPolicies(plain.inputs);
    return {
        recorded: r,
        props,
        state: plain.outputs ? forPolicies(plain.outputs) : props,
        opts: {
            protect: r.protect,
            ignoreChanges: r.ignoreChanges,
            deleteBeforeReplace: r.deleteBeforeReplace,
            aliases: [],
            customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
            additionalSecretOutputs: [],
            ...(r.parent ? { parent: r.parent } : {}),
        },
    };
}

/** The provider resource a `urn::id` reference names, when the run recorded it. */
function providerOf(r: RecordedResource, byUrn: Map<string, Prepared>) {
    if (!r.provider) {
        return undefined;
    }
    const urn = r.provider.slice(0, r.provider.lastIndexOf("::"));
    const p = byUrn.get(urn);
    return p ? { type: p.recorded.type, props: p.props, urn, name: p.recorded.name } : undefined;
}

function isResourcePolicy(p: ResourceValidationPolicy | StackValidationPolicy): p is ResourceValidationPolicy {
    return "validateResource" in p && p.validateResource !== undefined;
}

function isStackPolicy(p: ResourceValidationPolicy | StackValidationPolicy): p is StackValidationPolicy {
    return "validateStack" in p && typeof p.validateStack === "function";
}

/** What the engine reports when a policy read a value unknown during preview. */
function unknownDuringPreview(policy: string, e: UnknownValueError): string {
    return `can't run policy '${policy}' during preview: ${e.message}`;
}

/**
 * Evaluates every resource policy on every resource and every stack policy on the whole set, with
 * the given pack config. Returns the violations in the engine's order: resource by resource, then
 * the stack policies. A rule that throws anything but "not applicable" or an unknown-value error
 * fails the evaluation, as it fails `pulumi preview`.
 */
export async function evaluatePolicies(resources: RecordedResource[], config: PackConfig, options: EvaluateOptions = {}): Promise<Violation[]> {
    const policies = options.policies ?? POLICIES;
    const resolved = resolvePackConfig(config, options);
    const stackTags: ReadonlyMap<string, string> = new Map(Object.entries(options.stackTags ?? {}));
    const active = policies.filter((p) => resolved.get(p.name)?.enforcementLevel !== "disabled");
    for (const p of active) {
        if (!p.severity) {
            throw new Error(`policy ${p.name} has no severity`);
        }
    }
    const levelOf = (name: string): Violation["enforcementLevel"] => (resolved.get(name)?.enforcementLevel === "advisory" ? "advisory" : "mandatory");
    const getConfigOf = (name: string) => () => ({ ...resolved.get(name)?.properties }) as never;
    const violations: Violation[] = [];
    const violation = (p: { name: string; severity?: Violation["severity"] }, message: string, urn: string | undefined, level = levelOf(p.name)) => {
        violations.push({ policy: p.name, enforcementLevel: level, severity: p.severity as Violation["severity"], ...(urn ? { urn } : {}), message });
    };

    const prepared = resources.map(prepare);
    const byUrn = new Map(prepared.map((p) => [p.recorded.urn, p]));

    // Built once per policy, not per resource: a 10,000-topic plan runs each rule on every resource.
    let current: RecordedResource | undefined;
    const resourcePolicies = active.filter(isResourcePolicy).map((policy) => ({
        policy,
        validations: Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource!],
        getConfig: getConfigOf(policy.name),
        report: (message: string) => violation(policy, message, current!.urn),
    }));
    for (const p of prepared) {
        const r = p.recorded;
        current = r;
        const provider = providerOf(r, byUrn);
        const isType = typeCheck(r.type);
        const asType = ((cls: unknown) => (isType(cls) ? p.props : undefined)) as ResourceValidationArgs["asType"];
        for (const { policy, validations, getConfig, report } of resourcePolicies) {
            const args: ResourceValidationArgs = {
                type: r.type,
                props: p.props,
                urn: r.urn,
                name: r.name,
                opts: p.opts,
                ...(provider ? { provider } : {}),
                stackTags,
                isType,
                asType,
                getConfig,
                notApplicable,
            };
            for (const validate of validations) {
                try {
                    const pending = validate(args, report);
                    if (pending !== undefined) {
                        await pending;
                    }
                } catch (e) {
                    if (e instanceof NotApplicable) {
                        if (e.reason?.startsWith(CANNOT_JUDGE)) {
                            options.notJudged?.push({ policy: policy.name, urn: r.urn, reason: e.reason });
                        }
                        continue;
                    }
                    if (e instanceof UnknownValueError) {
                        violation(policy, unknownDuringPreview(policy.name, e), r.urn, "advisory");
                        continue;
                    }
                    throw new Error(`policy ${policy.name} failed on ${r.urn}: ${e instanceof Error ? e.message : String(e)}`);
                }
            }
        }
    }

    const stackPolicies = active.filter(isStackPolicy);
    if (stackPolicies.length > 0) {
        const stackResources = new Map<string, PolicyResource>();
        for (const p of prepared) {
            const r = p.recorded;
            const isType = typeCheck(r.type);
            const provider = providerOf(r, byUrn);
            stackResources.set(r.urn, {
                type: r.type,
                props: p.state,
                urn: r.urn,
                name: r.name,
                opts: p.opts,
                ...(provider ? { provider } : {}),
                dependencies: [],
                propertyDependencies: {},
                isType,
                asType: ((cls: unknown) => (isType(cls) ? p.state : undefined)) as PolicyResource["asType"],
            });
        }
        for (const r of resources) {
            const pr = stackResources.get(r.urn)!;
            const parent = r.parent ? stackResources.get(r.parent) : undefined;
            if (parent) {
                pr.parent = parent;
            }
            pr.dependencies = r.dependencies.map((d) => stackResources.get(d)).filter((d): d is PolicyResource => d !== undefined);
        }
        const list = [...stackResources.values()];
        for (const policy of stackPolicies) {
            const args: StackValidationArgs = { resources: list, stackTags, getConfig: getConfigOf(policy.name), notApplicable };
            try {
                await policy.validateStack(args, (message, urn) => violation(policy, message, urn));
            } catch (e) {
                if (e instanceof NotApplicable) {
                    if (e.reason?.startsWith(CANNOT_JUDGE)) {
                        options.notJudged?.push({ policy: policy.name, reason: e.reason });
                    }
                    continue;
                }
                if (e instanceof UnknownValueError) {
                    violation(policy, unknownDuringPreview(policy.name, e), undefined, "advisory");
                    continue;
                }
                throw new Error(`policy ${policy.name} failed on the stack: ${e instanceof Error ? e.message : String(e)}`);
            }
        }
    }
    return violations;
}

/** The plan's evaluator: the whole pack with policies/config/<environment>.json. */
export async function evaluateForEnvironment(resources: RecordedResource[], environment: string, notJudged?: NotJudged[]): Promise<Violation[]> {
    const config = loadPackConfig(environment);
    return evaluatePolicies(resources, config, { configSource: path.join("policies", "config", `${environment}.json`), notJudged });
}
