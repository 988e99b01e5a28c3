import { strict as assert } from "assert";
import { readStackConfig } from "../../automation/harness/stackFiles";
import { ConfigError, mergeDefaults, parseConfig, parseStackConfig } from "../../components/config";
import { LOCAL_REFUSED } from "../../components/config/local";
import { localConfigWith, localProblems, parseLocal } from "../local/support";

const problem = (path: string, message: string, got: unknown) => `kafka-platform:${path}: ${message} (got ${JSON.stringify(got)})`;

describe("local stack config", () => {
    describe("Pulumi.local.yaml with the local profile", () => {
        const config = parseLocal(localConfigWith());

        it("is a local stack in region eu-west-1 (Pulumi.yaml's default), on the kind cluster's context and the user's kubeconfig", () => {
            assert.equal(config.mode, "local");
            assert.equal(config.environment, "local");
            assert.equal(config.region, "eu-west-1");
            assert.deepEqual(config.local, {
                context: "kind-kafka-platform",
                ephemeralStorage: false,
                namespace: "local-services",
                objectStore: {
                    image: "quay.io/minio/minio:RELEASE.2025-09-07T16-13-09Z",
                    clientImage: "quay.io/minio/mc:RELEASE.2025-08-13T08-35-41Z",
                    size: "5Gi",
                },
                registry: { image: "docker.io/library/registry:3.0.0", nodePort: 30500, size: "5Gi" },
            });
        });

        it("has no AWS section at all", () => {
            for (const key of ["tags", "network", "cluster"]) {
                assert.ok(!(key in config), key);
            }
        });

        it("runs one operator replica that names no feature gate, so Connect images are built with Buildah as on AWS", () => {
            assert.equal(config.operator.replicas, 1);
            assert.deepEqual(config.operator.featureGates, {});
        });

        it("sizes a single-node Kafka: one broker, RF 1, min ISR 1, a 10Gi persistent volume, no controllers or Cruise Control", () => {
            const k = config.kafka;
            assert.equal(k.topology, "single-node");
            assert.deepEqual([k.brokers.replicas, k.defaultReplicationFactor, k.minInsyncReplicas], [1, 1, 1]);
            assert.deepEqual(k.brokers.storage, { type: "persistent-claim", volumes: [{ size: "10Gi" }] });
            assert.deepEqual(k.brokers.resources, { requests: { cpu: "250m", memory: "1Gi" }, limits: { memory: "1Gi" } });
            assert.deepEqual(k.brokers.jvmOptions, { "-Xms": "512m", "-Xmx": "512m" });
            assert.ok(!("controllers" in k) && !("cruiseControl" in k));
        });

        it("archives with one Connect worker that flushes every 30 s, and runs the demo producer", () => {
            assert.equal(config.archive.connect.replicas, 1);
            assert.equal(config.archive.connect.flush.intervalMs, 30_000);
            assert.equal(config.archive.demo.enabled, true);
            assert.ok(!("bucket" in config.archive));
            assert.ok(!("imageRepository" in config.archive.connect));
        });

        it("reads teams in the same shape as the other environments, into the same typed teams", () => {
            const teams = readStackConfig("local").config.teams;
            const dev = parseConfig({ ...readStackConfig("dev").config, teams }, "dev");
            assert.deepEqual(config.teams, dev.teams);
            assert.deepEqual(Object.keys(config.teams), ["shop"]);
        });
    });

    describe("options", () => {
        it("takes a kubeconfig path and a StorageClass", () => {
            const config = parseLocal(localConfigWith({ local: { kubeconfig: "/home/me/.kube/kind.yaml", storageClass: "standard" } }));
            assert.equal(config.local.kubeconfig, "/home/me/.kube/kind.yaml");
            assert.equal(config.local.storageClass, "standard");
        });

        it("local.ephemeralStorage makes the Kafka volumes ephemeral", () => {
            const config = parseLocal(localConfigWith({ local: { ephemeralStorage: true } }));
            assert.deepEqual(config.kafka.brokers.storage, { type: "ephemeral", volumes: [{ size: "10Gi" }] });
        });

        it("three brokers take RF up to 3", () => {
            const config = parseLocal(localConfigWith({ kafka: { brokers: { replicas: 3 }, defaultReplicationFactor: 3, minInsyncReplicas: 2 } }));
            assert.deepEqual([config.kafka.brokers.replicas, config.kafka.defaultReplicationFactor, config.kafka.minInsyncReplicas], [3, 3, 2]);
        });
    });

    describe("refuses what a local stack cannot honour, by name, with why", () => {
        const refusals: [path: string, patch: Record<string, unknown>, got: unknown, message: string][] = [
            ["tags", { tags: { owner: "me" } }, { owner: "me" }, "has no effect in environment local: tags are added to AWS resources, and a local stack creates none"],
            [
                "network",
                { network: { cidr: "10.40.0.0/16" } },
                { cidr: "10.40.0.0/16" },
                "has no effect in environment local: no VPC is created; the stack deploys onto the existing cluster of local.context",
            ],
            [
                "cluster",
                { cluster: { version: "1.34" } },
                { version: "1.34" },
                "has no effect in environment local: no EKS cluster is created; point local.context (and local.kubeconfig) at the cluster to deploy onto",
            ],
            [
                "kafka.controllers",
                { kafka: { controllers: { storage: { size: "5Gi" } } } },
                { storage: { size: "5Gi" } },
                "has no effect in environment local: the local cluster runs one node pool with both the controller and the broker role, sized by kafka.brokers",
            ],
            [
                "kafka.cruiseControl",
                { kafka: { cruiseControl: { brokerCapacity: { inboundNetwork: "1000KiB/s" } } } },
                { brokerCapacity: { inboundNetwork: "1000KiB/s" } },
                "has no effect in environment local: Cruise Control is not deployed on a local cluster, whose brokers share one node and have nowhere to move partitions to",
            ],
            [
                "kafka.brokers.storage.type",
                { kafka: { brokers: { storage: { type: "ephemeral" } } } },
                "ephemeral",
                "is set by local.ephemeralStorage in environment local: one switch for every volume of the local stack",
            ],
            [
                "kafka.listeners.external",
                { kafka: { listeners: { external: { enabled: true, authentication: "tls", allowedCidrs: ["10.0.0.0/8"] } } } },
                { enabled: true, authentication: "tls", allowedCidrs: ["10.0.0.0/8"] },
                "is not available in environment local: the external listener sits behind an internal AWS Network Load Balancer; clients in the cluster use the tls (9093) and scram (9094) listeners",
            ],
            [
                "archive.bucket.encryption",
                { archive: { bucket: { encryption: "kms" } } },
                "kms",
                "cannot be honoured in environment local: KMS and SSE-S3 are AWS services; the local object store keeps objects unencrypted on its own volume",
            ],
            [
                "archive.bucket.kmsKeyDeletionWindowDays",
                { archive: { bucket: { kmsKeyDeletionWindowDays: 30 } } },
                30,
                "has no effect in environment local: no KMS key is created",
            ],
            [
                "archive.bucket.forceDestroy",
                { archive: { bucket: { forceDestroy: false } } },
                false,
                "has no effect in environment local: the local bucket lives on the object store's volume, which pulumi destroy deletes with everything on it",
            ],
            [
                "archive.bucket.lifecycle",
                { archive: { bucket: { lifecycle: { expirationDays: 30 } } } },
                { expirationDays: 30 },
                "cannot be honoured in environment local: storage class transitions and expiry are S3 lifecycle rules; the local object store keeps objects until the stack is destroyed",
            ],
            [
                "archive.connect.imageRepository",
                { archive: { connect: { imageRepository: { keepImages: 5 } } } },
                { keepImages: 5 },
                "has no effect in environment local: there is no ECR repository; the Connect image goes to the in-cluster registry (local.registry)",
            ],
        ];

        it("covers every refused key", () => {
            assert.deepEqual(
                refusals.map(([path]) => path),
                LOCAL_REFUSED.map(([path]) => path.join(".")),
            );
        });

        for (const [path, patch, got, message] of refusals) {
            it(path, () => {
                assert.deepEqual(localProblems(localConfigWith(patch)), [problem(path, message, got)]);
            });
        }

        it("reports them all at once, in one error", () => {
            const patch = refusals.reduce<Record<string, unknown>>((all, [, p]) => mergeDefaults(all, p) as Record<string, unknown>, {});
            assert.deepEqual(
                localProblems(localConfigWith(patch)),
                refusals.map(([path, , got, message]) => problem(path, message, got)),
            );
        });

        it("leaves other keys under a refused section to the schema, which names the keys a local archive has", () => {
            assert.deepEqual(localProblems(localConfigWith({ archive: { bucket: { encryption: "kms", versioning: true } } })), [
                problem("archive.bucket.encryption", refusals[7][3], "kms"),
                problem("archive.bucket", "unknown key; allowed keys here: prefix, connect, demo", { versioning: true }),
            ]);
        });
    });

    describe("rules", () => {
        it("refuses a replication factor above the brokers", () => {
            assert.deepEqual(localProblems(localConfigWith({ kafka: { defaultReplicationFactor: 3, minInsyncReplicas: 2 } })), [
                problem("kafka.defaultReplicationFactor", "must be <= kafka.brokers.replicas (1): every replica of a partition needs a broker of its own", 3),
            ]);
        });

        it("refuses a min ISR above 1 at RF 1", () => {
            assert.deepEqual(localProblems(localConfigWith({ kafka: { minInsyncReplicas: 2 } })), [
                problem("kafka.minInsyncReplicas", "must be 1 when kafka.defaultReplicationFactor is 1: a partition with one replica never has more in sync", 2),
            ]);
        });

        it("refuses an even number of dual-role nodes", () => {
            assert.deepEqual(localProblems(localConfigWith({ kafka: { brokers: { replicas: 2 }, defaultReplicationFactor: 2 } })), [
                problem(
                    "kafka.brokers.replicas",
                    "must be odd in environment local: the pool also holds the KRaft controller quorum, which needs a majority, so an even count tolerates no more failures than one node fewer",
                    2,
                ),
            ]);
        });

        it("refuses a StorageClass with ephemeral storage", () => {
            assert.deepEqual(localProblems(localConfigWith({ local: { ephemeralStorage: true, storageClass: "standard" } })), [
                problem("local.storageClass", "has no effect while local.ephemeralStorage is true: no volume is claimed; remove one of them", "standard"),
            ]);
        });

        it("checks the local section's values", () => {
            assert.deepEqual(
                localProblems(localConfigWith({ local: { kubeconfig: "apiVersion: v1\nkind: Config", context: "", registry: { nodePort: 8080 }, storageClass: "Fast_SSD" } })),
                [
                    problem("local.kubeconfig", "must be the path of a kubeconfig file such as /home/me/.kube/config, not its contents", "apiVersion: v1\nkind: Config"),
                    problem("local.context", "must be at least 1 character(s) long", ""),
                    problem("local.storageClass", "must be a StorageClass name (a DNS-1123 subdomain) such as standard", "Fast_SSD"),
                    problem("local.registry.nodePort", "must be an integer >= 30000", 8080),
                ],
            );
        });

        it("checks team topics against the one broker as everywhere", () => {
            assert.deepEqual(localProblems(localConfigWith({ teams: { shop: { topics: [{ name: "orders", partitions: 3, replicas: 3, archive: true }] } } })), [
                problem("teams.shop.topics.0.replicas", "must be <= 1, the number of brokers (each replica of a partition needs a broker of its own)", 3),
            ]);
        });

        it("reserves the demo team while the demo runs, as everywhere", () => {
            assert.deepEqual(localProblems(localConfigWith({ teams: { demo: { topics: [{ name: "clicks", partitions: 1 }] } } })), [
                problem(
                    "teams.demo",
                    "is reserved for the demo pipeline while archive.demo.enabled is true (its topic demo.web-activity and user would collide with this team's); rename the team or set archive.demo.enabled: false",
                    { topics: [{ name: "clicks", partitions: 1 }] },
                ),
            ]);
        });
    });

    describe("stack kinds", () => {
        it("parseStackConfig picks the local parser for environment local", () => {
            assert.equal(parseStackConfig(localConfigWith(), "local").mode, "local");
        });

        it("parseConfig, which reads AWS stacks, refuses to read a local one", () => {
            assert.throws(() => parseConfig(localConfigWith(), "local"), {
                message: "parseConfig reads the stacks of an AWS environment; environment local is read by parseLocalConfig (parseStackConfig picks the right one)",
            });
        });

        it("a team's own stack is refused in environment local", () => {
            const raw = { environment: "local", region: "eu-west-1", platformStack: "organization/kafka-platform/local", teams: { shop: {} } };
            assert.throws(
                () => parseStackConfig(raw, "shop-local"),
                (e: unknown) => {
                    assert.ok(ConfigError.isConfigError(e));
                    assert.equal(
                        e.message,
                        'invalid stack config (1 problem):\n  - kafka-platform:platformStack: is not supported in environment local: a team\'s own stack deploys with the kubeconfig its platform stack outputs, and a local platform stack uses yours; put the team in the teams section of the local platform stack instead (got "organization/kafka-platform/local")',
                    );
                    return true;
                },
            );
        });
    });
});
