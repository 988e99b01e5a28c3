import * as pulumi from "@pulumi/pulumi";
import { specialResourceSig, specialSecretSig, specialSigKey, unknownValue } from "@pulumi/pulumi/runtime/rpc";

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
    /** Provider reference (`urn::id`) when the resource was given an explicit provider. */
    provider?: string;
    ignoreChanges: string[];
}

export const SECRET_PLACEHOLDER = "[secret]";
export const UNKNOWN_PLACEHOLDER = "[unknown]";

/** Replaces the wire encoding of secrets, unknowns and resource references with readable placeholders. */
export function readableValue(value: unknown): unknown {
    if (value === unknownValue) {
        return UNKNOWN_PLACEHOLDER;
    }
    if (Array.isArray(value)) {
        return value.map(readableValue);
    }
    if (value !== null && typeof value === "object") {
        const obj = value as Record<string, unknown>;
        if (obj[specialSigKey] === specialSecretSig) {
            return SECRET_PLACEHOLDER;
        }
        if (obj[specialSigKey] === specialResourceSig) {
            return obj.urn;
        }
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(obj)) {
            out[k] = readableValue(v);
        }
        return out;
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
    getProvider(): string;
    getIgnorechangesList(): string[];
}

interface MockMonitorLike {
    newUrn(parent: string, type: string, name: string): string;
    registerResource(req: RegisterRequest, callback: (err: unknown, resp?: unknown) => void): Promise<void>;
}

/**
 * Wraps the mock monitor that `setMocks` installed so every registration is recorded with the parts
 * `MockResourceArgs` leaves out (parent, dependencies, protect), reading only the request's public
 * protobuf getters.
 */
export function recordRegistrations(into: RecordedResource[]): void {
    const monitor = pulumi.runtime.getMonitor() as unknown as MockMonitorLike | undefined;
    if (!monitor || typeof monitor.newUrn !== "function") {
        throw new Error("recordRegistrations needs the mock runtime: call pulumi.runtime.setMocks first");
    }
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = async (req, callback) => {
        const dependencies = new Set(req.getDependenciesList());
        req.getPropertydependenciesMap().forEach((deps) => deps.getUrnsList().forEach((u) => dependencies.add(u)));
        const parent = req.getParent() || undefined;
        into.push({
            urn: monitor.newUrn(req.getParent(), req.getType(), req.getName()),
            type: req.getType(),
            name: req.getName(),
            parent,
            custom: req.getCustom(),
            inputs: readableValue(req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>,
            dependencies: [...dependencies].sort(),
            protect: req.getProtect() === true,
            provider: req.getProvider() || undefined,
            ignoreChanges: req.getIgnorechangesList(),
        });
        return register(req, callback);
    };
}
