import { parser } from "@prometheus-io/lezer-promql";
import type { SyntaxNode } from "@lezer/common";

/**
 * A small PromQL evaluator for the alert tests. No maintained PromQL engine runs in Node (npm has
 * Prometheus's grammar, @prometheus-io/lezer-promql, and query builders, but no evaluator), so this
 * evaluates the grammar's syntax tree with Prometheus's own semantics for the few constructs the
 * platform's alerts use, and throws on anything else rather than guess:
 *
 * - instant selectors with `=`, `!=`, `=~`, `!~` (regexes fully anchored, as Prometheus does) and the
 *   default 5-minute lookback; range selectors `[d]` over the left-open window (t - d, t];
 * - `sum`, `min`, `max`, `count` with `by`/`without`;
 * - `increase`, `rate`, `delta` with Prometheus's extrapolation (promql/functions.go extrapolatedRate),
 *   `deriv` and `predict_linear` by least squares with the evaluation time as intercept
 *   (linearRegression), `label_replace` (Go's `$1` expansion; no match leaves the sample alone), `absent`, `time`;
 * - arithmetic and comparison between vectors and scalars, one-to-one vector matching on all labels
 *   but the name (or `on(...)`/`ignoring(...)`), comparison as a filter or with `bool`, and `and`.
 *
 * Alerts: a rule fires at t for a label set when its expression returned that label set at every
 * evaluation (one a minute) from t - for to t, as Prometheus's rule manager keeps an alert pending.
 * tests/observability/promql.spec.ts checks each construct against hand-computed results.
 */

export type Labels = Record<string, string>;
export interface Series {
    labels: Labels;
    /** [seconds, value] in time order. */
    samples: [number, number][];
}
interface Sample {
    labels: Labels;
    value: number;
}
type Value = { kind: "vector"; samples: Sample[] } | { kind: "scalar"; value: number } | { kind: "matrix"; series: Series[] } | { kind: "string"; value: string };

const LOOKBACK_SECONDS = 300;
export const EVALUATION_INTERVAL_SECONDS = 60;

/**
 * A series in promtool's notation: `"1+2x3"` is 1, 3, 5, 7 at 0, step, 2 step, ...; `"1x3"` is 1
 * four times; `"_"` skips a step; several terms separated by spaces follow each other.
 */
export function series(metric: string, labels: Labels, values: string, stepSeconds = 60, startSeconds = 0): Series {
    const out: [number, number][] = [];
    let i = 0;
    for (const term of values.trim().split(/\s+/)) {
        if (term === "_") {
            i++;
            continue;
        }
        const m = /^(-?\d+(?:\.\d+)?)(?:([+-]\d+(?:\.\d+)?)?x(\d+))?$/.exec(term);
        if (!m) throw new Error(`bad series term ${term}`);
        const start = Number(m[1]);
        const inc = m[2] ? Number(m[2]) : 0;
        const times = m[3] ? Number(m[3]) : 0;
        for (let k = 0; k <= times; k++) {
            out.push([startSeconds + i * stepSeconds, start + inc * k]);
            i++;
        }
    }
    return { labels: { __name__: metric, ...labels }, samples: out };
}

const children = (n: SyntaxNode): SyntaxNode[] => {
    const out: SyntaxNode[] = [];
    for (let c = n.firstChild; c; c = c.nextSibling) out.push(c);
    return out;
};

function durationSeconds(text: string): number {
    const units: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };
    let total = 0;
    const re = /(\d+)(ms|s|m|h|d|w|y)/g;
    let matched = "";
    for (let m = re.exec(text); m; m = re.exec(text)) {
        total += Number(m[1]) * units[m[2]];
        matched += m[0];
    }
    if (matched !== text) throw new Error(`unsupported duration ${text}`);
    return total;
}

function unquote(literal: string): string {
    if (literal.startsWith("`")) return literal.slice(1, -1);
    return JSON.parse(literal.startsWith("'") ? `"${literal.slice(1, -1).replace(/"/g, '\\"')}"` : literal) as string;
}

function signature(labels: Labels, on?: string[], ignoring?: string[]): string {
    const keys = Object.keys(labels)
        .filter((k) => k !== "__name__")
        .filter((k) => (on ? on.includes(k) : !(ignoring ?? []).includes(k)))
        .sort();
    return JSON.stringify(keys.map((k) => [k, labels[k]]));
}

function withoutName(labels: Labels): Labels {
    const { __name__: _name, ...rest } = labels;
    return rest;
}

interface Matcher {
    name: string;
    op: string;
    value: string;
}

function matches(labels: Labels, m: Matcher): boolean {
    const v = labels[m.name] ?? "";
    switch (m.op) {
        case "=":
            return v === m.value;
        case "!=":
            return v !== m.value;
        case "=~":
            return new RegExp(`^(?:${m.value})$`).test(v);
        case "!~":
            return !new RegExp(`^(?:${m.value})$`).test(v);
    }
    throw new Error(`unsupported matcher ${m.op}`);
}

function linearRegression(samples: [number, number][], interceptTime: number): { slope: number; intercept: number } {
    const n = samples.length;
    let sumX = 0;
    let sumY = 0;
    let sumXY = 0;
    let sumX2 = 0;
    const constY = samples.every(([, v]) => v === samples[0][1]);
    if (constY) return { slope: 0, intercept: samples[0][1] };
    for (const [t, v] of samples) {
        const x = t - interceptTime;
        sumX += x;
        sumY += v;
        sumXY += x * v;
        sumX2 += x * x;
    }
    const covXY = sumXY - (sumX * sumY) / n;
    const varX = sumX2 - (sumX * sumX) / n;
    const slope = covXY / varX;
    return { slope, intercept: sumY / n - (slope * sumX) / n };
}

/** Prometheus's extrapolatedRate: the change over the window, extrapolated towards its edges. */
function extrapolatedRate(points: [number, number][], rangeStart: number, rangeEnd: number, isCounter: boolean, isRate: boolean): number | undefined {
    if (points.length < 2) return undefined;
    const [firstT, firstV] = points[0];
    const [lastT, lastV] = points[points.length - 1];
    let result = lastV - firstV;
    if (isCounter) {
        let prev = firstV;
        for (const [, v] of points.slice(1)) {
            if (v < prev) result += prev;
            prev = v;
        }
    }
    const sampled = lastT - firstT;
    const average = sampled / (points.length - 1);
    let toStart = firstT - rangeStart;
    const toEnd = rangeEnd - lastT;
    if (isCounter && result > 0 && firstV >= 0) {
        const toZero = sampled * (firstV / result);
        if (toZero < toStart) toStart = toZero;
    }
    const threshold = average * 1.1;
    let interval = sampled;
    interval += toStart < threshold ? toStart : average / 2;
    interval += toEnd < threshold ? toEnd : average / 2;
    result *= interval / sampled;
    return isRate ? result / (rangeEnd - rangeStart) : result;
}

export class Evaluator {
    constructor(private readonly data: Series[]) {}

    /** The result of an instant query at `t` (seconds). */
    instant(expr: string, t: number): Value {
        const tree = parser.parse(expr);
        tree.iterate({
            enter: (n) => {
                if (n.type.isError) throw new Error(`PromQL syntax error at ${n.from} in ${expr}`);
            },
        });
        const root = tree.topNode.firstChild;
        if (!root) throw new Error(`empty expression ${expr}`);
        return this.eval(root, expr, t);
    }

    vector(expr: string, t: number): Sample[] {
        const v = this.instant(expr, t);
        if (v.kind !== "vector") throw new Error(`${expr} is a ${v.kind}, not a vector`);
        return v.samples;
    }

    private text(n: SyntaxNode, src: string): string {
        return src.slice(n.from, n.to);
    }

    private selector(n: SyntaxNode, src: string): Matcher[] {
        const matchers: Matcher[] = [];
        for (const c of children(n)) {
            if (c.name === "Identifier") matchers.push({ name: "__name__", op: "=", value: this.text(c, src) });
            if (c.name === "LabelMatchers") {
                for (const m of children(c)) {
                    if (m.name !== "UnquotedLabelMatcher") throw new Error(`unsupported matcher ${this.text(m, src)}`);
                    const [name, op, value] = children(m);
                    matchers.push({ name: this.text(name, src), op: this.text(op, src), value: unquote(this.text(value, src)) });
                }
            }
        }
        return matchers;
    }

    private eval(n: SyntaxNode, src: string, t: number): Value {
        switch (n.name) {
            case "NumberDurationLiteral":
                return { kind: "scalar", value: Number(this.text(n, src)) };
            case "StringLiteral":
                return { kind: "string", value: unquote(this.text(n, src)) };
            case "ParenExpr":
                return this.eval(children(n)[0], src, t);
            case "VectorSelector": {
                const ms = this.selector(n, src);
                const samples: Sample[] = [];
                for (const s of this.data.filter((s) => ms.every((m) => matches(s.labels, m)))) {
                    const last = s.samples.filter(([ts]) => ts <= t && ts > t - LOOKBACK_SECONDS).pop();
                    if (last) samples.push({ labels: s.labels, value: last[1] });
                }
                return { kind: "vector", samples };
            }
            case "MatrixSelector": {
                const [sel, dur] = children(n);
                const ms = this.selector(sel, src);
                const range = durationSeconds(this.text(dur, src));
                const out: Series[] = this.data
                    .filter((s) => ms.every((m) => matches(s.labels, m)))
                    .map((s) => ({ labels: s.labels, samples: s.samples.filter(([ts]) => ts <= t && ts > t - range) }))
                    .filter((s) => s.samples.length > 0);
                return { kind: "matrix", series: out };
            }
            case "FunctionCall":
                return this.call(n, src, t);
            case "AggregateExpr":
                return this.aggregate(n, src, t);
            case "BinaryExpr":
                return this.binary(n, src, t);
        }
        throw new Error(`unsupported PromQL construct ${n.name}: ${this.text(n, src)}`);
    }

    private rangeArg(n: SyntaxNode, src: string, t: number): { series: Series[]; range: number } {
        if (n.name !== "MatrixSelector") throw new Error(`expected a range selector, got ${this.text(n, src)}`);
        const v = this.eval(n, src, t);
        if (v.kind !== "matrix") throw new Error("expected a matrix");
        return { series: v.series, range: durationSeconds(this.text(children(n)[1], src)) };
    }

    private call(n: SyntaxNode, src: string, t: number): Value {
        const [id, body] = children(n);
        const fn = this.text(id, src);
        const args = children(body);
        const perSeries = (f: (s: Series, range: number) => number | undefined): Value => {
            const { series: ss, range } = this.rangeArg(args[0], src, t);
            const samples: Sample[] = [];
            for (const s of ss) {
                const v = f(s, range);
                if (v !== undefined) samples.push({ labels: withoutName(s.labels), value: v });
            }
            return { kind: "vector", samples };
        };
        switch (fn) {
            case "time":
                return { kind: "scalar", value: t };
            case "increase":
                return perSeries((s, r) => extrapolatedRate(s.samples, t - r, t, true, false));
            case "rate":
                return perSeries((s, r) => extrapolatedRate(s.samples, t - r, t, true, true));
            case "delta":
                return perSeries((s, r) => extrapolatedRate(s.samples, t - r, t, false, false));
            case "deriv":
                return perSeries((s) => (s.samples.length < 2 ? undefined : linearRegression(s.samples, t).slope));
            case "predict_linear": {
                const horizon = this.eval(args[1], src, t);
                if (horizon.kind !== "scalar") throw new Error("predict_linear takes a scalar horizon");
                return perSeries((s) => {
                    if (s.samples.length < 2) return undefined;
                    const { slope, intercept } = linearRegression(s.samples, t);
                    return intercept + slope * horizon.value;
                });
            }
            case "label_replace": {
                const v = this.eval(args[0], src, t);
                const [dst, replacement, source, regex] = args.slice(1).map((a) => {
                    const s = this.eval(a, src, t);
                    if (s.kind !== "string") throw new Error("label_replace takes string arguments");
                    return s.value;
                });
                if (v.kind !== "vector") throw new Error("label_replace takes a vector");
                const re = new RegExp(`^(?:${regex})$`);
                return {
                    kind: "vector",
                    samples: v.samples.map((s) => {
                        const m = re.exec(s.labels[source] ?? "");
                        if (!m) return s;
                        const value = replacement.replace(/\$\{?(\d+)\}?/g, (_, i: string) => m[Number(i)] ?? "");
                        const labels = { ...s.labels };
                        if (value === "") delete labels[dst];
                        else labels[dst] = value;
                        return { labels, value: s.value };
                    }),
                };
            }
            case "absent": {
                const v = this.eval(args[0], src, t);
                if (v.kind !== "vector") throw new Error("absent takes a vector");
                if (v.samples.length > 0) return { kind: "vector", samples: [] };
                const labels: Labels = {};
                if (args[0].name === "VectorSelector") {
                    for (const m of this.selector(args[0], src)) {
                        if (m.op === "=" && m.name !== "__name__") labels[m.name] = m.value;
                    }
                }
                return { kind: "vector", samples: [{ labels, value: 1 }] };
            }
        }
        throw new Error(`unsupported function ${fn}`);
    }

    private aggregate(n: SyntaxNode, src: string, t: number): Value {
        const cs = children(n);
        const op = this.text(cs.find((c) => c.name === "AggregateOp")!, src);
        const modifier = cs.find((c) => c.name === "AggregateModifier");
        const body = cs.find((c) => c.name === "FunctionCallBody")!;
        const fold: Record<string, (xs: number[]) => number> = {
            sum: (xs) => xs.reduce((a, b) => a + b, 0),
            min: (xs) => Math.min(...xs),
            max: (xs) => Math.max(...xs),
            count: (xs) => xs.length,
        };
        if (!fold[op]) throw new Error(`unsupported aggregation ${op}`);
        const v = this.eval(children(body)[0], src, t);
        if (v.kind !== "vector") throw new Error(`${op} takes a vector`);
        let grouping: (l: Labels) => Labels = () => ({});
        if (modifier) {
            const [kind, labels] = children(modifier);
            const names = children(labels).map((l) => this.text(l, src));
            grouping =
                this.text(kind, src) === "by"
                    ? (l) => Object.fromEntries(names.filter((k) => k in l).map((k) => [k, l[k]]))
                    : (l) => Object.fromEntries(Object.entries(withoutName(l)).filter(([k]) => !names.includes(k)));
        }
        const groups = new Map<string, { labels: Labels; values: number[] }>();
        for (const s of v.samples) {
            const labels = grouping(s.labels);
            const key = signature(labels);
            const g = groups.get(key) ?? { labels, values: [] };
            g.values.push(s.value);
            groups.set(key, g);
        }
        return { kind: "vector", samples: [...groups.values()].map((g) => ({ labels: g.labels, value: fold[op](g.values) })) };
    }

    private binary(n: SyntaxNode, src: string, t: number): Value {
        const cs = children(n);
        const lhs = this.eval(cs[0], src, t);
        const rhs = this.eval(cs[cs.length - 1], src, t);
        const op = this.text(cs[1], src);
        const bool = cs.some((c) => c.name === "BoolModifier");
        const matching = cs.find((c) => c.name === "MatchingModifierClause");
        let on: string[] | undefined;
        let ignoring: string[] | undefined;
        if (matching) {
            const [kind, labels] = children(matching);
            const names = children(labels).map((l) => this.text(l, src));
            if (this.text(kind, src) === "on") on = names;
            else ignoring = names;
            if (children(matching).length > 2) throw new Error("group_left/group_right are not supported");
        }
        const arith: Record<string, (a: number, b: number) => number> = {
            "+": (a, b) => a + b,
            "-": (a, b) => a - b,
            "*": (a, b) => a * b,
            "/": (a, b) => a / b,
        };
        const compare: Record<string, (a: number, b: number) => boolean> = {
            "==": (a, b) => a === b,
            "!=": (a, b) => a !== b,
            ">": (a, b) => a > b,
            "<": (a, b) => a < b,
            ">=": (a, b) => a >= b,
            "<=": (a, b) => a <= b,
        };
        if (op === "and") {
            if (lhs.kind !== "vector" || rhs.kind !== "vector") throw new Error("and takes two vectors");
            const keys = new Set(rhs.samples.map((s) => signature(s.labels, on, ignoring)));
            return { kind: "vector", samples: lhs.samples.filter((s) => keys.has(signature(s.labels, on, ignoring))) };
        }
        const apply = (a: number, b: number, labels: Labels, keepValue: number): Sample | undefined => {
            if (arith[op]) return { labels: withoutName(labels), value: arith[op](a, b) };
            if (!compare[op]) throw new Error(`unsupported operator ${op}`);
            if (bool) return { labels: withoutName(labels), value: compare[op](a, b) ? 1 : 0 };
            return compare[op](a, b) ? { labels, value: keepValue } : undefined;
        };
        if (lhs.kind === "scalar" && rhs.kind === "scalar") {
            if (arith[op]) return { kind: "scalar", value: arith[op](lhs.value, rhs.value) };
            if (bool) return { kind: "scalar", value: compare[op](lhs.value, rhs.value) ? 1 : 0 };
            throw new Error("comparison between scalars needs bool");
        }
        if (lhs.kind === "vector" && rhs.kind === "scalar") {
            return { kind: "vector", samples: lhs.samples.flatMap((s) => apply(s.value, rhs.value, s.labels, s.value) ?? []) };
        }
        if (lhs.kind === "scalar" && rhs.kind === "vector") {
            return { kind: "vector", samples: rhs.samples.flatMap((s) => apply(lhs.value, s.value, s.labels, s.value) ?? []) };
        }
        if (lhs.kind === "vector" && rhs.kind === "vector") {
            const right = new Map<string, Sample>();
            for (const s of rhs.samples) {
                const key = signature(s.labels, on, ignoring);
                if (right.has(key)) throw new Error(`many-to-many matching in ${this.text(n, src)}`);
                right.set(key, s);
            }
            const samples: Sample[] = [];
            for (const s of lhs.samples) {
                const r = right.get(signature(s.labels, on, ignoring));
                if (!r) continue;
                const out = apply(s.value, r.value, on ? Object.fromEntries(on.filter((k) => k in s.labels).map((k) => [k, s.labels[k]])) : s.labels, s.value);
                if (out) samples.push(out);
            }
            return { kind: "vector", samples };
        }
        throw new Error(`unsupported operands of ${op}`);
    }
}

export interface AlertRuleLike {
    alert: string;
    expr: string;
    for: string;
}

/** The label sets of `rule`'s alerts that are firing at `t` (seconds). */
export function firingAlerts(rule: AlertRuleLike, data: Series[], t: number): Labels[] {
    const ev = new Evaluator(data);
    const hold = durationSeconds(rule.for);
    let active: Map<string, Labels> | undefined;
    for (let at = t - Math.ceil(hold / EVALUATION_INTERVAL_SECONDS) * EVALUATION_INTERVAL_SECONDS; at <= t; at += EVALUATION_INTERVAL_SECONDS) {
        const now = new Map(ev.vector(rule.expr, at).map((s) => [signature(s.labels), withoutName(s.labels)]));
        active = active === undefined ? now : new Map([...active].filter(([k]) => now.has(k)));
    }
    return [...(active ?? new Map()).values()];
}
