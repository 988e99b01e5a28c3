import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { Deployment, EngineEvent, PulumiCommand } from "@pulumi/pulumi/automation";
import { deploy, DeployDeps, hasPulumiBackend, localBackendUrl, MISSING_CLI, parseDeployArgs, StackOperations, USAGE } from "../../../automation/deploy/main";
import { PROJECT_ROOT } from "../../../automation/harness/stackFiles";
import { CONNECT_BUILD_FAILED, CONNECTOR_TASK_FAILED, exported, KAFKA_READY, SECRET_VALUE, WITH_SECRETS } from "./strimziStates";

interface Recorder {
    deps: DeployDeps;
    calls: Array<{ op: string; opts: Record<string, unknown> }>;
    selected: Array<{ stackName: string; workDir: string; options: Record<string, unknown> }>;
    out: string[];
    err: string[];
    asked: string[];
}

/** What the engine reports during the preview: its events, and whether the CLI then fails. */
interface PreviewScript {
    events?: EngineEvent[];
    fails?: boolean;
}

/** The stack's state `pulumi stack export` returns, and the operations that fail with which error. */
interface StackScript {
    state?: Deployment | Error;
    failing?: Partial<Record<"up" | "refresh", Error>>;
}

function recorder(overrides: Partial<DeployDeps> = {}, answer = true, preview: PreviewScript = {}, script: StackScript = {}): Recorder {
    const r: Recorder = { calls: [], selected: [], out: [], err: [], asked: [], deps: undefined as unknown as DeployDeps };
    const op = (name: string) => async (opts: object) => {
        r.calls.push({ op: name, opts: opts as Record<string, unknown> });
        if (name === "preview") {
            const onEvent = (opts as { onEvent?: (e: EngineEvent) => void }).onEvent;
            (preview.events ?? []).forEach((e) => onEvent?.(e));
            if (preview.fails) {
                throw new Error("preview failed: policy violations");
            }
        }
        const failure = script.failing?.[name as "up" | "refresh"];
        if (failure) {
            throw failure;
        }
        return {};
    };
    const exportStack = async (): Promise<Deployment> => {
        r.calls.push({ op: "exportStack", opts: {} });
        if (script.state instanceof Error) {
            throw script.state;
        }
        return script.state ?? exported([]);
    };
    const stack: StackOperations = { preview: op("preview"), up: op("up"), destroy: op("destroy"), refresh: op("refresh"), exportStack };
    const cli = { command: "pulumi" } as unknown as PulumiCommand;
    r.deps = {
        findPulumi: async () => cli,
        selectStack: async (stackName, workDir, options) => {
            r.selected.push({ stackName, workDir, options: options as Record<string, unknown> });
            return stack;
        },
        hasBackend: () => true,
        confirm: async (q) => {
            r.asked.push(q);
            return answer;
        },
        interactive: true,
        planFile: (stack) => `/tmp/kafka-platform-test/${stack}.plan.json`,
        out: (t) => r.out.push(t),
        err: (t) => r.err.push(t),
        projectDir: PROJECT_ROOT,
        ...overrides,
    };
    return r;
}

describe("npm run deploy", () => {
    describe("arguments", () => {
        it("defaults to a preview and reads one action flag and --yes", () => {
            assert.deepEqual(parseDeployArgs(["dev"]), { stack: "dev", action: "preview", yes: false, updatePlan: true });
            assert.deepEqual(parseDeployArgs(["prod", "--up", "--yes"]), { stack: "prod", action: "up", yes: true, updatePlan: true });
            assert.deepEqual(parseDeployArgs(["--destroy", "staging"]), { stack: "staging", action: "destroy", yes: false, updatePlan: true });
            assert.deepEqual(parseDeployArgs(["dev", "--refresh"]), { stack: "dev", action: "refresh", yes: false, updatePlan: true });
        });

        it("reads --no-update-plan with --up only", () => {
            assert.deepEqual(parseDeployArgs(["prod", "--up", "--no-update-plan", "--yes"]), { stack: "prod", action: "up", yes: true, updatePlan: false });
            assert.throws(() => parseDeployArgs(["dev", "--no-update-plan"]), { message: `--no-update-plan only goes with --up\n${USAGE}` });
            assert.throws(() => parseDeployArgs(["dev", "--refresh", "--no-update-plan"]), { message: `--no-update-plan only goes with --up\n${USAGE}` });
        });

        it("rejects a missing stack, two stacks, two actions and unknown options with the usage", () => {
            assert.throws(() => parseDeployArgs([]), { message: `name the stack to deploy\n${USAGE}` });
            assert.throws(() => parseDeployArgs(["dev", "prod"]), { message: `name one stack to deploy\n${USAGE}` });
            assert.throws(() => parseDeployArgs(["dev", "--up", "--destroy"]), { message: `choose one of --up, --destroy\n${USAGE}` });
            assert.throws(() => parseDeployArgs(["dev", "--force"]), { message: `unknown option --force\n${USAGE}` });
        });
    });

    it("previews with the policy pack and the environment's pack config, on this project directory", async () => {
        const r = recorder();
        assert.equal(await deploy({ stack: "staging", action: "preview", yes: false, updatePlan: true }, r.deps), 0);
        assert.deepEqual(r.selected.map((s) => [s.stackName, s.workDir, s.options.envVars]), [["staging", PROJECT_ROOT, {}]]);
        assert.equal(r.calls.length, 1);
        const { onOutput, onError, ...opts } = r.calls[0].opts;
        assert.equal(r.calls[0].op, "preview");
        assert.deepEqual(opts, {
            color: "auto",
            policyPacks: [path.join(PROJECT_ROOT, "policies")],
            policyPackConfigs: [path.join(PROJECT_ROOT, "policies", "config", "staging.json")],
        });
        assert.equal(typeof onOutput, "function");
        assert.equal(typeof onError, "function");
    });

    it("destroys and refreshes without policy packs, which only apply to previews and updates", async () => {
        const r = recorder();
        await deploy({ stack: "dev", action: "destroy", yes: false, updatePlan: true }, r.deps);
        await deploy({ stack: "dev", action: "refresh", yes: false, updatePlan: true }, r.deps);
        assert.deepEqual(r.calls.map((c) => [c.op, Object.keys(c.opts).sort()]), [
            ["destroy", ["color", "onError", "onOutput"]],
            ["refresh", ["color", "onError", "onOutput"]],
            ["exportStack", []],
        ]);
        assert.deepEqual(r.asked, []);
    });

    it("keeps state in the project's .pulumi folder when the user has not logged in anywhere", async () => {
        const r = recorder({ hasBackend: () => false });
        await deploy({ stack: "dev", action: "preview", yes: false, updatePlan: true }, r.deps);
        const url = localBackendUrl(PROJECT_ROOT);
        assert.equal(url, `file://${path.join(PROJECT_ROOT, ".pulumi")}`);
        assert.deepEqual(r.selected[0].options.envVars, { PULUMI_BACKEND_URL: url });
        assert.deepEqual(r.out, [`Not logged in to any Pulumi backend: keeping state in ${url} (run \`pulumi login\` to choose another).\n`]);
    });

    it("--up previews with the pack, saving an update plan, and updates constrained to that plan", async () => {
        const r = recorder();
        assert.equal(await deploy({ stack: "staging", action: "up", yes: false, updatePlan: true }, r.deps), 0);
        assert.deepEqual(r.calls.map((c) => c.op), ["preview", "up", "exportStack"]);
        assert.deepEqual(r.err, [], "nothing to report when the state shows no Strimzi resource not Ready");
        const [preview, up] = r.calls.map((c) => c.opts);
        const pack = { policyPacks: [path.join(PROJECT_ROOT, "policies")], policyPackConfigs: [path.join(PROJECT_ROOT, "policies", "config", "staging.json")] };
        for (const opts of [preview, up]) {
            assert.deepEqual(opts.policyPacks, pack.policyPacks);
            assert.deepEqual(opts.policyPackConfigs, pack.policyPackConfigs);
            assert.equal(opts.plan, "/tmp/kafka-platform-test/staging.plan.json");
        }
        assert.equal(typeof preview.onEvent, "function");
    });

    it("--up --no-update-plan previews and updates with the pack but saves and follows no update plan", async () => {
        const r = recorder();
        assert.equal(await deploy({ stack: "staging", action: "up", yes: false, updatePlan: false }, r.deps), 0);
        assert.deepEqual(r.calls.map((c) => c.op), ["preview", "up", "exportStack"]);
        for (const opts of r.calls.slice(0, 2).map((c) => c.opts)) {
            assert.deepEqual(opts.policyPacks, [path.join(PROJECT_ROOT, "policies")]);
            assert.equal("plan" in opts, false);
        }
    });

    it("--up applies nothing when the preview reports a mandatory violation, and names it", async () => {
        const violation: EngineEvent = {
            sequence: 1,
            timestamp: 0,
            policyEvent: {
                resourceUrn: "urn:pulumi:staging::kafka-platform::kafka-platform:cluster:EksCluster$eks:index:Cluster$aws:eks/cluster:Cluster::cluster-eks-eksCluster",
                message: "eks-secrets-encryption: encryptionConfig is not set\n",
                color: "never",
                policyName: "eks-secrets-encryption",
                policyPackName: "kafka-platform-policies",
                policyPackVersion: "0.1.0",
                policyPackVersionTag: "0.1.0",
                enforcementLevel: "mandatory",
            },
        };
        const advisory: EngineEvent = { ...violation, policyEvent: { ...violation.policyEvent!, policyName: "kafka-rack-awareness", enforcementLevel: "warning" } };
        const r = recorder({}, true, { events: [violation, advisory], fails: true });
        assert.equal(await deploy({ stack: "staging", action: "up", yes: false, updatePlan: true }, r.deps), 1);
        assert.deepEqual(r.calls.map((c) => c.op), ["preview"]);
        assert.deepEqual(r.err, [
            `not updating staging: the preview has 1 mandatory policy violation(s):\n  - eks-secrets-encryption (${violation.policyEvent!.resourceUrn}): eks-secrets-encryption: encryptionConfig is not set`,
        ]);

        const advisoryOnly = recorder({}, true, { events: [advisory] });
        assert.equal(await deploy({ stack: "staging", action: "up", yes: false, updatePlan: true }, advisoryOnly.deps), 0);
        assert.deepEqual(advisoryOnly.calls.map((c) => c.op), ["preview", "up", "exportStack"]);
    });

    describe("what Strimzi says after an update or a refresh", () => {
        const report = [
            "Strimzi resources that are not Ready, in the stack's state (live for what this update changed; `npm run deploy -- dev --refresh` re-reads the rest):",
            "  KafkaConnect kafka/archive",
            "    NotReady (NoStackTraceThrowable, 2026-11-29T18:55:02.117Z): The Kafka Connect build failed",
            "  KafkaConnector kafka/archive-jsonl-payments",
            "    NotReady (Throwable, 2026-11-29T19:01:40.532Z): The following tasks have failed: 0, see connectorStatus for more details.",
            "    connector RUNNING on archive-connect-0.archive-connect.kafka.svc:8083",
            "    task 0 FAILED on archive-connect-1.archive-connect.kafka.svc:8083",
            "      org.apache.kafka.connect.errors.ConnectException: Exiting WorkerSinkTask due to unrecoverable exception.",
            "      Caused by: org.apache.kafka.connect.errors.ConnectException: Failed to write records to S3",
            "      Caused by: software.amazon.awssdk.services.s3.model.S3Exception: Access Denied (Service: S3, Status Code: 403)",
        ].join("\n");
        const timedOut = new Error("code: 255\n stdout: ...\n stderr: error: 2 errors occurred:\n\t* resource kafka/archive was not successfully created by the Kubernetes API server: timed out waiting for the condition");

        it("reports a failed update with the Strimzi resources its state shows not Ready, and fails", async () => {
            const r = recorder({}, true, {}, { state: exported([KAFKA_READY, CONNECT_BUILD_FAILED, CONNECTOR_TASK_FAILED]), failing: { up: timedOut } });
            assert.equal(await deploy({ stack: "dev", action: "up", yes: false, updatePlan: true }, r.deps), 1);
            assert.deepEqual(r.calls.map((c) => c.op), ["preview", "up", "exportStack"]);
            assert.deepEqual(r.err, ["up of dev failed: code: 255", report]);
        });

        it("reports after a successful update too, without failing it: the rest of the state may be older than the update", async () => {
            const r = recorder({}, true, {}, { state: exported([CONNECT_BUILD_FAILED, CONNECTOR_TASK_FAILED]) });
            assert.equal(await deploy({ stack: "dev", action: "up", yes: false, updatePlan: true }, r.deps), 0);
            assert.deepEqual(r.err, [report]);
        });

        it("reports after a refresh, which has read every resource", async () => {
            const r = recorder({}, true, {}, { state: exported([CONNECT_BUILD_FAILED]) });
            assert.equal(await deploy({ stack: "dev", action: "refresh", yes: false, updatePlan: true }, r.deps), 0);
            assert.deepEqual(r.err, [
                [
                    "Strimzi resources that are not Ready, as this refresh read them:",
                    "  KafkaConnect kafka/archive",
                    "    NotReady (NoStackTraceThrowable, 2026-11-29T18:55:02.117Z): The Kafka Connect build failed",
                ].join("\n"),
            ]);

            const failed = recorder({}, true, {}, { state: exported([KAFKA_READY]), failing: { refresh: new Error("refresh failed: unreachable cluster") } });
            assert.equal(await deploy({ stack: "dev", action: "refresh", yes: false, updatePlan: true }, failed.deps), 1);
            assert.deepEqual(failed.err, ["refresh of dev failed: refresh failed: unreachable cluster"]);
        });

        it("keeps the update's failure when the state cannot be read, and says so", async () => {
            const r = recorder({}, true, {}, { state: new Error("error: could not read the backend\nmore"), failing: { up: timedOut } });
            assert.equal(await deploy({ stack: "dev", action: "up", yes: false, updatePlan: true }, r.deps), 1);
            assert.deepEqual(r.err, ["up of dev failed: code: 255", "could not read the state of dev to report Strimzi's conditions: error: could not read the backend"]);
        });

        it("prints what docs/archive.md shows", async () => {
            const doc = fs.readFileSync(path.join(PROJECT_ROOT, "docs/archive.md"), "utf8");
            const shown = /## Why archiving stopped[\s\S]*?```text\n([\s\S]*?)\n```/.exec(doc)?.[1];
            const r = recorder({}, true, {}, { state: exported([CONNECT_BUILD_FAILED, CONNECTOR_TASK_FAILED]), failing: { up: timedOut } });
            await deploy({ stack: "prod", action: "up", yes: true, updatePlan: true }, r.deps);
            assert.equal(shown, r.err.join("\n"));
        });

        it("prints no secret of the state", async () => {
            const r = recorder({}, true, {}, { state: exported(WITH_SECRETS), failing: { up: timedOut } });
            assert.equal(await deploy({ stack: "dev", action: "up", yes: false, updatePlan: true }, r.deps), 1);
            assert.equal(r.err.length, 2);
            assert.ok(r.err[1].includes("[secret]"));
            assert.ok(![...r.err, ...r.out].some((t) => t.includes(SECRET_VALUE.slice(0, 10))));
        });
    });

    it("asks before updating or destroying prod, and stops when the answer is not yes", async () => {
        const yes = recorder({}, true);
        assert.equal(await deploy({ stack: "prod", action: "up", yes: false, updatePlan: true }, yes.deps), 0);
        assert.deepEqual(yes.asked, ['--up the prod stack "prod"? Type yes to continue: ']);
        assert.deepEqual(yes.calls.map((c) => c.op), ["preview", "up", "exportStack"], "asked after the preview, as pulumi up asks");

        const notNow = recorder({}, false);
        assert.equal(await deploy({ stack: "prod", action: "up", yes: false, updatePlan: true }, notNow.deps), 1);
        assert.deepEqual(notNow.calls.map((c) => c.op), ["preview"]);

        const no = recorder({}, false);
        assert.equal(await deploy({ stack: "prod", action: "destroy", yes: false, updatePlan: true }, no.deps), 1);
        assert.deepEqual(no.calls, []);
        assert.deepEqual(no.err, ["cancelled"]);
    });

    it("does not ask with --yes, and refuses without it when there is no terminal", async () => {
        const r = recorder();
        assert.equal(await deploy({ stack: "prod", action: "up", yes: true, updatePlan: true }, r.deps), 0);
        assert.deepEqual(r.asked, []);

        const ci = recorder({ interactive: false });
        assert.equal(await deploy({ stack: "prod", action: "up", yes: false, updatePlan: true }, ci.deps), 2);
        assert.deepEqual(ci.err, ['refusing to --up the prod stack "prod" without --yes: there is no terminal to confirm on']);
        assert.deepEqual(ci.calls, []);
    });

    it("prints an actionable message when the Pulumi CLI is missing", async () => {
        const r = recorder({ findPulumi: async () => Promise.reject(new Error("command not found: pulumi")) });
        assert.equal(await deploy({ stack: "dev", action: "up", yes: false, updatePlan: true }, r.deps), 2);
        assert.deepEqual(r.err, [MISSING_CLI]);
        assert.deepEqual(r.selected, []);
    });

    it("names the stacks there are when the stack file does not exist", async () => {
        const r = recorder();
        assert.equal(await deploy({ stack: "qa", action: "preview", yes: false, updatePlan: true }, r.deps), 2);
        assert.match(r.err[0], /^no stack file Pulumi\.qa\.yaml in .*; stacks here: dev, (.*, )?prod, staging$/);
    });

    it("detects a backend from the environment or the CLI's credentials file", () => {
        assert.equal(hasPulumiBackend({ PULUMI_BACKEND_URL: "s3://state" }, "/nonexistent"), true);
        assert.equal(hasPulumiBackend({ PULUMI_ACCESS_TOKEN: "pul-x" }, "/nonexistent"), true);
        assert.equal(hasPulumiBackend({}, "/nonexistent"), false);
    });
});
