import { parser } from "@prometheus-io/lezer-promql";

/** Syntax errors Prometheus's grammar finds in an expression: each as `offset: text`. */
export function parseErrors(expr: string): string[] {
    const errors: string[] = [];
    parser.parse(expr).iterate({
        enter: (n) => {
            if (n.type.isError) errors.push(`${n.from}: ${expr.slice(Math.max(0, n.from - 10), n.to + 10)}`);
        },
    });
    return errors;
}

/** The metric names an expression reads: each selector's name, or its `__name__="..."` matcher. */
export function metricNamesIn(expr: string): string[] {
    const names = new Set<string>();
    parser.parse(expr).iterate({
        enter: (n) => {
            if (n.name !== "VectorSelector") return;
            const id = n.node.getChild("Identifier");
            if (id) names.add(expr.slice(id.from, id.to));
            for (const m of n.node.getChild("LabelMatchers")?.getChildren("UnquotedLabelMatcher") ?? []) {
                const label = m.getChild("LabelName");
                const value = m.getChild("StringLiteral");
                if (label && value && expr.slice(label.from, label.to) === "__name__") names.add(JSON.parse(expr.slice(value.from, value.to)) as string);
            }
        },
    });
    return [...names].sort();
}
