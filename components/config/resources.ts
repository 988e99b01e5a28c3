import { z } from "zod";
import { Report } from "./environment";
import { quantity, quantityValue } from "./primitives";

/** CPU in the form both Kubernetes and Strimzi's brokerCapacity.cpu accept: cores with up to three decimals, or millicores. */
export const cpuQuantity = z
    .string()
    .regex(/^(\d+(\.\d{1,3})?|\d+m)$/, { error: "must be a CPU quantity such as 500m, 1 or 1.5" });

/** Memory sizes; millis (`m`) are valid quantities but meaningless for bytes. */
export const memoryQuantity = quantity.refine((q) => !q.endsWith("m") && quantityValue(q) >= 2 ** 20, {
    error: "must be a memory size of at least 1Mi, such as 512Mi or 4Gi",
});

const requests = z.strictObject({ cpu: cpuQuantity, memory: memoryQuantity });

/**
 * Requests and limits of a Kafka pod. No default CPU limit: CFS throttling of a broker shows up as
 * request latency spikes and ISR shrinks, so brokers get a CPU request and may burst above it.
 */
export const podResources = z.strictObject({
    requests,
    limits: z.strictObject({ cpu: cpuQuantity.optional(), memory: memoryQuantity }),
});
export type PodResources = z.infer<typeof podResources>;

/** Requests and limits of the operator. Every key is required: Helm merges values into the chart's defaults, so an omitted limit would silently keep the chart's. */
export const operatorResources = z.strictObject({
    requests,
    limits: z.strictObject({ cpu: cpuQuantity, memory: memoryQuantity }),
});
export type OperatorResources = z.infer<typeof operatorResources>;

export function checkResources(r: PodResources | OperatorResources, at: ReadonlyArray<PropertyKey>, report: Report): void {
    const where = at.join(".");
    if (quantityValue(r.requests.memory) > quantityValue(r.limits.memory)) {
        report([...at, "requests", "memory"], `must be <= ${where}.limits.memory (${r.limits.memory})`);
    }
    if (r.limits.cpu !== undefined && quantityValue(r.requests.cpu) > quantityValue(r.limits.cpu)) {
        report([...at, "requests", "cpu"], `must be <= ${where}.limits.cpu (${r.limits.cpu})`);
    }
}

/** The JVM's own size syntax, as Strimzi's jvmOptions accept it: bytes, or a number with m/M or g/G. */
export const heapSize = z.string().regex(/^[0-9]+[mMgG]?$/, { error: "must be a JVM heap size such as 512m or 2g" });

export const jvmOptions = z.strictObject({ "-Xms": heapSize, "-Xmx": heapSize });
export type JvmOptions = z.infer<typeof jvmOptions>;

export function heapBytes(size: string): number {
    const unit = size.slice(-1).toLowerCase();
    const factor = unit === "g" ? 2 ** 30 : unit === "m" ? 2 ** 20 : 1;
    return Number(factor === 1 ? size : size.slice(0, -1)) * factor;
}

/** Share of the memory limit the heap may take; the rest is direct buffers, metaspace, thread stacks and page cache. */
export const MAX_HEAP_SHARE = 0.75;

export function checkJvm(j: JvmOptions, r: PodResources, at: ReadonlyArray<PropertyKey>, report: Report): void {
    const where = at.join(".");
    if (heapBytes(j["-Xms"]) > heapBytes(j["-Xmx"])) {
        report([...at, "jvmOptions", "-Xms"], `must be <= ${where}.jvmOptions.-Xmx (${j["-Xmx"]})`);
    }
    const limit = quantityValue(r.limits.memory);
    if (heapBytes(j["-Xmx"]) > limit * MAX_HEAP_SHARE) {
        const most = Math.floor((limit * MAX_HEAP_SHARE) / 2 ** 20);
        report(
            [...at, "jvmOptions", "-Xmx"],
            `must be at most ${MAX_HEAP_SHARE * 100}% of ${where}.resources.limits.memory (${r.limits.memory}, so at most ${most}m): the JVM needs memory outside the heap and Kafka relies on the page cache`,
        );
    }
}
