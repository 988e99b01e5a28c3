import { Plan, PlanResource, Violation } from "./types";
import { replacementPaths } from "./replacement";
import { Risk, risksOf } from "./risks";

/** One input that differs between the base and the head plan: `path` in Pulumi's property-path syntax. */
export interface InputChange {
    path: string;
    /** The base value; absent when the input is new. */
    old?: unknown;
    /** The head value; absent when the input was removed. */
    new?: unknown;
    /** The input forces the provider to replace the resource (see replacement.ts for the sources). */
    replaces: boolean;
}

export interface ChangedResource {
    urn: string;
    type: string;
    name: string;
    /** Whether the resource is replaced rather than updated in place. */
    replace: boolean;
    protect: boolean;
    changes: InputChange[];
}

export interface DiffResource {
    urn: string;
    type: string;
    name: string;
    protect: boolean;
}

/** The change from a base plan to a head plan of the same stack (docs/plan-format.md, "Diff"). */
export interface PlanDiff {
    project: string;
    stack: string;
    environment: string;
    added: DiffResource[];
    removed: DiffResource[];
    changed: ChangedResource[];
    risks: Risk[];
    /** The head plan's policy findings. */
    violations: Violation[];
    summary: { added: number; removed: number; changed: number; replaced: number; unchanged: number; risks: number; mandatory: number; advisory: number };
}

export const MASK = "[secret]";
const STACK_TYPE = "pulumi:pulumi:Stack";
/** Inputs whose values a diff never prints, whatever the plan holds: a hand-made or older base plan may carry them. */
const SECRET_KEY = /password|passphrase|secret|token|private.?key|credential/i;
const SECRET_DATA_TYPES = new Set(["kubernetes:core/v1:Secret"]);

function qualifiedTypes(urn: string): string[] {
    const parts = urn.split("::");
    return parts.length >= 4 ? parts[2].split("$") : [];
}

/**
 * A key that identifies a resource across plans whatever URN format each plan was written with: the
 * types of its ancestors (without the root stack), its own type, and its name. This is what the
 * engine's URN encodes; plans written by the mock runtime keep only part of the chain in the URN,
 * so the chain is rebuilt from the parent links.
 */
export function resourceKeys(resources: PlanResource[]): Map<PlanResource, string> {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const chains = new Map<string, string[]>();
    const chainOf = (urn: string | undefined, seen: Set<string>): string[] => {
        if (!urn) {
            return [];
        }
        const cached = chains.get(urn);
        if (cached) {
            return cached;
        }
        const r = byUrn.get(urn);
        let chain: string[];
        if (r && !seen.has(urn)) {
            seen.add(urn);
            chain = r.type === STACK_TYPE ? [] : [...chainOf(r.parent, seen), r.type];
        } else {
            chain = qualifiedTypes(urn).filter((t) => t !== STACK_TYPE);
        }
        chains.set(urn, chain);
        return chain;
    };
    return new Map(resources.map((r) => [r, `${chainOf(r.urn, new Set()).join("$")}::${r.name}`]));
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}

function equal(a: unknown, b: unknown): boolean {
    if (a === b) {
        return true;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
        return a.length === b.length && a.every((v, i) => equal(v, b[i]));
    }
    if (isPlainObject(a) && isPlainObject(b)) {
        const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
        return [...keys].every((k) => equal(a[k], b[k]));
    }
    return false;
}

/** `spec.config["retention.ms"]`, `volumes[1].size`: dotted where the key is an identifier, quoted otherwise. */
export function joinPath(base: string, key: string | number): string {
    if (typeof key === "number") {
        return `${base}[${key}]`;
    }
    if (/^[A-Za-z_$][\w$]*$/.test(key)) {
        return base === "" ? key : `${base}.${key}`;
    }
    return `${base}[${JSON.stringify(key)}]`;
}

function isScalarArray(v: unknown): boolean {
    return Array.isArray(v) && v.every((x) => x === null || typeof x !== "object");
}

/**
 * Every input path whose value differs. Objects are compared key by key and arrays of objects
 * element by element; an array of scalars (subnet ids, instance types) is one value.
 */
export function inputChanges(oldValue: unknown, newValue: unknown, path = ""): Array<{ path: string; old?: unknown; new?: unknown }> {
    if (equal(oldValue, newValue)) {
        return [];
    }
    if (isPlainObject(oldValue) && isPlainObject(newValue)) {
        const keys = [...new Set([...Object.keys(oldValue), ...Object.keys(newValue)])].sort();
        return keys.flatMap((k) => inputChanges(oldValue[k], newValue[k], joinPath(path, k)));
    }
    if (Array.isArray(oldValue) && Array.isArray(newValue) && !(isScalarArray(oldValue) && isScalarArray(newValue))) {
        const length = Math.max(oldValue.length, newValue.length);
        return Array.from({ length }, (_, i) => inputChanges(oldValue[i], newValue[i], joinPath(path, i))).flat();
    }
    return [{ path, ...(oldValue !== undefined ? { old: oldValue } : {}), ...(newValue !== undefined ? { new: newValue } : {}) }];
}

/** Whether the value at `path` of a resource of `type` must never be printed. */
export function isSecretPath(type: string, path: string): boolean {
    if (SECRET_DATA_TYPES.has(type) && /^(data|stringData)\b/.test(path)) {
        return true;
    }
    return path.split(/[.[\]"]+/).some((segment) => SECRET_KEY.test(segment));
}

/** Replaces every value under a secret key, at any depth, with the mask. */
function masked(value: unknown, type: string, path: string): unknown {
    if (value === undefined) {
        return undefined;
    }
    if (isSecretPath(type, path)) {
        return MASK;
    }
    if (Array.isArray(value)) {
        return value.map((v, i) => masked(v, type, joinPath(path, i)));
    }
    if (isPlainObject(value)) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, masked(v, type, joinPath(path, k))]));
    }
    return value;
}

function diffResource(r: PlanResource): DiffResource {
    return { urn: r.urn, type: r.type, name: r.name, protect: r.protect === true };
}

const byUrn = (a: { urn: string }, b: { urn: string }): number => a.urn.localeCompare(b.urn);

/** Pairs the base and head resources by key and lists what was added, removed and changed, with the risks of it. */
export function diffPlans(base: Plan, head: Plan): PlanDiff {
    const baseKeys = resourceKeys(base.resources);
    const headKeys = resourceKeys(head.resources);
    const baseByKey = new Map([...baseKeys].map(([r, k]) => [k, r]));
    const headByKey = new Map([...headKeys].map(([r, k]) => [k, r]));
    const added: PlanResource[] = [];
    const removed: PlanResource[] = [];
    const pairs: Array<{ before: PlanResource; after: PlanResource }> = [];
    for (const [key, after] of headByKey) {
        const before = baseByKey.get(key);
        if (before) {
            pairs.push({ before, after });
        } else {
            added.push(after);
        }
    }
    for (const [key, before] of baseByKey) {
        if (!headByKey.has(key)) {
            removed.push(before);
        }
    }
    const changed: ChangedResource[] = [];
    for (const { before, after } of pairs) {
        const raw = inputChanges(before.inputs, after.inputs);
        if (raw.length === 0) {
            continue;
        }
        const forcing = replacementPaths(after.type, raw.map((c) => c.path));
        const changes = raw.map((c) => ({
            path: c.path,
            ...("old" in c ? { old: masked(c.old, after.type, c.path) } : {}),
            ...("new" in c ? { new: masked(c.new, after.type, c.path) } : {}),
            replaces: forcing.has(c.path),
        }));
        changed.push({ urn: after.urn, type: after.type, name: after.name, replace: forcing.size > 0, protect: before.protect === true, changes });
    }
    changed.sort(byUrn);
    const risks = risksOf({ added, removed, pairs, changed });
    const violations = head.violations;
    return {
        project: head.project,
        stack: head.stack,
        environment: head.environment,
        added: added.map(diffResource).sort(byUrn),
        removed: removed.map(diffResource).sort(byUrn),
        changed,
        risks,
        violations,
        summary: {
            added: added.length,
            removed: removed.length,
            changed: changed.length,
            replaced: changed.filter((c) => c.replace).length,
            unchanged: pairs.length - changed.length,
            risks: risks.length,
            mandatory: violations.filter((v) => v.enforcementLevel === "mandatory").length,
            advisory: violations.filter((v) => v.enforcementLevel === "advisory").length,
        },
    };
}
