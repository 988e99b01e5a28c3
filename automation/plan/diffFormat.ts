import { ChangedResource, DiffResource, InputChange, PlanDiff } from "./diff";
import { groupViolations } from "./format";
import { Risk } from "./risks";
import { Violation } from "./types";

/** Longest value a table or comment prints before cutting it short. */
const MAX_VALUE = 120;

/** A value as a reviewer reads it: JSON, cut short; an absent input as `(absent)`. */
export function showValue(value: unknown): string {
    if (value === undefined) {
        return "(absent)";
    }
    const text = JSON.stringify(value);
    return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

function kindOf(type: string): string {
    return type.split(":").pop() as string;
}

export function label(r: { type: string; name: string }): string {
    return `${kindOf(r.type)} ${r.name}`;
}

function nameOfUrn(urn: string): string {
    return urn.split("::").slice(3).join("::");
}

function typeOfUrn(urn: string): string {
    return (urn.split("::")[2] ?? "").split("$").pop() as string;
}

export function urnLabel(urn: string): string {
    return `${kindOf(typeOfUrn(urn))} ${nameOfUrn(urn)}`;
}

export function diffVerdict(diff: PlanDiff): string {
    const { mandatory, advisory } = diff.summary;
    const counts = `${mandatory} mandatory, ${advisory} advisory violation${mandatory + advisory === 1 ? "" : "s"}`;
    return mandatory > 0 ? `FAIL: ${counts}; fix the mandatory ones before merging` : `PASS: ${counts}`;
}

export function changeCounts(diff: PlanDiff): string {
    const s = diff.summary;
    return `${s.added} added, ${s.removed} removed, ${s.changed} changed (${s.replaced} replaced), ${s.unchanged} unchanged`;
}

function riskCount(diff: PlanDiff): string {
    return `${diff.summary.risks} risk${diff.summary.risks === 1 ? "" : "s"}`;
}

function changeLine(c: InputChange): string {
    return `${c.path}: ${showValue(c.old)} → ${showValue(c.new)}${c.replaces ? "  (forces replacement)" : ""}`;
}

function violationWhere(v: Violation): string {
    return v.urn ? urnLabel(v.urn) : "(stack)";
}

export function renderDiffTable(diff: PlanDiff): string {
    const lines = [`Diff of ${diff.project}/${diff.stack} (environment ${diff.environment}) against the base plan: ${changeCounts(diff)}`, ""];
    lines.push(diff.risks.length === 0 ? "Risks: none" : `Risks (${diff.risks.length})`);
    for (const r of diff.risks) {
        lines.push(`  ${r.severity}  ${r.risk}  ${urnLabel(r.urn)}`, `    ${r.message}`);
    }
    const section = (title: string, rs: DiffResource[], sign: string) => {
        if (rs.length > 0) {
            lines.push("", `${title} (${rs.length})`, ...rs.map((r) => `  ${sign} ${label(r)}  ${r.urn}`));
        }
    };
    section("Added", diff.added, "+");
    section("Removed", diff.removed, "-");
    if (diff.changed.length > 0) {
        lines.push("", `Changed (${diff.changed.length})`);
        for (const c of diff.changed) {
            lines.push(`  ${c.replace ? "+-" : "~"} ${label(c)}${c.replace ? " (replace)" : ""}  ${c.urn}`, ...c.changes.map((ch) => `      ${changeLine(ch)}`));
        }
    }
    const groups = groupViolations(diff.violations);
    lines.push("", groups.length === 0 ? "Violations: none" : "Violations");
    for (const g of groups) {
        lines.push(`  ${g.enforcementLevel} / ${g.severity} (${g.violations.length})`);
        for (const v of g.violations) {
            lines.push(`    [${v.policy}] ${violationWhere(v)}`, `      ${v.message}`);
        }
    }
    lines.push("", diffVerdict(diff));
    return `${lines.join("\n")}\n`;
}

/** Escapes what would end a Markdown table cell or a code span inside one. */
export function mdCell(text: string): string {
    return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function code(text: string): string {
    const fence = text.includes("`") ? "``" : "`";
    const pad = fence.length > 1 ? " " : "";
    return `${fence}${pad}${mdCell(text)}${pad}${fence}`;
}

function riskRows(risks: Risk[]): string[] {
    if (risks.length === 0) {
        return [];
    }
    return [
        "| Severity | Risk | Resource | What happens |",
        "| --- | --- | --- | --- |",
        ...risks.map((r) => `| ${r.severity} | \`${r.risk}\` | ${code(urnLabel(r.urn))} | ${mdCell(r.message)} |`),
        "",
    ];
}

function violationRows(violations: Violation[]): string[] {
    const groups = groupViolations(violations);
    if (groups.length === 0) {
        return [];
    }
    return [
        "| Level | Severity | Policy | Resource | Message |",
        "| --- | --- | --- | --- | --- |",
        ...groups.flatMap((g) => g.violations.map((v) => `| ${g.enforcementLevel} | ${g.severity} | \`${v.policy}\` | ${code(violationWhere(v))} | ${mdCell(v.message)} |`)),
        "",
    ];
}

function changeRows(diff: PlanDiff): string[] {
    const rows: string[] = [];
    const resource = (sign: string, r: DiffResource | ChangedResource) => `${sign} ${code(label(r))}`;
    for (const r of diff.added) {
        rows.push(`| ${resource("+", r)} | | | |`);
    }
    for (const r of diff.removed) {
        rows.push(`| ${resource("-", r)} | | | |`);
    }
    for (const c of diff.changed) {
        c.changes.forEach((ch, i) => {
            const who = i === 0 ? resource(c.replace ? "+-" : "~", c) : "";
            rows.push(`| ${who} | ${code(ch.path)}${ch.replaces ? " (replace)" : ""} | ${code(showValue(ch.old))} | ${code(showValue(ch.new))} |`);
        });
    }
    return rows.length === 0 ? [] : ["| Resource | Input | Before | After |", "| --- | --- | --- | --- |", ...rows, ""];
}

export interface MarkdownOptions {
    /** Leave out the table of changed inputs (to keep a PR comment under GitHub's size limit). */
    withoutChanges?: boolean;
    /** A note under the heading, e.g. that the stack has no base plan. */
    note?: string;
}

/**
 * One stack's diff for a PR comment or job summary: the verdict, the risks, the policy findings,
 * and the changed inputs folded away.
 */
export function renderDiffMarkdown(diff: PlanDiff, options: MarkdownOptions = {}): string {
    const icon = diff.summary.mandatory > 0 ? ":x:" : diff.summary.risks > 0 ? ":warning:" : ":white_check_mark:";
    const lines = [`### ${icon} \`${diff.stack}\` (${diff.environment}): ${riskCount(diff)}; ${changeCounts(diff)}`, "", `**${diffVerdict(diff)}**`, ""];
    if (options.note) {
        lines.push(options.note, "");
    }
    lines.push(...riskRows(diff.risks), ...violationRows(diff.violations));
    const rows = changeRows(diff);
    if (rows.length > 0) {
        if (options.withoutChanges) {
            lines.push("_The changed inputs are left out to keep this comment short; the job summary and the `plan-report` artifact have them._", "");
        } else {
            lines.push(`<details><summary>Changed inputs</summary>`, "", ...rows, "</details>", "");
        }
    }
    return lines.join("\n");
}

export function renderDiffJson(diff: PlanDiff): string {
    return `${JSON.stringify(diff, null, 2)}\n`;
}
