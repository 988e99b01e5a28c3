import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";

export const PROJECT = "kafka-platform";

/** One thing wrong with the stack config: where it is, what was there, and what is allowed. */
export interface ConfigProblem {
    /** Dotted key path below the project namespace, e.g. `cluster.nodeGroups.kafka.minSize`. */
    path: string;
    /** What is wrong and what is allowed; the value that was found is appended by `formatProblem`. */
    message: string;
    /** The value found at `path`, when there was one. */
    value?: unknown;
}

export function keyPath(path: ReadonlyArray<PropertyKey>): string {
    return path.map(String).join(".");
}

export function formatValue(value: unknown): string {
    if (value === undefined) {
        return "nothing";
    }
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export function formatProblem(p: ConfigProblem): string {
    const where = p.path ? `${PROJECT}:${p.path}` : PROJECT;
    return `${where}: ${p.message} (got ${formatValue(p.value)})`;
}

/**
 * A RunError, so the Pulumi CLI prints the message without a stack trace: config mistakes are the
 * user's to fix, not a crash to debug.
 */
export class ConfigError extends pulumi.RunError {
    readonly problems: ConfigProblem[];

    constructor(problems: ConfigProblem[]) {
        const lines = problems.map((p) => `  - ${formatProblem(p)}`);
        const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
        super(`invalid stack config (${count}):\n${lines.join("\n")}`);
        this.name = "ConfigError";
        this.problems = problems;
    }

    static isConfigError(e: unknown): e is ConfigError {
        return e instanceof Error && e.name === "ConfigError" && Array.isArray((e as ConfigError).problems);
    }
}

export function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
    let node: unknown = root;
    for (const key of path) {
        if (node === null || typeof node !== "object") {
            return undefined;
        }
        node = (node as Record<PropertyKey, unknown>)[key as string];
    }
    return node;
}

function editDistance(a: string, b: string): number {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        let diagonal = row[0];
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const above = row[j];
            row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
            diagonal = above;
        }
    }
    return row[b.length];
}

/** The closest candidate, if it is close enough to be a plausible typo. */
export function nearest(word: string, candidates: ReadonlyArray<string>): string | undefined {
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const c of candidates) {
        const d = editDistance(word.toLowerCase(), c.toLowerCase());
        if (d < bestDistance) {
            best = c;
            bestDistance = d;
        }
    }
    const tolerance = Math.max(2, Math.floor(word.length / 3));
    return bestDistance <= tolerance ? best : undefined;
}

type AnySchema = z.core.$ZodType;

/** Walks wrappers (optional, default, pipe...) down to the schema that describes an object's keys. */
function schemaAt(schema: AnySchema, path: ReadonlyArray<PropertyKey>): AnySchema | undefined {
    let node: AnySchema | undefined = schema;
    const unwrap = (s: AnySchema): AnySchema => {
        const def = s._zod.def as unknown as Record<string, unknown>;
        switch (def.type) {
            case "optional":
            case "nullable":
            case "default":
            case "prefault":
            case "readonly":
            case "catch":
                return unwrap(def.innerType as AnySchema);
            case "pipe":
                return unwrap(def.in as AnySchema);
            default:
                return s;
        }
    };
    for (const key of path) {
        if (!node) {
            return undefined;
        }
        const def = unwrap(node)._zod.def as unknown as Record<string, unknown>;
        if (def.type === "object") {
            node = (def.shape as Record<string, AnySchema>)[key as string];
        } else if (def.type === "record") {
            node = def.valueType as AnySchema;
        } else if (def.type === "array") {
            node = def.element as AnySchema;
        } else {
            return undefined;
        }
    }
    return node ? unwrap(node) : undefined;
}

function knownKeys(schema: AnySchema, path: ReadonlyArray<PropertyKey>): string[] {
    const target = schemaAt(schema, path);
    const def = target?._zod.def as unknown as Record<string, unknown> | undefined;
    return def?.type === "object" ? Object.keys(def.shape as object) : [];
}

function describeBound(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig, word: string): string {
    const bound = issue.code === "too_small" ? issue.minimum : issue.maximum;
    const sign = issue.code === "too_small" ? (issue.inclusive ? ">=" : ">") : issue.inclusive ? "<=" : "<";
    switch (issue.origin) {
        case "array":
        case "set":
            if (issue.exact) {
                return `must have exactly ${bound} item(s)`;
            }
            return `must have ${issue.code === "too_small" ? "at least" : "at most"} ${bound} item(s)`;
        case "string":
            return `must be ${issue.code === "too_small" ? "at least" : "at most"} ${bound} character(s) long`;
        default:
            return `must be ${word} ${sign} ${bound}`;
    }
}

/** Turns zod issues into problems that name the key path, the value found and what is allowed. */
export function problemsFromZod(error: z.ZodError, input: unknown, schema: AnySchema): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    for (const issue of error.issues) {
        const path = issue.path;
        const value = valueAt(input, path);
        switch (issue.code) {
            case "unrecognized_keys":
                for (const key of issue.keys) {
                    const allowed = knownKeys(schema, path);
                    const suggestion = nearest(key, allowed);
                    problems.push({
                        path: keyPath([...path, key]),
                        message: suggestion
                            ? `unknown key; did you mean "${suggestion}"?`
                            : `unknown key; allowed keys here: ${allowed.join(", ")}`,
                        value: valueAt(input, [...path, key]),
                    });
                }
                break;
            case "invalid_type":
                problems.push({
                    path: keyPath(path),
                    message: value === undefined ? `is required (${issue.expected})` : `must be ${article(issue.expected)}`,
                    value,
                });
                break;
            case "invalid_value":
                problems.push({
                    path: keyPath(path),
                    message: `must be one of: ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`,
                    value,
                });
                break;
            case "too_small":
            case "too_big":
                problems.push({ path: keyPath(path), message: describeBound(issue, numberWord(schema, path)), value });
                break;
            case "invalid_key":
                // The key is what is wrong here, not the value stored under it.
                problems.push({ path: keyPath(path), message: `is not an allowed key: ${issue.issues.map((i) => i.message).join("; ")}`, value: path[path.length - 1] });
                break;
            default:
                problems.push({ path: keyPath(path), message: issue.message, value });
        }
    }
    return problems;
}

function numberWord(schema: AnySchema, path: ReadonlyArray<PropertyKey>): string {
    const def = schemaAt(schema, path)?._zod.def as unknown as { format?: string } | undefined;
    return def?.format === "safeint" ? "an integer" : "a number";
}

function article(expected: string): string {
    switch (expected) {
        case "int":
            return "an integer";
        case "array":
        case "object":
            return `an ${expected}`;
        default:
            return `a ${expected}`;
    }
}
