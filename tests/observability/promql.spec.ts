import { strict as assert } from "assert";
import { Evaluator, firingAlerts, series } from "./promql";

const round = (x: number) => Math.round(x * 1e6) / 1e6;
const values = (ev: Evaluator, expr: string, t: number) =>
    ev.vector(expr, t).map((s) => [s.labels, round(s.value)]).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe("the test PromQL evaluator", () => {
    it("reads promtool's series notation", () => {
        assert.deepEqual(series("m", { a: "1" }, "1+2x2 _ 7").samples, [[0, 1], [60, 3], [120, 5], [240, 7]]);
    });

    it("selects the latest sample within the 5-minute lookback, with anchored regex matchers", () => {
        const ev = new Evaluator([series("m", { topic: "payments.orders" }, "1 2 3"), series("m", { topic: "xpayments.orders" }, "9")]);
        assert.deepEqual(values(ev, 'm{topic=~"payments\\\\..+"}', 120), [[{ __name__: "m", topic: "payments.orders" }, 3]]);
        assert.deepEqual(values(ev, 'm{topic!~"payments\\\\..+"}', 120), [[{ __name__: "m", topic: "xpayments.orders" }, 9]]);
        assert.deepEqual(values(ev, "m", 120 + 300), [], "a sample older than 5 minutes is stale");
    });

    it("aggregates with by and without", () => {
        const ev = new Evaluator([series("m", { a: "x", b: "1" }, "2"), series("m", { a: "x", b: "2" }, "5"), series("m", { a: "y", b: "1" }, "7")]);
        assert.deepEqual(values(ev, "sum by (a) (m)", 0), [[{ a: "x" }, 7], [{ a: "y" }, 7]]);
        assert.deepEqual(values(ev, "max without (b) (m)", 0), [[{ a: "x" }, 5], [{ a: "y" }, 7]]);
        assert.deepEqual(values(ev, "count(m)", 0), [[{}, 3]]);
        assert.deepEqual(values(ev, "min by (a) (m) < 3", 0), [[{ a: "x" }, 2]]);
    });

    it("extrapolates increase, rate and delta as Prometheus 3 does, over the left-open window", () => {
        // A counter growing 60 a minute: at t=1200, [10m] holds the samples at 660..1200 (540 apart,
        // growth 540); the start is 60 s before the first sample, under 1.1 average steps, so the
        // result extrapolates to the whole 600 s: 540 * 600 / 540.
        const ev = new Evaluator([series("c_total", {}, "0+60x20")]);
        assert.deepEqual(values(ev, "increase(c_total[10m])", 1200), [[{}, 600]]);
        assert.deepEqual(values(ev, "rate(c_total[10m])", 1200), [[{}, 1]]);
        // A gauge falling 10 a minute: [5m] at 600 holds 40..0 at 360..600, extrapolated by 300/240.
        const gauge = new Evaluator([series("g", {}, "100-10x10")]);
        assert.deepEqual(values(gauge, "delta(g[5m])", 600), [[{}, -50]]);
    });

    it("counts a counter reset as growth, not as a drop", () => {
        // 10 20 5 15: growth 5 + 20 before the reset = 25 over 180 s, extrapolated to 240 s.
        const ev = new Evaluator([series("c_total", {}, "10 20 5 15")]);
        assert.deepEqual(values(ev, "increase(c_total[4m])", 180), [[{}, round((25 * 240) / 180)]]);
    });

    it("fits deriv and predict_linear by least squares around the evaluation time", () => {
        const ev = new Evaluator([series("free", {}, "1000-10x60")]);
        assert.deepEqual(values(ev, "deriv(free[10m])", 3600), [[{}, round(-1 / 6)]]);
        // 400 left at t=3600, falling 1/6 a second: 400 - 14400/6 = -2000 four hours later.
        assert.deepEqual(values(ev, "predict_linear(free[1h], 14400)", 3600), [[{}, -2000]]);
    });

    it("matches vectors one-to-one on every label but the name, and filters with and", () => {
        const ev = new Evaluator([
            series("avail", { pvc: "a" }, "10"),
            series("avail", { pvc: "b" }, "90"),
            series("cap", { pvc: "a" }, "100"),
            series("cap", { pvc: "b" }, "100"),
            series("flag", { pvc: "b" }, "1"),
        ]);
        assert.deepEqual(values(ev, "avail / cap < 0.15", 0), [[{ pvc: "a" }, 0.1]]);
        assert.deepEqual(values(ev, "avail and flag", 0), [[{ __name__: "avail", pvc: "b" }, 90]]);
        assert.deepEqual(values(ev, "avail > bool 50", 0), [[{ pvc: "a" }, 0], [{ pvc: "b" }, 1]]);
    });

    it("answers absent with the selector's equality labels, and time as a scalar", () => {
        const ev = new Evaluator([series("up", { job: "x" }, "1")]);
        assert.deepEqual(values(ev, 'absent(missing{namespace="kafka", pod=~"a.*"})', 0), [[{ namespace: "kafka" }, 1]]);
        assert.deepEqual(values(ev, 'absent(up{job="x"})', 0), []);
        assert.deepEqual(ev.instant("time() - 10", 100), { kind: "scalar", value: 90 });
    });

    it("copies a regex group into a label with label_replace, and leaves non-matching samples alone", () => {
        const ev = new Evaluator([series("lag", { consumergroup: "payments.ledger" }, "5"), series("lag", { consumergroup: "other" }, "7")]);
        assert.deepEqual(values(ev, 'label_replace(lag, "team", "$1", "consumergroup", "([a-z]+)\\\\..+")', 0), [
            [{ __name__: "lag", consumergroup: "other" }, 7],
            [{ __name__: "lag", consumergroup: "payments.ledger", team: "payments" }, 5],
        ]);
    });

    it("refuses constructs it does not implement instead of guessing", () => {
        const ev = new Evaluator([]);
        assert.throws(() => ev.instant("topk(3, m)", 0), /unsupported aggregation topk/);
        assert.throws(() => ev.instant("histogram_quantile(0.9, m)", 0), /unsupported function histogram_quantile/);
        assert.throws(() => ev.instant("m offset 5m", 0), /unsupported/);
    });

    it("fires an alert only for label sets its expression returned at every evaluation over for", () => {
        const data = [series("m", { p: "steady" }, "1x20"), series("m", { p: "blip" }, "0x15 1x5")];
        const rule = { alert: "A", expr: "m > 0", for: "10m" };
        assert.deepEqual(firingAlerts(rule, data, 1200), [{ p: "steady" }]);
        assert.deepEqual(firingAlerts({ ...rule, for: "0s" }, data, 1200).length, 2);
    });
});
