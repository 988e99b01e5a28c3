import * as pulumi from "@pulumi/pulumi";
import { specialResourceSig, specialSecretSig, specialSigKey, unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { RegisterResourceResponse, TransformResponse } from "@pulumi/pulumi/proto/resource_pb";
import { getCallbacks } from "@pulumi/pulumi/runtime/settings";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { issuerArnOf, MockWorld } from "./mocks";
import { engineUrn, ROOT_STACK_TYPE, SECRET_PLACEHOLDER, UNKNOWN_PLACEHOLDER } from "./placeholders";
import { ImplicitAccessEntry, REMOTE_EMULATIONS } from "./remote";

/** One resource as the program registered it: the exact inputs and options the engine would receive. */
export interface RecordedResource {
    urn: string;
    type: string;
    name: string;
    /** URN of the parent resource (the stack for top-level resources). */
    parent?: string;
    /** false for component resources (ours, and remote ones such as eks:index:Cluster). */
    custom: boolean;
    /**
     * Inputs as the engine receives them, secrets shown as "[secret]", unknowns as "[unknown]",
     * resource references as their URN. For a remote component, what its provider registers.
     */
    inputs: Record<string, unknown>;
    /** For a remote component: the options the program sent to its provider. */
    remoteInputs?: Record<string, unknown>;
    /** The state after the operation as the provider reports it, which stack policies read; inputs when absent. */
    outputs?: Record<string, unknown>;
    /** For a child a remote component's provider would register: the upstream source it is computed after. */
    emulatedFrom?: string;
    /** URNs this resource waits for: explicit dependsOn plus the resources its Output inputs come from. */
    dependencies: string[];
    protect: boolean;
    /** Left in the cloud when Pulumi deletes the resource (`retainOnDelete`). */
    retainOnDelete: boolean;
    /** Replaced by deleting first, then creating (`deleteBeforeReplace`). */
    deleteBeforeReplace: boolean;
    /** Provider reference (`urn::id`) when the resource was given an explicit provider. */
    provider?: string;
    ignoreChanges: string[];
    /** The resource's customTimeouts (Go duration strings such as "25m"), when it sets any. */
    customTimeouts?: { create?: string; update?: string; delete?: string };
}

/** The timeouts a request carries, or undefined when it sets none (the engine's defaults apply). */
function customTimeoutsOf(req: RegisterRequest): RecordedResource["customTimeouts"] {
    const t = req.getCustomtimeouts();
    const set = t ? Object.entries({ create: t.getCreate(), update: t.getUpdate(), delete: t.getDelete() }).filter(([, v]) => v !== "") : [];
    return set.length > 0 ? Object.fromEntries(set) : undefined;
}

export { engineUrn, ROOT_STACK_TYPE, SECRET_PLACEHOLDER, UNKNOWN_PLACEHOLDER };

/**
 * Replaces the wire encoding of secrets, unknowns and resource references with readable placeholders.
 * Returns the value itself when nothing in it needs replacing, so most inputs are not copied.
 */
export function readableValue(value: unknown, revealSecrets = false): unknown {
    if (value === unknownValue) {
        return UNKNOWN_PLACEHOLDER;
    }
    if (Array.isArray(value)) {
        let copy: unknown[] | undefined;
        for (let i = 0; i < value.length; i++) {
            const v = readableValue(value[i], revealSecrets);
            if (v !== value[i]) {
                copy ??= value.slice();
                copy[i] = v;
            }
        }
        return copy ?? value;
    }
    if (value !== null && typeof value === "object") {
        const obj = value as Record<string, unknown>;
        if (obj[specialSigKey] === specialSecretSig) {
            return revealSecrets ? readableValue(obj.value, true) : SECRET_PLACEHOLDER;
        }
        if (obj[specialSigKey] === specialResourceSig) {
            return obj.urn;
        }
        let copy: Record<string, unknown> | undefined;
        for (const [k, v] of Object.entries(obj)) {
            const r = readableValue(v, revealSecrets);
            if (r !== v) {
                copy ??= { ...obj };
                copy[k] = r;
            }
        }
        return copy ?? obj;
    }
    return value;
}

/**
 * The plaintext behind a recorded resource's "[secret]" placeholders, for the in-process policy run:
 * the engine hands analyzers secrets in plaintext. Kept beside the record, never in it, so nothing
 * that prints or saves a plan can show it.
 */
const plaintexts = new WeakMap<RecordedResource, { inputs: Record<string, unknown>; outputs?: Record<string, unknown> }>();

export function plaintextOf(r: RecordedResource): { inputs: Record<string, unknown>; outputs?: Record<string, unknown> } {
    return plaintexts.get(r) ?? { inputs: r.inputs, outputs: r.outputs };
}

/** Whether any value in the tree, the tree itself included, passes the test. Walks with for..in: it runs on every input of every resource, and arrays of values would be garbage. */
export function anyValue(value: unknown, test: (v: unknown) => boolean): boolean {
    if (test(value)) {
        return true;
    }
    if (value !== null && typeof value === "object") {
        for (const key in value) {
            if (anyValue((value as Record<string, unknown>)[key], test)) {
                return true;
            }
        }
    }
    return false;
}

const isSecretWrapper = (v: unknown): boolean => v !== null && typeof v === "object" && (v as Record<string, unknown>)[specialSigKey] === specialSecretSig;
const containsSecret = (v: unknown): boolean => anyValue(v, isSecretWrapper);
const hasUnknown = (v: unknown): boolean => anyValue(v, (x) => x === unknownValue);

/** Outputs with the provider's secret outputs hidden behind the placeholder; the outputs themselves when none is. */
function hidingSecretOutputs(outputs: Record<string, unknown>, secretOutputs: string[], inputs: Record<string, unknown>): Record<string, unknown> {
    let hidden: Record<string, unknown> | undefined;
    for (const key of Object.keys(outputs)) {
        if (secretOutputs.includes(key) || inputs[key] === SECRET_PLACEHOLDER) {
            hidden ??= { ...outputs };
            hidden[key] = SECRET_PLACEHOLDER;
        }
    }
    return hidden ?? outputs;
}

interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
    getDependenciesList(): string[];
    getPropertydependenciesMap(): { forEach(cb: (deps: { getUrnsList(): string[] }, key: string) => void): void };
    getProtect(): boolean | undefined;
    getRetainondelete(): boolean | undefined;
    getDeletebeforereplace(): boolean;
    getProvider(): string;
    getIgnorechangesList(): string[];
    getAdditionalsecretoutputsList(): string[];
    getImportid(): string;
    getCustomtimeouts(): { getCreate(): string; getUpdate(): string; getDelete(): string } | undefined;
    getTransformsList(): { getToken(): string }[];
    getRemote(): boolean;
    getProvidersMap(): { forEach(cb: (ref: string, pkg: string) => void): void };
}

interface ReadRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getProperties(): { toJavaScript(): Record<string, unknown> } | undefined;
    getDependenciesList(): string[];
    getProvider(): string;
}

interface MockMonitorLike {
    newUrn(parent: string, type: string, name: string): string;
    resources: Map<string, { urn: string; id: string | null; state: unknown }>;
    registerResource(req: RegisterRequest, callback: (err: unknown, resp?: unknown) => void): Promise<void>;
    readResource(req: ReadRequest, callback: (err: unknown, resp?: unknown) => void): Promise<void>;
}

/** A transform as the engine calls it: a serialized TransformRequest in, a TransformResponse out. */
export type TransformCallback = (request: Uint8Array) => Promise<TransformResponse>;

/**
 * The `transforms` each resource was registered with, by URN, as the SDK's callback server holds them
 * (its private `_callbacks` map, read here because the server is shut down when the run disconnects;
 * @pulumi/pulumi is pinned and tests/strimzi/crdRetention.spec.ts covers this). Kept beside the
 * records rather than in them: a callback token differs on every run, and a plan must not.
 */
const transforms = new Map<string, TransformCallback[]>();

/** The resource's transforms, to run on a child the way the engine runs them on a packaged component's children. */
export function transformsOf(urn: string): TransformCallback[] {
    return transforms.get(urn) ?? [];
}

/**
 * Struct.fromJavaScript refuses `undefined`; Pulumi's serializer drops such keys, and so does this.
 * Returns the value itself when it holds no `undefined`, so a mock's state is not copied for nothing.
 */
function withoutUndefined(value: unknown): unknown {
    if (Array.isArray(value)) {
        let copy: unknown[] | undefined;
        for (let i = 0; i < value.length; i++) {
            const v = value[i] === undefined ? null : withoutUndefined(value[i]);
            if (v !== value[i]) {
                copy ??= value.slice();
                copy[i] = v;
            }
        }
        return copy ?? value;
    }
    if (value !== null && typeof value === "object") {
        const obj = value as Record<string, unknown>;
        let copy: Record<string, unknown> | undefined;
        for (const key in obj) {
            const v = obj[key];
            if (v === undefined) {
                copy ??= { ...obj };
                delete copy[key];
                continue;
            }
            const w = withoutUndefined(v);
            if (w !== v) {
                copy ??= { ...obj };
                copy[key] = w;
            }
        }
        return copy ?? obj;
    }
    return value;
}

/**
 * The state handed back to the program: the mock's outputs, except that every input the mock echoed
 * unchanged goes back in its wire form, so a secret input stays a secret output.
 */
function stateFor(wire: Record<string, unknown>, inputs: Record<string, unknown>, outputs: Record<string, unknown>): Record<string, unknown> {
    const state: Record<string, unknown> = { ...outputs };
    for (const key of Object.keys(wire)) {
        if (state[key] === inputs[key]) {
            state[key] = wire[key];
        }
    }
    return state;
}

/** The outputs over the plaintext inputs, with every input the mock echoed unchanged in plaintext too. */
function withPlainEchoes(plainInputs: Record<string, unknown>, inputs: Record<string, unknown>, outputs: Record<string, unknown>): Record<string, unknown> {
    const plain: Record<string, unknown> = { ...plainInputs, ...outputs };
    for (const key in outputs) {
        if (outputs[key] === inputs[key]) {
            plain[key] = plainInputs[key];
        }
    }
    return plain;
}

/** What the recording adds to the mock runtime's answers. */
export interface RecordingOptions {
    world: MockWorld;
    /**
     * Plan as a stack's first preview sees it: nothing exists yet, so what a provider computes (ids,
     * ARNs, generated names) is unknown to the program and to the policies.
     */
    firstPreview: boolean;
    /** Collects the access entries EKS creates by itself for the deploying identity. */
    implicitAccessEntries: ImplicitAccessEntry[];
}

/** The state a first preview knows of a resource about to be created: its inputs; the rest is unknown. */
function previewState(inputs: Record<string, unknown>, outputs: Record<string, unknown>): { known: Record<string, unknown>; recorded: Record<string, unknown> } {
    const known: Record<string, unknown> = {};
    const recorded: Record<string, unknown> = { ...inputs };
    for (const [key, value] of Object.entries(outputs)) {
        if (key in inputs && JSON.stringify(inputs[key]) === JSON.stringify(value)) {
            known[key] = value;
        } else {
            recorded[key] = UNKNOWN_PLACEHOLDER;
        }
    }
    return { known, recorded };
}

/**
 * Takes over registration on the mock monitor that `setMocks` installed, recording every resource
 * with the parts `MockResourceArgs` leaves out (parent, dependencies, protect). It reads the request
 * once, in its wire form, and answers with a protobuf Struct built from plain values: the stock mock
 * monitor decodes the request and re-encodes the mock's state through Pulumi's asynchronous
 * (de)serializers, which doubles the cost of every resource without changing what the program sees.
 * A remote component with an emulation in ./remote is recorded as its provider registers it, with
 * the children the provider would create.
 */
export function recordRegistrations(into: RecordedResource[], mocks: pulumi.runtime.Mocks, options: RecordingOptions): void {
    const monitor = pulumi.runtime.getMonitor() as unknown as MockMonitorLike | undefined;
    if (!monitor || typeof monitor.newUrn !== "function" || !(monitor.resources instanceof Map)) {
        throw new Error("recordRegistrations needs the mock runtime: call pulumi.runtime.setMocks first");
    }
    const stack = pulumi.getStack();
    const project = pulumi.getProject();
    monitor.newUrn = (parent, type, name) => engineUrn(stack, project, parent, type, name);
    const read = monitor.readResource.bind(monitor);
    // Reads (a StackReference, a `get` of an existing resource) create nothing but belong in a plan.
    monitor.readResource = async (req, callback) => {
        into.push({
            urn: monitor.newUrn(req.getParent(), req.getType(), req.getName()),
            type: req.getType(),
            name: req.getName(),
            parent: req.getParent() || undefined,
            custom: true,
            inputs: readableValue(req.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>,
            dependencies: [...new Set(req.getDependenciesList())].sort(),
            protect: false,
            retainOnDelete: false,
            deleteBeforeReplace: false,
            provider: req.getProvider() || undefined,
            ignoreChanges: [],
        });
        return read(req, callback);
    };
    const deployerRoleArn = issuerArnOf(options.world.deployer);
    // Providers registered with an input unknown during this preview (a Kubernetes provider on the
    // kubeconfig of a cluster not yet created). The engine does not configure such a provider, and its
    // Create during a preview returns no properties at all (pulumi/pulumi
    // pkg/resource/plugin/provider_plugin.go, Create, `!pcfg.known`): every output of every resource
    // it manages is unknown to the program, and stack policies receive no properties for them.
    const unconfiguredProviders = new Set<string>();
    monitor.registerResource = async (req, callback) => {
        try {
            const dependencies = new Set(req.getDependenciesList());
            const propertyDependencies: Record<string, string[]> = {};
            req.getPropertydependenciesMap().forEach((deps, key) => {
                const urns = deps.getUrnsList();
                propertyDependencies[key] = urns;
                urns.forEach((u) => dependencies.add(u));
            });
            const wire = req.getObject()?.toJavaScript() ?? {};
            const inputs = readableValue(wire) as Record<string, unknown>;
            const urn = monitor.newUrn(req.getParent(), req.getType(), req.getName());
            const timeouts = customTimeoutsOf(req);
            const tokens = req.getTransformsList().map((t) => t.getToken());
            if (tokens.length > 0) {
                const server = getCallbacks() as unknown as { _callbacks: Map<string, TransformCallback> };
                transforms.set(urn, tokens.map((token) => server._callbacks.get(token)).filter((cb): cb is TransformCallback => cb !== undefined));
            }
            const record: RecordedResource = {
                urn,
                type: req.getType(),
                name: req.getName(),
                parent: req.getParent() || undefined,
                custom: req.getCustom(),
                inputs,
                dependencies: [...dependencies].sort(),
                protect: req.getProtect() === true,
                retainOnDelete: req.getRetainondelete() === true,
                deleteBeforeReplace: req.getDeletebeforereplace(),
                provider: req.getProvider() || undefined,
                ignoreChanges: req.getIgnorechangesList(),
                ...(timeouts ? { customTimeouts: timeouts } : {}),
            };
            const emulate = req.getRemote() ? REMOTE_EMULATIONS[req.getType()] : undefined;
            let id: string | undefined;
            let state: Record<string, unknown>;
            if (emulate) {
                const providers: Record<string, string> = {};
                req.getProvidersMap().forEach((ref, pkg) => (providers[pkg] = ref));
                const emulation = emulate(
                    { urn, name: req.getName(), inputs, propertyDependencies, providers, protect: record.protect },
                    { world: options.world, firstPreview: options.firstPreview, stack, project, deployerRoleArn },
                );
                into.push({ ...record, inputs: {}, remoteInputs: inputs, outputs: emulation.outputs }, ...emulation.children);
                options.implicitAccessEntries.push(...emulation.implicitAccessEntries);
                state = emulation.outputs;
            } else {
                into.push(record);
                const result = await mocks.newResource({
                    type: req.getType(),
                    name: req.getName(),
                    inputs,
                    provider: req.getProvider(),
                    custom: req.getCustom(),
                    id: req.getImportid(),
                });
                const outputs = withoutUndefined(result.state) as Record<string, unknown>;
                const plainInputs = containsSecret(wire) ? (readableValue(wire, true) as Record<string, unknown>) : inputs;
                const secretOutputs = req.getAdditionalsecretoutputsList();
                let plainOutputs: Record<string, unknown>;
                let visibleOutputs: Record<string, unknown>;
                if (options.firstPreview && record.custom && req.getType().startsWith("pulumi:providers:") && hasUnknown(wire)) {
                    unconfiguredProviders.add(urn);
                }
                const provider = req.getProvider();
                if (options.firstPreview && record.custom && unconfiguredProviders.has(provider.slice(0, provider.lastIndexOf("::")))) {
                    plainOutputs = visibleOutputs = {};
                    state = {};
                } else if (options.firstPreview && record.custom) {
                    const { known, recorded } = previewState(plainInputs, outputs);
                    plainOutputs = visibleOutputs = recorded;
                    state = stateFor(wire, inputs, known);
                } else if (outputs === inputs) {
                    // A mock that echoes its inputs (every named Kubernetes object) costs no copy; the
                    // record shows the inputs as recorded, so a nested secret stays hidden.
                    plainOutputs = plainInputs;
                    visibleOutputs = inputs;
                    id = result.id;
                    state = wire;
                } else {
                    // The mock answered from the readable inputs: what it echoed or left out is an input,
                    // readable in the record (never the plaintext of a nested secret), plaintext for the policies.
                    visibleOutputs = { ...inputs, ...outputs };
                    plainOutputs = plainInputs === inputs ? visibleOutputs : withPlainEchoes(plainInputs, inputs, outputs);
                    id = result.id;
                    state = stateFor(wire, inputs, outputs);
                }
                record.outputs = hidingSecretOutputs(visibleOutputs, secretOutputs, inputs);
                if (plainInputs !== inputs || secretOutputs.length > 0) {
                    plaintexts.set(record, { inputs: plainInputs, outputs: plainOutputs });
                }
            }
            monitor.resources.set(urn, { urn, id: id ?? null, state });
            const response = new RegisterResourceResponse();
            response.setUrn(urn);
            response.setId(id ?? "");
            response.setObject(Struct.fromJavaScript(state as Parameters<typeof Struct.fromJavaScript>[0]));
            callback(null, response);
        } catch (err) {
            callback(err);
        }
    };
}
