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
    /**
     * Every gate the release's operator accepts in STRIMZI_FEATURE_GATES, with its default. A name
     * not listed stops the operator at start ("Unknown feature gate", FeatureGates.java): that is
     * what happens to a gate that went GA and was removed in a later release.
     */
    featureGates: Readonly<Record<string, boolean>>;
}

/**
 * Strimzi releases the platform is tested with. Adding a release means adding its entry here (the
 * chart version is the Strimzi version) and checking the rendered resources against its CRDs.
 */
export const STRIMZI_RELEASES = {
    "1.2.0": {
        kafkaVersions: { "4.2.0": "4.2-IV1", "4.2.1": "4.2-IV1", "4.3.0": "4.3-IV0", "4.3.1": "4.3-IV0" },
        defaultKafkaVersion: "4.3.1",
        // operator-common/.../featuregates/FeatureGates.java at tag 1.2.0.
        featureGates: { UseConnectBuildWithBuildah: true, UseBackgroundPodDeletion: false },
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

export const OPERATOR_DEFAULTS: Record<Environment, OperatorConfig> = {
    dev: { chartVersion: DEFAULT_STRIMZI_VERSION, namespace: "strimzi", replicas: 1, resources: SMALL, featureGates: {} },
    staging: { chartVersion: DEFAULT_STRIMZI_VERSION, namespace: "strimzi", replicas: 2, resources: HARDENED, featureGates: {} },
    prod: { chartVersion: DEFAULT_STRIMZI_VERSION, namespace: "strimzi", replicas: 2, resources: HARDENED, featureGates: {} },
    local: { chartVersion: DEFAULT_STRIMZI_VERSION, namespace: "strimzi", replicas: 1, resources: SMALL, featureGates: {} },
};

/**
 * Gates the platform decides itself, so no stack may name them. UseConnectBuildWithBuildah: the
 * Connect image is built with Buildah, the operator's default, which pushes with the Secret the
 * platform keeps fresh (components/archive/pushCredentialsManifests.ts). Switching it off selects
 * Kaniko, whose project is archived, and naming it at all breaks the operator upgrade to the
 * release where the gate goes GA (1.3, planned: documentation/modules/operators/ref-operator-cluster-feature-gates.adoc of 1.2.0).
 */
export const PLATFORM_GATES: Readonly<Record<string, string>> = {
    UseConnectBuildWithBuildah:
        "is decided by the platform: Connect images are built with Buildah, Strimzi's default, which pushes with the registry Secret the platform keeps fresh; Kaniko (false) is archived upstream, and naming the gate at all stops the operator once it goes GA (planned for Strimzi 1.3); remove the key",
};

export function checkOperator(o: OperatorConfig, env: Environment, report: Report): void {
    checkResources(o.resources, ["operator", "resources"], report);
    if (isProductionLike(env) && o.replicas < 2) {
        report(["operator", "replicas"], `must be >= 2 in ${env}: a standby replica (leader election) keeps Kafka reconciled while a node is drained`);
    }
    const known = Object.keys(strimziRelease(o.chartVersion).featureGates);
    for (const gate of Object.keys(o.featureGates)) {
        if (!known.includes(gate)) {
            report(["operator", "featureGates", gate], `is not a feature gate of Strimzi ${o.chartVersion} (the operator would refuse to start); known gates: ${known.join(", ")}`);
        } else if (gate in PLATFORM_GATES) {
            report(["operator", "featureGates", gate], PLATFORM_GATES[gate]);
        }
    }
}

