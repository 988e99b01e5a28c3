import { createHash } from "crypto";
import { resourceKeys } from "./diff";
import { StackFileMap } from "./sourceMap";
import { EnforcementLevel, Plan, PlanResource, Severity, Violation } from "./types";

export const FORMATS = ["table", "json", "markdown", "sarif"] as const;
export type Format = (typeof FORMATS)[number];

const SEVERITY_ORDER: Severity[] = ["critical", "high", "medium", "low"];
const LEVEL_ORDER: EnforcementLevel[] = ["mandatory", "advisory"];
const COMPONENT_PREFIX = "kafka-platform:";

function typeOfUrn(urn: string): string {
    return urn.split("::")[2].split("$").pop() as string;
}

function nameOfUrn(urn: string): string {
    return urn.split("::").slice(3).join("::");
}

/** The nearest enclosing kafka-platform component, e.g. `cluster (EksCluster)`, or `(stack)`. */
export function componentOf(resource: PlanResource, byUrn: Map<string, PlanResource>): string {
    let urn: string | undefined = resource.type.startsWith(COMPONENT_PREFIX) ? resource.urn : resource.parent;
    while (urn) {
        const type = typeOfUrn(urn);
        if (type.startsWith(COMPONENT_PREFIX)) {
            return `${nameOfUrn(urn)} (${type.split(":").pop()})`;
        }
        urn = byUrn.get(urn)?.parent;
    }
    return "(stack)";
}

export interface ResourceGroup {
    component: string;
    type: string;
    count: number;
}

export function groupResources(resources: PlanResource[]): ResourceGroup[] {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const counts = new Map<string, ResourceGroup>();
    for (const r of resources) {
        const component = componentOf(r, byUrn);
        const key = `${component}\u0000${r.type}`;
        const group = counts.get(key) ?? { component, type: r.type, count: 0 };
        group.count++;
        counts.set(key, group);
    }
    return [...counts.values()].sort((a, b) => a.component.localeCompare(b.component) || a.type.localeCompare(b.type));
}

export interface ViolationGroup {
    enforcementLevel: EnforcementLevel;
    severity: Severity;
    violations: Violation[];
}

export function groupViolations(violations: Violation[]): ViolationGroup[] {
    const groups: ViolationGroup[] = [];
    for (const enforcementLevel of LEVEL_ORDER) {
        for (const severity of SEVERITY_ORDER) {
            const matching = violations
                .filter((v) => v.enforcementLevel === enforcementLevel && v.severity === severity)
                .sort((a, b) => a.policy.localeCompare(b.policy) || (a.urn ?? "").localeCompare(b.urn ?? ""));
            if (matching.length > 0) {
                groups.push({ enforcementLevel, severity, violations: matching });
            }
        }
    }
    return groups;
}

export function verdict(plan: Plan): string {
    const { mandatory, advisory } = plan.summary;
    const counts = `${mandatory} mandatory, ${advisory} advisory violation${mandatory + advisory === 1 ? "" : "s"}`;
    return mandatory > 0 ? `FAIL: ${counts}; fix the mandatory ones before merging` : `PASS: ${counts}`;
}

function where(v: Violation): string {
    return v.urn ? `${typeOfUrn(v.urn)} ${nameOfUrn(v.urn)}` : "(stack)";
}

function pad(rows: string[][]): string[] {
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join("  ").trimEnd());
}

export function renderTable(plan: Plan): string {
    const lines = [`Plan for ${plan.project}/${plan.stack} (environment ${plan.environment}): ${plan.summary.resources} resources`, "", "Resources"];
    const rows = [["COMPONENT", "TYPE", "COUNT"], ...groupResources(plan.resources).map((g) => [g.component, g.type, String(g.count)])];
    lines.push(...pad(rows).map((l) => `  ${l}`), "");
    const groups = groupViolations(plan.violations);
    lines.push(groups.length === 0 ? "Violations: none" : "Violations");
    for (const g of groups) {
        lines.push(`  ${g.enforcementLevel} / ${g.severity} (${g.violations.length})`);
        for (const v of g.violations) {
            lines.push(`    [${v.policy}] ${where(v)}`, `      ${v.message}`);
        }
    }
    lines.push("", verdict(plan));
    return `${lines.join("\n")}\n`;
}

function mdCell(text: string): string {
    return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

export function renderMarkdown(plan: Plan): string {
    const icon = plan.summary.mandatory > 0 ? ":x:" : ":white_check_mark:";
    const lines = [
        `### ${icon} Plan for \`${plan.stack}\` (${plan.environment})`,
        "",
        `**${verdict(plan)}** — ${plan.summary.resources} resources`,
        "",
    ];
    const groups = groupViolations(plan.violations);
    if (groups.length > 0) {
        lines.push("| Level | Severity | Policy | Resource | Message |", "| --- | --- | --- | --- | --- |");
        for (const g of groups) {
            for (const v of g.violations) {
                lines.push(`| ${g.enforcementLevel} | ${g.severity} | \`${v.policy}\` | ${mdCell(where(v))} | ${mdCell(v.message)} |`);
            }
        }
        lines.push("");
    }
    lines.push("<details><summary>Resources by component and type</summary>", "", "| Component | Type | Count |", "| --- | --- | ---: |");
    for (const g of groupResources(plan.resources)) {
        lines.push(`| ${mdCell(g.component)} | \`${g.type}\` | ${g.count} |`);
    }
    lines.push("", "</details>", "");
    return lines.join("\n");
}

export interface RuleInfo {
    name: string;
    description: string;
    severity: Severity;
    remediation: string;
}

/**
 * A fingerprint that stays the same while a finding does (same stack, rule, resource and message)
 * and differs between findings, so code scanning tracks each alert across pushes. The resource is
 * identified by its type chain and name, which do not depend on the URN format of the plan.
 */
export function findingFingerprint(stack: string, policy: string, resourceKey: string, message: string): string {
    return createHash("sha256").update([stack, policy, resourceKey, message].join("\u0000")).digest("hex");
}

/**
 * SARIF 2.1.0, one result per violation, located at the line of `Pulumi.<stack>.yaml` whose config
 * produced the resource (see sourceMap.ts), or at line 1 when the stack file's text is not given.
 */
export function renderSarif(plan: Plan, rules: RuleInfo[], stackFile: string, stackText?: string): string {
    const used = new Set(plan.violations.map((v) => v.policy));
    const sarifRules = rules
        .filter((r) => used.has(r.name))
        .map((r) => ({
            id: r.name,
            name: r.name,
            shortDescription: { text: r.description },
            help: { text: r.remediation },
            properties: { severity: r.severity },
        }));
    const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
    const keys = resourceKeys(plan.resources);
    const map = stackText === undefined ? undefined : new StackFileMap(stackText);
    const results = groupViolations(plan.violations).flatMap((g) =>
        g.violations.map((v) => {
            const resource = v.urn ? byUrn.get(v.urn) : undefined;
            const where = map ? map.locateResource(resource, byUrn) : { line: 1, column: 1, key: undefined };
            const resourceKey = resource ? (keys.get(resource) as string) : (v.urn ?? "(stack)");
            return {
                ruleId: v.policy,
                level: v.enforcementLevel === "mandatory" ? "error" : "warning",
                message: { text: v.message },
                locations: [
                    {
                        physicalLocation: { artifactLocation: { uri: stackFile }, region: { startLine: where.line, startColumn: where.column } },
                        logicalLocations: [{ fullyQualifiedName: v.urn ?? `${plan.project}/${plan.stack}`, kind: v.urn ? "resource" : "stack" }],
                    },
                ],
                partialFingerprints: { "kafkaPlatformFinding/v1": findingFingerprint(plan.stack, v.policy, resourceKey, v.message) },
                properties: { severity: v.severity, enforcementLevel: v.enforcementLevel, ...(where.key ? { configKey: where.key } : {}) },
            };
        }),
    );
    const log = {
        $schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [
            {
                tool: { driver: { name: "kafka-platform-policies", rules: sarifRules } },
                automationDetails: { id: `kafka-platform/${plan.stack}/` },
                results,
            },
        ],
    };
    return `${JSON.stringify(log, null, 2)}\n`;
}

export function renderJson(plan: Plan): string {
    return `${JSON.stringify(plan, null, 2)}\n`;
}
