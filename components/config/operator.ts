import { z } from "zod";
import { dnsLabel } from "./primitives";
import { Environment, isProductionLike, Report } from "./environment";
import { checkResources, operatorResources } from "./resources";

/** What one Strimzi release supports, from its kafka-versions.yaml and FeatureGates. */
export interface StrimziRelease {
    /** Each supported Kafka version with the metadata version it introduces. */
    kafkaVersions: Readonly<Record<string, string>>;
    /** The Kafka version the operator deploys when a Kafka resource names none. */
    defaultKafkaVersion: string;
    featureGates: readonly string[];
}

/**
 * Strimzi releases the platform is tested with. Adding a release means adding its entry here (the
 * chart version is the Strimzi version) and checking the rendered resources against its CRDs.
 */
export const STRIMZI_RELEASES = {
    "1.2.0": {
        kafkaVersions: { "4.2.0": "4.2-IV1", "4.2.1": "4.2-IV1", "4.3.0": "4.3-IV0", "4.3.1": "4.3-IV0" },
        defaultKafkaVersion: "4.3.1",
        featureGates: ["UseConnectBuildWithBuildah", "UseBackgroundPodDeletion"],
    },
} as const satisfies Record<string, StrimziRelease>;

export type StrimziVersion = keyof typeof STRIMZI_RELEASES;
export const STRIMZI_VERSIONS = Object.keys(STRIMZI_RELEASES) as [StrimziVersion, ...StrimziVersion[]];
export const DEFAULT_STRIMZI_VERSION: StrimziVersion = "1.2.0";

export function strimziRelease(version: StrimziVersion): StrimziRelease {
    return STRIMZI_RELEASES[version];
}

export const operatorSchema = z.strictObject({
    /** Version of the strimzi-kafka-operator chart, which is the Strimzi version. */
    chartVersion: z.enum(STRIMZI_VERSIONS),
    /** Namespace the operator runs in (the Kafka namespace is separate and watched). */
    namespace: dnsLabel,
    replicas: z.int().min(1).max(3),
    resources: operatorResources,
    /** Strimzi feature gates to switch on (true) or off (false); unset gates keep the release's default. */
    featureGates: z.record(z.string().regex(/^[A-Za-z0-9]+$/, { error: "must be a feature gate name such as UseBackgroundPodDeletion" }), z.boolean()),
});

export type OperatorConfig = z.infer<typeof operatorSchema>;

const SMALL = { requests: { cpu: "200m", memory: "384Mi" }, limits: { cpu: "1", memory: "384Mi" } };
const HARDENED = { requests: { cpu: "500m", memory: "512Mi" }, limits: { cpu: "1", memory: "512Mi" } };

/**
 * Kafka Connect images are built with Kaniko rather than Buildah: Kaniko's executor logs in to ECR
 * with the build pod's IAM role (IRSA), Buildah has no ECR credential helper and would need a
 * long-lived registry secret.
 */
const BUILD_WITH_KANIKO: Record<string, boolean> = { UseConnectBuildWithBuildah: false };

export const OPERATOR_DEFAULTS: Record<Environment, OperatorConfig> = {
    dev: { chartVersion: DEFAULT_STRIMZI_VERSION, namespace: "strimzi", replicas: 1, resources: SMALL, featureGates: BUILD_WITH_KANIKO },
    staging: { chartVersion: DEFAULT_STRIMZI_VERSION, namespace: "strimzi", replicas: 2, resources: HARDENED, featureGates: BUILD_WITH_KANIKO },
    prod: { chartVersion: DEFAULT_STRIMZI_VERSION, namespace: "strimzi", replicas: 2, resources: HARDENED, featureGates: BUILD_WITH_KANIKO },
    // Kaniko locally too: it pushes to the in-cluster registry over plain HTTP with --insecure (docs/local.md).
    local: { chartVersion: DEFAULT_STRIMZI_VERSION, namespace: "strimzi", replicas: 1, resources: SMALL, featureGates: BUILD_WITH_KANIKO },
};

export function checkOperator(o: OperatorConfig, env: Environment, report: Report): void {
    checkResources(o.resources, ["operator", "resources"], report);
    if (isProductionLike(env) && o.replicas < 2) {
        report(["operator", "replicas"], `must be >= 2 in ${env}: a standby replica (leader election) keeps Kafka reconciled while a node is drained`);
    }
    const known = strimziRelease(o.chartVersion).featureGates;
    for (const gate of Object.keys(o.featureGates)) {
        if (!known.includes(gate)) {
            report(["operator", "featureGates", gate], `is not a feature gate of Strimzi ${o.chartVersion} (the operator would refuse to start); known gates: ${known.join(", ")}`);
        }
    }
}

