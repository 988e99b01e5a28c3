import { PolicyConfigSchema, UnknownValueError } from "@pulumi/policy";

/**
 * Reading resource properties safely during a preview. The engine hands policies a proxy that throws
 * when a rule touches a value that is unknown until the update (an output of a resource not created
 * yet). A rule that let that escape would be reported as "can't run during preview" and skip every
 * other check it makes, so rules read through `at`, which turns such a value into UNKNOWN: the check
 * that needs it is skipped ("cannot judge"), the others still run, and `pulumi up` judges it again
 * with the real value: a resource rule before the resource is created, a stack rule after the update.
 */
export const UNKNOWN: unique symbol = Symbol("unknown until the update");
export type Unknown = typeof UNKNOWN;

/** Matches the policy SDK's error even when the pack and its host load different copies of the SDK. */
export function isUnknownValueError(e: unknown): boolean {
    return e instanceof UnknownValueError || (e instanceof Error && "unknownTypeSentinel" in e && Array.isArray((e as { props?: unknown }).props));
}

/** `root[path[0]][path[1]]…`: undefined where something on the way is missing, UNKNOWN where it is unknown. */
export function at(root: unknown, ...path: readonly PropertyKey[]): unknown {
    let node = root;
    for (const key of path) {
        if (node === UNKNOWN) {
            return UNKNOWN;
        }
        if (node === null || typeof node !== "object") {
            return undefined;
        }
        try {
            node = (node as Record<PropertyKey, unknown>)[key];
        } catch (e) {
            if (isUnknownValueError(e)) {
                return UNKNOWN;
            }
            throw e;
        }
    }
    return node;
}

/** The elements of an array (each possibly UNKNOWN); [] for anything that is not an array. */
export function items(value: unknown): unknown[] | Unknown {
    if (value === UNKNOWN) {
        return UNKNOWN;
    }
    if (!Array.isArray(value)) {
        return [];
    }
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) {
        out.push(at(value, i));
    }
    return out;
}

/** The entries of an object (values possibly UNKNOWN); [] for anything that is not a plain object. */
export function entries(value: unknown): [string, unknown][] | Unknown {
    if (value === UNKNOWN) {
        return UNKNOWN;
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
        return [];
    }
    return Object.keys(value).map((k) => [k, at(value, k)]);
}

/** How every rule's "cannot judge" reason starts, so hosts can list what a preview left unjudged. */
export const CANNOT_JUDGE = "cannot judge during preview";

/**
 * What a rule does with a guarded setting it cannot read: it reports what it could judge, then
 * declares itself not applicable with the reason, which the engine shows in the policy summary and
 * the plan lists under `notJudged`. It is never a silent pass: `pulumi up` runs the pack again with
 * the value known, before the resource is created or changed (a resource rule; see cannotJudgeStack).
 */
export function cannotJudge(notApplicable: (reason?: string) => never, what: string[]): never {
    return notApplicable(`${CANNOT_JUDGE}: ${listing(what)} ${what.length === 1 ? "is" : "are"} unknown until the update; pulumi up judges ${what.length === 1 ? "it" : "them"} before applying`);
}

/**
 * `cannotJudge` for a stack rule, which the engine runs on the stack's state only once every step of
 * the update has been applied (pulumi/pulumi pkg/resource/deploy/deployment_executor.go, Execute:
 * AnalyzeResources after the step executor finished). `pulumi up` judges the value then: a violation
 * fails the update with the change already made, so the reason must not promise "before applying".
 */
export function cannotJudgeStack(notApplicable: (reason?: string) => never, what: string[]): never {
    return notApplicable(`${CANNOT_JUDGE}: ${listing(what)} ${what.length === 1 ? "is" : "are"} unknown until the update; pulumi up judges ${what.length === 1 ? "it" : "them"} only after applying the update`);
}

export function isUnknown(value: unknown): value is Unknown {
    return value === UNKNOWN;
}

/** A string value, UNKNOWN, or undefined for anything else. */
export function text(value: unknown): string | Unknown | undefined {
    return value === UNKNOWN ? UNKNOWN : typeof value === "string" ? value : undefined;
}

/**
 * An integer written as a number or a decimal string (Kafka configs take both); NaN for anything
 * else that is present, undefined when absent.
 */
export function integer(value: unknown): number | Unknown | undefined {
    if (value === UNKNOWN || value === undefined || value === null) {
        return value === UNKNOWN ? UNKNOWN : undefined;
    }
    if (typeof value === "number") {
        return Number.isInteger(value) ? value : NaN;
    }
    if (typeof value === "string" && /^-?\d+$/.test(value.trim())) {
        return Number(value.trim());
    }
    return NaN;
}

/** A boolean written as a boolean or "true"/"false" (Kafka configs and CSI parameters take both). */
export function flag(value: unknown): boolean | Unknown | undefined {
    if (value === UNKNOWN) {
        return UNKNOWN;
    }
    if (typeof value === "boolean") {
        return value;
    }
    if (typeof value === "string" && /^(true|false)$/i.test(value.trim())) {
        return value.trim().toLowerCase() === "true";
    }
    return undefined;
}

const BINARY_SUFFIXES: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL_SUFFIXES: Record<string, number> = { "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** Bytes in a Kubernetes quantity such as `100Gi`, `500G` or `1e12`; NaN when it is not one. */
export function quantityBytes(value: string): number {
    const m = /^([+]?(?:\d+(?:\.\d*)?|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?)$/.exec(value.trim());
    if (!m) {
        return NaN;
    }
    const base = Number(m[1]);
    if (m[2]) {
        return base * 10 ** Number(m[2].slice(1));
    }
    const suffix = m[3] ?? "";
    return base * (BINARY_SUFFIXES[suffix] ?? DECIMAL_SUFFIXES[suffix]);
}

const GIB = 2 ** 30;

/** Bytes as GiB (or TiB from 1 TiB up), rounded for messages. */
export function formatBytes(bytes: number): string {
    if (bytes >= 1024 * GIB) {
        return `${round(bytes / (1024 * GIB))} TiB`;
    }
    return `${round(bytes / GIB)} GiB`;
}

function round(n: number): string {
    return String(Math.round(n * 100) / 100);
}

export function gibToBytes(gib: number): number {
    return gib * GIB;
}

/**
 * The policy's thresholds: its schema's defaults under what the engine passes. The engine already
 * fills in the defaults; applying them here too keeps a rule well-defined under any host.
 */
export function settings<T extends object>(schema: PolicyConfigSchema, given: object): T {
    let defaults = schemaDefaults.get(schema);
    if (!defaults) {
        defaults = {};
        for (const [key, prop] of Object.entries(schema.properties)) {
            if (prop.default !== undefined) {
                defaults[key] = prop.default;
            }
        }
        schemaDefaults.set(schema, defaults);
    }
    return { ...defaults, ...given } as T;
}

const schemaDefaults = new WeakMap<PolicyConfigSchema, Record<string, unknown>>();

/** "a, b and c", or "a, b or c" for alternatives. */
export function listing(words: readonly string[], conjunction: "and" | "or" = "and"): string {
    return words.length <= 1 ? words.join("") : `${words.slice(0, -1).join(", ")} ${conjunction} ${words[words.length - 1]}`;
}
