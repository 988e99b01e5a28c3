/**
 * Cruise Control's picture of one broker's capacity. Each broker gets a Kafka node of its own
 * (required pod anti-affinity), so a broker can use the node's network; Cruise Control is given
 * the node's BASELINE bandwidth, not its burst: burst credits run out within minutes to an hour,
 * and a rebalance planned on burst bandwidth would saturate the brokers once they do. Strimzi's
 * own fallback is 10000KiB/s, far below any current instance, which would make every broker look
 * overloaded. CPU is the broker's CPU request (what the scheduler guarantees it).
 */

const SIZES = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge"] as const;

/**
 * Baseline network bandwidth in Mbit/s of the instance families the Kafka node group is meant for,
 * by size (large .. 8xlarge), as EC2's instance type specifications list them. Extend it when a
 * stack uses another family, or set kafka.cruiseControl.brokerCapacity explicitly.
 */
const BASELINE_MBPS_BY_FAMILY: Record<string, readonly number[]> = {
    m6i: [781, 1562, 3125, 6250, 12500],
    r6i: [781, 1562, 3125, 6250, 12500],
    m6a: [781, 1562, 3125, 6250, 12500],
    r6a: [781, 1562, 3125, 6250, 12500],
    m7i: [781, 1562, 3125, 6250, 12500],
    r7i: [781, 1562, 3125, 6250, 12500],
    m7a: [781, 1562, 3125, 6250, 12500],
    r7a: [781, 1562, 3125, 6250, 12500],
    m6g: [750, 1250, 2500, 5000, 12000],
    r6g: [750, 1250, 2500, 5000, 12000],
    m7g: [937, 1876, 3750, 7500, 15000],
    r7g: [937, 1876, 3750, 7500, 15000],
    m8g: [937, 1875, 3750, 7500, 15000],
    r8g: [937, 1875, 3750, 7500, 15000],
};

/** Baseline bandwidth of an instance type in Mbit/s, or undefined when the table does not know it. */
export function baselineMbps(instanceType: string): number | undefined {
    const [family, size] = instanceType.split(".");
    const index = SIZES.indexOf(size as (typeof SIZES)[number]);
    return index < 0 ? undefined : BASELINE_MBPS_BY_FAMILY[family]?.[index];
}

/** Megabits per second as Cruise Control capacity (Strimzi's `<n>KiB/s`). */
export function mbpsToKiBps(mbps: number): string {
    return `${Math.floor((mbps * 1e6) / 8 / 1024)}KiB/s`;
}

/**
 * The network capacity of a broker on a node group that may launch any of `instanceTypes`: the
 * smallest baseline among them, since Cruise Control must plan for the slowest node it may get.
 * Undefined when any type is unknown.
 */
export function brokerNetworkCapacity(instanceTypes: readonly string[]): string | undefined {
    const rates = instanceTypes.map(baselineMbps);
    if (rates.length === 0 || rates.some((r) => r === undefined)) {
        return undefined;
    }
    return mbpsToKiBps(Math.min(...(rates as number[])));
}
