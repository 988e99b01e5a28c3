import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { STRIMZI_API_VERSION, WAIT_FOR_ANNOTATION } from "../../components/strimzi/types";

/**
 * Why a Strimzi resource is not Ready, read from a stack's exported state.
 *
 * pulumi-kubernetes cannot fail `up` early on Strimzi's failure, nor print its message: a
 * `pulumi.com/waitFor` expression can only name what must become true (provider/pkg/metadata/
 * overrides.go, ReadyCondition), `condition=Ready` logs only a Ready condition it finds
 * (provider/pkg/await/condition/kubectl.go, checkCondition) while Strimzi replaces Ready with a
 * `NotReady` condition, and the wait ends with "timed out waiting for the condition"
 * (provider/pkg/await/internal/awaiter.go). But the provider hands the live object to the engine
 * with that error (provider/pkg/provider/provider.go, partialError) and the engine records it as
 * the resource's outputs (pulumi pkg/resource/deploy/step.go, StatusPartialFailure), so the stack's
 * state holds Strimzi's conditions after a failed `up`; this module reads them from there. The
 * provider's source was read at its master of July 2026 (after 4.32.0); the release notes of 4.33.0
 * to 4.34.2, the pinned version, change only how `jsonpath=` filters parse (pulumi-kubernetes#4524).
 */

/** The part of a `pulumi stack export` deployment this module reads. */
export interface ExportedDeployment {
    deployment?: { resources?: ExportedResource[] };
}

export interface ExportedResource {
    urn: string;
    type: string;
    outputs?: unknown;
    /** An old copy waiting to be deleted after a replacement. */
    delete?: boolean;
}

/** A Strimzi resource that is not Ready, and the lines that say why. */
export interface NotReadyResource {
    kind: string;
    namespace?: string;
    name: string;
    details: string[];
}

const STRIMZI_TYPE_PREFIX = `kubernetes:${STRIMZI_API_VERSION.split("/")[0]}/`;

/**
 * Kinds whose status never carries a Ready condition: Strimzi 1.2.0 gives a KafkaNodePool only its
 * node ids, roles and warnings (KafkaPool.java, generateNodePoolStatus); its pods' state is the
 * Kafka's Ready condition.
 */
const NO_READY_CONDITION = new Set(["KafkaNodePool"]);

/** Long enough for an exception's message, short enough that one line of a trace cannot flood the log. */
const MAX_TRACE_LINE = 500;

function isSecret(v: unknown): boolean {
    return typeof v === "object" && v !== null && (v as Record<string, unknown>)[specialSigKey] === specialSecretSig;
}

function record(v: unknown): Record<string, unknown> | undefined {
    return typeof v === "object" && v !== null && !Array.isArray(v) && !isSecret(v) ? (v as Record<string, unknown>) : undefined;
}

/** A scalar as text; a secret as `[secret]`, never its value; anything else as nothing. */
function text(v: unknown): string | undefined {
    if (isSecret(v)) return "[secret]";
    if (typeof v === "string") return v;
    if (typeof v === "number" || typeof v === "boolean") return String(v);
    return undefined;
}

function shorten(line: string): string {
    return line.length > MAX_TRACE_LINE ? `${line.slice(0, MAX_TRACE_LINE)}…` : line;
}

/** The first line and each `Caused by:` line of a Java stack trace: what failed and why, without the frames. */
function traceSummary(trace: unknown): string[] {
    const t = text(trace);
    if (t === undefined) return [];
    const lines = t.split("\n").map((l) => l.trimEnd());
    return [lines[0], ...lines.slice(1).filter((l) => l.startsWith("Caused by:"))].filter((l) => l.length > 0).map(shorten);
}

/** One condition: `Type[=Status] (reason, lastTransitionTime): message`, continuation lines indented. */
function conditionLines(c: Record<string, unknown>): string[] {
    const type = text(c.type) ?? "(no type)";
    const status = text(c.status);
    const head = status === undefined || status.toLowerCase() === "true" ? type : `${type}=${status}`;
    const context = [text(c.reason), text(c.lastTransitionTime)].filter((s): s is string => s !== undefined);
    const message = text(c.message)?.split("\n") ?? [];
    const first = `${head}${context.length > 0 ? ` (${context.join(", ")})` : ""}${message.length > 0 ? `: ${message[0]}` : ""}`;
    return [first, ...message.slice(1).map((l) => `  ${l}`)];
}

/**
 * Connect's own view of a connector: Strimzi copies Connect's REST `GET /connectors/<name>/status`
 * into `status.connectorStatus` (KafkaConnectorStatus.java; KafkaConnectApiImpl.status), shaped as
 * Kafka's ConnectorStateInfo: `connector: {state, worker_id, trace?}`, `tasks: [{id, state,
 * worker_id, trace?}]`, states in capitals (RUNNING, FAILED, PAUSED, STOPPED, UNASSIGNED, RESTARTING).
 */
function connectorLines(connectorStatus: unknown): string[] {
    const cs = record(connectorStatus);
    if (cs === undefined) return isSecret(connectorStatus) ? ["connectorStatus: [secret]"] : [];
    const lines: string[] = [];
    const connector = record(cs.connector);
    if (connector !== undefined) {
        const worker = text(connector.worker_id);
        lines.push(`connector ${text(connector.state) ?? "(no state)"}${worker ? ` on ${worker}` : ""}`);
        lines.push(...traceSummary(connector.trace).map((l) => `  ${l}`));
    }
    const tasks = Array.isArray(cs.tasks) ? cs.tasks.map(record).filter((t): t is Record<string, unknown> => t !== undefined) : [];
    for (const task of tasks.filter((t) => text(t.state) !== "RUNNING")) {
        const worker = text(task.worker_id);
        lines.push(`task ${text(task.id) ?? "?"} ${text(task.state) ?? "(no state)"}${worker ? ` on ${worker}` : ""}`);
        lines.push(...traceSummary(task.trace).map((l) => `  ${l}`));
    }
    return lines;
}

function isReadyTrue(c: Record<string, unknown>): boolean {
    // Compared as kubectl and pulumi-kubernetes compare them (strings.EqualFold in checkCondition).
    return text(c.type)?.toLowerCase() === "ready" && text(c.status)?.toLowerCase() === "true";
}

/** Why one resource is not Ready, or undefined when it is (or when its state says nothing either way). */
function notReady(r: ExportedResource): NotReadyResource | undefined {
    const kind = r.type.slice(r.type.lastIndexOf(":") + 1);
    if (NO_READY_CONDITION.has(kind)) return undefined;
    const outputs = record(r.outputs);
    const metadata = record(outputs?.metadata);
    const name = text(metadata?.name) ?? r.urn.slice(r.urn.lastIndexOf("::") + 2);
    const namespace = text(metadata?.namespace);
    const found = (details: string[]): NotReadyResource => ({ kind, ...(namespace !== undefined ? { namespace } : {}), name, details });
    if (outputs?.status !== undefined && isSecret(outputs.status)) {
        return found(["status is secret in the stack's state: not shown"]);
    }
    // A resource Pulumi did not wait for is recorded as the API server returned it, before the
    // operator saw the change: only a condition the operator wrote says something about it.
    const waited = text(record(metadata?.annotations)?.[WAIT_FOR_ANNOTATION]) !== undefined;
    const status = record(outputs?.status);
    const conditions = Array.isArray(status?.conditions)
        ? status.conditions.map(record).filter((c): c is Record<string, unknown> => c !== undefined)
        : [];
    const ready = conditions.some(isReadyTrue);
    const generation = typeof metadata?.generation === "number" ? metadata.generation : undefined;
    const observed = typeof status?.observedGeneration === "number" ? status.observedGeneration : undefined;
    // The provider accepts Ready only for the current generation (checkCondition, getObservedGeneration).
    const stale = generation !== undefined && observed !== undefined && observed < generation;
    if (ready && !stale) return undefined;
    if (!waited && (ready || conditions.length === 0)) return undefined;

    const details: string[] = [];
    if (conditions.length === 0) {
        details.push(status === undefined ? "no status: the operator has not reported on it" : "no conditions in its status");
    }
    details.push(...conditions.filter((c) => !isReadyTrue(c)).flatMap(conditionLines));
    if (ready) details.push(`Ready, but for generation ${observed}: the operator has not finished generation ${generation}`);
    else if (stale) details.push(`(this status is for generation ${observed}; the resource is at generation ${generation})`);
    if (kind === "KafkaConnector") details.push(...connectorLines(status?.connectorStatus));
    return found(details);
}

/** Every Strimzi custom resource in the deployment whose state does not show it Ready, in state order. */
export function notReadyStrimziResources(exported: ExportedDeployment): NotReadyResource[] {
    return (exported.deployment?.resources ?? [])
        .filter((r) => r.type.startsWith(STRIMZI_TYPE_PREFIX) && !r.delete)
        .map(notReady)
        .filter((r): r is NotReadyResource => r !== undefined);
}

/** The report: a line per resource, then its details indented. */
export function renderNotReady(resources: NotReadyResource[]): string[] {
    return resources.flatMap((r) => [`${r.kind} ${r.namespace !== undefined ? `${r.namespace}/` : ""}${r.name}`, ...r.details.map((d) => `  ${d}`)]);
}
