import { at, isUnknown, items, Unknown, UNKNOWN } from "./values";

/**
 * IAM and S3 bucket policy documents as the rules read them. A document arrives as a JSON string
 * or, when the program passed an object, as that object; a string that is not JSON is left to
 * AWS, which rejects it.
 */
export interface Statement {
    index: number;
    sid?: string;
    effect: unknown;
    principal: unknown;
    notPrincipal: unknown;
    action: unknown;
    notAction: unknown;
    resource: unknown;
    condition: unknown;
}

export function statementsOf(document: unknown): Statement[] | Unknown | undefined {
    if (isUnknown(document)) {
        return UNKNOWN;
    }
    let doc = document;
    if (typeof document === "string") {
        try {
            doc = JSON.parse(document) as unknown;
        } catch {
            return undefined;
        }
    }
    if (doc === null || typeof doc !== "object") {
        return undefined;
    }
    const raw = at(doc, "Statement");
    const list = Array.isArray(raw) || isUnknown(raw) ? items(raw) : raw === undefined ? [] : [raw];
    if (isUnknown(list)) {
        return UNKNOWN;
    }
    return list.map((s, index) => {
        const sid = at(s, "Sid");
        return {
            index,
            sid: typeof sid === "string" ? sid : undefined,
            effect: at(s, "Effect"),
            principal: at(s, "Principal"),
            notPrincipal: at(s, "NotPrincipal"),
            action: at(s, "Action"),
            notAction: at(s, "NotAction"),
            resource: at(s, "Resource"),
            condition: at(s, "Condition"),
        };
    });
}

/** A string-or-list field (Action, Resource, …) as a list; UNKNOWN if any of it is unknown. */
export function stringList(value: unknown): string[] | Unknown {
    if (isUnknown(value)) {
        return UNKNOWN;
    }
    if (value === undefined || value === null) {
        return [];
    }
    const list = Array.isArray(value) ? items(value) : [value];
    if (isUnknown(list) || list.some(isUnknown)) {
        return UNKNOWN;
    }
    return list.filter((v): v is string => typeof v === "string");
}

/** Whether an IAM wildcard pattern (`*`, `?`, case-insensitive) matches the text, `*` in the text taken literally. */
export function iamPatternMatches(pattern: string, textToMatch: string): boolean {
    const regex = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    return new RegExp(`^${regex}$`, "i").test(textToMatch);
}

export function describeStatement(s: Statement): string {
    return `statement ${s.index}${s.sid ? ` (${s.sid})` : ""}`;
}
