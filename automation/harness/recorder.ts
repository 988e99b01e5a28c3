import * as pulumi from "@pulumi/pulumi";
import { specialResourceSig, specialSecretSig, specialSigKey, unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { RegisterResourceResponse, TransformResponse } from "@pulumi/pulumi/proto/resource_pb";
import { getCallbacks } from "@pulumi/pulumi/runtime/settings";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

/** One resource as the program registered it: the exact inputs and options the engine would receive. */
export interface RecordedResource {
    urn: string;
    type: string;
    name: string;
    /** URN of the parent resource (the stack for top-level resources). */
    parent?: string;
    /** false for component resources (ours, and remote ones such as eks:index:Cluster). */
    custom: boolean;
    /** Inputs as passed, secrets shown as "[secret]", unknowns as "[unknown]", resource references as their URN. */
    inputs: Record<string, unknown>;
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

export const SECRET_PLACEHOLDER = "[secret]";
export const UNKNOWN_PLACEHOLDER = "[unknown]";

/**
 * Replaces the wire encoding of secrets, unknowns and resource references with readable placeholders.
 * Returns the value itself when nothing in it needs replacing, so most inputs are not copied.
 */
export function readableValue(value: unknown): unknown {
    if (value === unknownValue) {
        return UNKNOWN_PLACEHOLDER;
    }
    if (Array.isArray(value)) {
        let copy: unknown[] | undefined;
        for (let i = 0; i < value.length; i++) {
            const v = readableValue(value[i]);
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
            return SECRET_PLACEHOLDER;
        }
        if (obj[specialSigKey] === specialResourceSig) {
            return obj.urn;
        }
        let copy: Record<string, unknown> | undefined;
        for (const [k, v] of Object.entries(obj)) {
            const r = readableValue(v);
            if (r !== v) {
                copy ??= { ...obj };
                copy[k] = r;
            }
        }
        return copy ?? obj;
    }
    return value;
}

interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
    getDependenciesList(): string[];
    getPropertydependenciesMap(): { forEach(cb: (deps: { getUrnsList(): string[] }) => void): void };
    getProtect(): boolean | undefined;
    getRetainondelete(): boolean | undefined;
    getDeletebeforereplace(): boolean;
    getProvider(): string;
    getIgnorechangesList(): string[];
    getImportid(): string;
    getCustomtimeouts(): { getCreate(): string; getUpdate(): string; getDelete(): string } | undefined;
    getTransformsList(): { getToken(): string }[];
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

export const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

/**
 * The URN the engine gives a resource: its type qualified by every ancestor's type, joined by `$`,
 * leaving out the root stack (pulumi/pulumi pkg/resource/deploy/source_eval.go builds it from the
 * parent's qualified type, and a child of the root stack gets none). The mock runtime keeps only the
 * parent's last type and keeps the stack, so its URNs name nothing `--target` or `pulumi state` finds.
 */
export function engineUrn(stack: string, project: string, parent: string, type: string, name: string): string {
    const parentType = parent ? parent.split("::")[2] : "";
    const qualified = parentType && parentType !== ROOT_STACK_TYPE ? `${parentType}$${type}` : type;
    return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
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

/** Struct.fromJavaScript refuses `undefined`; Pulumi's serializer drops such keys, and so does this. */
function withoutUndefined(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map((v) => (v === undefined ? null : withoutUndefined(v)));
    }
    if (value !== null && typeof value === "object") {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) {
            if (v !== undefined) {
                out[k] = withoutUndefined(v);
            }
        }
        return out;
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

/**
 * Takes over registration on the mock monitor that `setMocks` installed, recording every resource
 * with the parts `MockResourceArgs` leaves out (parent, dependencies, protect). It reads the request
 * once, in its wire form, and answers with a protobuf Struct built from plain values: the stock mock
 * monitor decodes the request and re-encodes the mock's state through Pulumi's asynchronous
 * (de)serializers, which doubles the cost of every resource without changing what the program sees.
 */
export function recordRegistrations(into: RecordedResource[], mocks: pulumi.runtime.Mocks): void {
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
    monitor.registerResource = async (req, callback) => {
        try {
            const dependencies = new Set(req.getDependenciesList());
            req.getPropertydependenciesMap().forEach((deps) => deps.getUrnsList().forEach((u) => dependencies.add(u)));
            const wire = req.getObject()?.toJavaScript() ?? {};
            const inputs = readableValue(wire) as Record<string, unknown>;
            const urn = monitor.newUrn(req.getParent(), req.getType(), req.getName());
            const timeouts = customTimeoutsOf(req);
            const tokens = req.getTransformsList().map((t) => t.getToken());
            if (tokens.length > 0) {
                const server = getCallbacks() as unknown as { _callbacks: Map<string, TransformCallback> };
                transforms.set(urn, tokens.map((token) => server._callbacks.get(token)).filter((cb): cb is TransformCallback => cb !== undefined));
            }
            into.push({
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
            });
            const result = await mocks.newResource({
                type: req.getType(),
                name: req.getName(),
                inputs,
                provider: req.getProvider(),
                custom: req.getCustom(),
                id: req.getImportid(),
            });
            const state = stateFor(wire, inputs, withoutUndefined(result.state) as Record<string, unknown>);
            monitor.resources.set(urn, { urn, id: result.id ?? null, state });
            const response = new RegisterResourceResponse();
            response.setUrn(urn);
            response.setId(result.id ?? "");
            response.setObject(Struct.fromJavaScript(state as Parameters<typeof Struct.fromJavaScript>[0]));
            callback(null, response);
        } catch (err) {
            callback(err);
        }
    };
}
