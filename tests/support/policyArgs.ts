import {
    PolicyResource,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
    unknownCheckingProxy,
} from "@pulumi/policy";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";

/**
 * Hand-built ResourceValidationArgs and StackValidationArgs, shaped as the @pulumi/policy analyzer
 * builds them: props behind the SDK's unknown-checking proxy, getConfig returning the policy's
 * schema defaults under the given config, notApplicable throwing.
 */

/** Put this anywhere in hand-built props for a value the engine cannot know during a preview. */
export const UNKNOWN_INPUT = unknownValue;

export const TEST_STACK = "test";
export const TEST_PROJECT = "kafka-platform";

export function testUrn(type: string, name: string, parentType?: string): string {
    return `urn:pulumi:${TEST_STACK}::${TEST_PROJECT}::${parentType ? `${parentType}$` : ""}${type}::${name}`;
}

class NotApplicableSignal extends Error {
    constructor(readonly reason: string | undefined) {
        super(reason);
    }
}

function notApplicable(reason?: string): never {
    throw new NotApplicableSignal(reason);
}

function schemaDefaults(policy: { configSchema?: { properties: Record<string, { default?: unknown }> } }): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, prop] of Object.entries(policy.configSchema?.properties ?? {})) {
        if (prop.default !== undefined) {
            out[key] = prop.default;
        }
    }
    return out;
}

function isType(type: string) {
    return (cls: unknown) => (cls as { __pulumiType?: string }).__pulumiType === type;
}

export interface ResourceOptions {
    name?: string;
    urn?: string;
    /** URN of the parent resource (opts.parent). */
    parent?: string;
    /** Thresholds, as a pack config entry would give them (without enforcementLevel). */
    config?: Record<string, unknown>;
    protect?: boolean;
}

export function resourceArgs(policy: ResourceValidationPolicy, type: string, props: Record<string, unknown>, options: ResourceOptions = {}): ResourceValidationArgs {
    const name = options.name ?? "test";
    const proxied = unknownCheckingProxy(props) as Record<string, unknown>;
    return {
        type,
        props: proxied,
        urn: options.urn ?? testUrn(type, name),
        name,
        opts: {
            protect: options.protect ?? false,
            ignoreChanges: [],
            aliases: [],
            customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
            additionalSecretOutputs: [],
            ...(options.parent ? { parent: options.parent } : {}),
        },
        stackTags: new Map(),
        isType: isType(type),
        asType: ((cls: unknown) => (isType(type)(cls) ? proxied : undefined)) as ResourceValidationArgs["asType"],
        getConfig: () => ({ ...schemaDefaults(policy), ...options.config }) as never,
        notApplicable,
    };
}

export interface Outcome {
    messages: string[];
    /** The reason given when the policy declared itself not applicable. */
    notApplicable?: string;
}

export async function validateResource(policy: ResourceValidationPolicy, type: string, props: Record<string, unknown>, options: ResourceOptions = {}): Promise<Outcome> {
    const messages: string[] = [];
    const args = resourceArgs(policy, type, props, options);
    const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource!];
    try {
        for (const validate of validations) {
            await validate(args, (message) => messages.push(message));
        }
    } catch (e) {
        if (e instanceof NotApplicableSignal) {
            return { messages, notApplicable: e.reason };
        }
        throw e;
    }
    return { messages };
}

/** The messages a resource policy reports for one resource. */
export async function resourceMessages(policy: ResourceValidationPolicy, type: string, props: Record<string, unknown>, options: ResourceOptions = {}): Promise<string[]> {
    return (await validateResource(policy, type, props, options)).messages;
}

/** A resource of a hand-built stack; parent and dependencies name other resources of the same stack. */
export interface StackResource {
    type: string;
    name: string;
    props: Record<string, unknown>;
    parent?: string;
    dependsOn?: string[];
    propertyDependencies?: Record<string, string[]>;
    /** The type of the provider that manages it (`pulumi:providers:kubernetes`); components have none. */
    provider?: string;
}

export function stackArgs(policy: StackValidationPolicy, resources: StackResource[], config: Record<string, unknown> = {}): StackValidationArgs {
    const built = new Map<string, PolicyResource>();
    for (const r of resources) {
        if (built.has(r.name)) {
            throw new Error(`two resources named ${r.name} in a hand-built stack`);
        }
        const proxied = unknownCheckingProxy(r.props) as Record<string, unknown>;
        built.set(r.name, {
            type: r.type,
            props: proxied,
            urn: testUrn(r.type, r.name),
            name: r.name,
            opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
            dependencies: [],
            propertyDependencies: {},
            ...(r.provider ? { provider: { type: r.provider, props: {}, urn: testUrn(r.provider, "provider"), name: "provider" } } : {}),
            isType: isType(r.type),
            asType: ((cls: unknown) => (isType(r.type)(cls) ? proxied : undefined)) as PolicyResource["asType"],
        });
    }
    const lookup = (name: string) => {
        const found = built.get(name);
        if (!found) {
            throw new Error(`no resource named ${name} in the hand-built stack`);
        }
        return found;
    };
    for (const r of resources) {
        const pr = built.get(r.name)!;
        if (r.parent) {
            pr.parent = lookup(r.parent);
            pr.opts.parent = pr.parent.urn;
        }
        pr.dependencies = (r.dependsOn ?? []).map(lookup);
        pr.propertyDependencies = Object.fromEntries(Object.entries(r.propertyDependencies ?? {}).map(([k, names]) => [k, names.map(lookup)]));
    }
    return {
        resources: [...built.values()],
        stackTags: new Map(),
        getConfig: () => ({ ...schemaDefaults(policy), ...config }) as never,
        notApplicable,
    };
}

export interface StackFinding {
    /** Name of the resource the finding is reported on; undefined for the stack as a whole. */
    resource?: string;
    message: string;
}

/** The findings a stack policy reports for a hand-built stack, each tied to the resource's name. */
export async function stackFindings(policy: StackValidationPolicy, resources: StackResource[], config: Record<string, unknown> = {}): Promise<StackFinding[]> {
    const args = stackArgs(policy, resources, config);
    const nameOf = new Map(args.resources.map((r) => [r.urn, r.name]));
    const findings: StackFinding[] = [];
    await policy.validateStack(args, (message, urn) => {
        if (urn !== undefined && !nameOf.has(urn)) {
            throw new Error(`${policy.name} reported on ${urn}, which is not in the stack`);
        }
        findings.push({ ...(urn ? { resource: nameOf.get(urn) } : {}), message });
    });
    return findings;
}

/** A stack policy's findings and, when it declared itself not applicable (e.g. "cannot judge"), its reason. */
export async function stackOutcome(policy: StackValidationPolicy, resources: StackResource[], config: Record<string, unknown> = {}): Promise<{ findings: StackFinding[]; notApplicable?: string }> {
    const args = stackArgs(policy, resources, config);
    const nameOf = new Map(args.resources.map((r) => [r.urn, r.name]));
    const findings: StackFinding[] = [];
    try {
        await policy.validateStack(args, (message, urn) => findings.push({ ...(urn ? { resource: nameOf.get(urn) } : {}), message }));
    } catch (e) {
        if (e instanceof NotApplicableSignal) {
            return { findings, notApplicable: e.reason };
        }
        throw e;
    }
    return { findings };
}

/** The exact reason a rule gives when one guarded setting is unknown during a preview (`cannotJudge`). */
export function unknownReason(what: string): string {
    return `cannot judge during preview: ${what} is unknown until the update; pulumi up judges it before applying`;
}

/** The same for a stack rule, which `pulumi up` runs only after applying the update (`cannotJudgeStack`). */
export function unknownStackReason(what: string): string {
    return `cannot judge during preview: ${what} is unknown until the update; pulumi up judges it only after applying the update`;
}
