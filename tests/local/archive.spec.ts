import { strict as assert } from "assert";
import { createHash } from "crypto";
import { containerdHostsToml } from "../../components/local/registryManifests";
import { ProgramRun, resource } from "../support/harness";
import { DEPLOYMENT, inputsOf, JOB, KAFKA_CONNECT, KAFKA_CONNECTOR, KAFKA_TOPIC, NAMESPACE, PVC, runLocal, SECRET, SERVICE } from "./support";

const RESTRICTED_POD = { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, seccompProfile: { type: "RuntimeDefault" } };
const RESTRICTED_CONTAINER = { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } };
const OBJECT_STORE_LABELS = { "app.kubernetes.io/name": "object-store", "app.kubernetes.io/part-of": "kafka-platform" };
const REGISTRY_LABELS = { "app.kubernetes.io/name": "image-registry", "app.kubernetes.io/part-of": "kafka-platform" };
const secretRef = (name: string, secret: string, key: string) => ({ name, valueFrom: { secretKeyRef: { name: secret, key } } });

const CONNECT_POLICY = {
    Version: "2012-10-17",
    Statement: [
        {
            Sid: "WriteArchivedObjects",
            Effect: "Allow",
            Action: ["s3:PutObject", "s3:AbortMultipartUpload"],
            Resource: "arn:aws:s3:::kafka-platform-local-archive/kafka/*",
        },
    ],
};

const BUCKET_SCRIPT = [
    'export MC_HOST_store="http://${ROOT_USER}:${ROOT_PASSWORD}@${ENDPOINT_HOST}"',
    "until mc ls store >/dev/null 2>&1; do echo 'waiting for the object store'; sleep 2; done",
    'mc mb --ignore-existing "store/${BUCKET}"',
    "printf '%s' \"${CONNECT_POLICY}\" > /tmp/connect-policy.json",
    'mc admin policy create store "${POLICY_NAME}" /tmp/connect-policy.json',
    'mc admin user add store "${CONNECT_ACCESS_KEY_ID}" "${CONNECT_SECRET_ACCESS_KEY}"',
    'mc admin policy detach store "${POLICY_NAME}" --user "${CONNECT_ACCESS_KEY_ID}" >/dev/null 2>&1 || true',
    'mc admin policy attach store "${POLICY_NAME}" --user "${CONNECT_ACCESS_KEY_ID}"',
    "",
].join("\n");

describe("the local archive", () => {
    let run: ProgramRun;
    const urnOf = (type: string, name: string) => resource(run, type, name).urn;
    before(async () => {
        run = await runLocal();
    });

    describe("object store", () => {
        it("lives in the local services namespace, which enforces the restricted Pod Security Standard", () => {
            assert.deepEqual(inputsOf(run, NAMESPACE, "local-services").metadata, {
                name: "local-services",
                labels: { "pod-security.kubernetes.io/enforce": "restricted" },
            });
        });

        it("generates both passwords with @pulumi/random: 40 letters and digits", () => {
            const passwords = run.resources.filter((r) => r.type === "random:index/randomPassword:RandomPassword" && r.name.startsWith("object-store"));
            assert.deepEqual(
                passwords.map((p) => [p.name, p.inputs]),
                [
                    ["object-store-root-password", { length: 40, special: false }],
                    ["object-store-connect-secret-key", { length: 40, special: false }],
                ],
            );
        });

        it("keeps the credentials in Secrets whose data is secret, the Connect keys in both namespaces", () => {
            assert.deepEqual(
                run.resources.filter((r) => r.type === SECRET && r.name.startsWith("object-store")).map((r) => [r.name, r.inputs.metadata, r.inputs.type, r.inputs.stringData]),
                [
                    ["object-store-root", { name: "object-store-root", namespace: "local-services" }, "Opaque", "[secret]"],
                    ["object-store-connect-keys", { name: "archive-s3-credentials", namespace: "local-services" }, "Opaque", "[secret]"],
                    ["object-store-connect-keys-kafka", { name: "archive-s3-credentials", namespace: "kafka" }, "Opaque", "[secret]"],
                ],
            );
            assert.ok(resource(run, SECRET, "object-store-root").dependencies.includes(urnOf("random:index/randomPassword:RandomPassword", "object-store-root-password")));
            for (const name of ["object-store-connect-keys", "object-store-connect-keys-kafka"]) {
                assert.ok(resource(run, SECRET, name).dependencies.includes(urnOf("random:index/randomPassword:RandomPassword", "object-store-connect-secret-key")), name);
            }
        });

        it("never shows a generated password in the plan or the outputs", () => {
            const generated = ["object-store-root-password", "object-store-connect-secret-key"].map((name) =>
                createHash("sha256").update(`random:index/randomPassword:RandomPassword-${name}`).digest("hex").slice(0, 40),
            );
            const everything = JSON.stringify({ resources: run.resources, outputs: run.outputs });
            for (const value of generated) {
                assert.ok(!everything.includes(value));
            }
        });

        it("runs MinIO as the region of the stack on a 5Gi claim of the default StorageClass", () => {
            assert.deepEqual(inputsOf(run, PVC, "object-store-data"), {
                apiVersion: "v1",
                kind: "PersistentVolumeClaim",
                metadata: { name: "object-store", namespace: "local-services", labels: { "app.kubernetes.io/part-of": "kafka-platform" } },
                spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "5Gi" } } },
            });
            assert.deepEqual(inputsOf(run, DEPLOYMENT, "object-store-server"), {
                apiVersion: "apps/v1",
                kind: "Deployment",
                metadata: { name: "object-store", namespace: "local-services", labels: OBJECT_STORE_LABELS },
                spec: {
                    replicas: 1,
                    strategy: { type: "Recreate" },
                    selector: { matchLabels: OBJECT_STORE_LABELS },
                    template: {
                        metadata: { labels: OBJECT_STORE_LABELS },
                        spec: {
                            automountServiceAccountToken: false,
                            securityContext: RESTRICTED_POD,
                            containers: [
                                {
                                    name: "minio",
                                    image: "quay.io/minio/minio:RELEASE.2025-09-07T16-13-09Z",
                                    args: ["server", "/data", "--address", ":9000", "--console-address", ":9001", "--certs-dir", "/tmp/certs"],
                                    env: [
                                        secretRef("MINIO_ROOT_USER", "object-store-root", "root-user"),
                                        secretRef("MINIO_ROOT_PASSWORD", "object-store-root", "root-password"),
                                        { name: "MINIO_SITE_REGION", value: "eu-west-1" },
                                    ],
                                    ports: [
                                        { name: "s3", containerPort: 9000 },
                                        { name: "console", containerPort: 9001 },
                                    ],
                                    readinessProbe: { httpGet: { path: "/minio/health/ready", port: 9000 }, periodSeconds: 5 },
                                    livenessProbe: { httpGet: { path: "/minio/health/live", port: 9000 }, periodSeconds: 10, failureThreshold: 6 },
                                    resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "512Mi" } },
                                    securityContext: RESTRICTED_CONTAINER,
                                    volumeMounts: [
                                        { name: "data", mountPath: "/data" },
                                        { name: "tmp", mountPath: "/tmp" },
                                    ],
                                },
                            ],
                            volumes: [
                                { name: "data", persistentVolumeClaim: { claimName: "object-store" } },
                                { name: "tmp", emptyDir: { sizeLimit: "64Mi" } },
                            ],
                        },
                    },
                },
            });
            assert.deepEqual(inputsOf(run, SERVICE, "object-store-service").spec, {
                type: "ClusterIP",
                selector: OBJECT_STORE_LABELS,
                ports: [
                    { name: "s3", port: 9000, targetPort: 9000 },
                    { name: "console", port: 9001, targetPort: 9001 },
                ],
            });
        });

        it("creates the bucket and a Connect user limited to writing below the archive prefix, once MinIO runs", () => {
            const job = resource(run, JOB, "object-store-bucket");
            assert.deepEqual(job.inputs, {
                apiVersion: "batch/v1",
                kind: "Job",
                metadata: { namespace: "local-services", labels: { "app.kubernetes.io/name": "object-store-bucket", "app.kubernetes.io/part-of": "kafka-platform" } },
                spec: {
                    backoffLimit: 6,
                    activeDeadlineSeconds: 600,
                    template: {
                        metadata: { labels: { "app.kubernetes.io/name": "object-store-bucket" } },
                        spec: {
                            restartPolicy: "OnFailure",
                            automountServiceAccountToken: false,
                            securityContext: RESTRICTED_POD,
                            containers: [
                                {
                                    name: "mc",
                                    image: "quay.io/minio/mc:RELEASE.2025-08-13T08-35-41Z",
                                    command: ["/bin/sh", "-ec", BUCKET_SCRIPT],
                                    env: [
                                        { name: "HOME", value: "/tmp" },
                                        { name: "ENDPOINT_HOST", value: "object-store.local-services.svc:9000" },
                                        { name: "BUCKET", value: "kafka-platform-local-archive" },
                                        { name: "POLICY_NAME", value: "archive-connect-write" },
                                        { name: "CONNECT_POLICY", value: JSON.stringify(CONNECT_POLICY) },
                                        secretRef("ROOT_USER", "object-store-root", "root-user"),
                                        secretRef("ROOT_PASSWORD", "object-store-root", "root-password"),
                                        secretRef("CONNECT_ACCESS_KEY_ID", "archive-s3-credentials", "access-key-id"),
                                        secretRef("CONNECT_SECRET_ACCESS_KEY", "archive-s3-credentials", "secret-access-key"),
                                    ],
                                    resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "128Mi" } },
                                    securityContext: RESTRICTED_CONTAINER,
                                    volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
                                },
                            ],
                            volumes: [{ name: "tmp", emptyDir: { sizeLimit: "16Mi" } }],
                        },
                    },
                },
            });
            for (const [type, name] of [
                [DEPLOYMENT, "object-store-server"],
                [SERVICE, "object-store-service"],
                [SECRET, "object-store-root"],
                [SECRET, "object-store-connect-keys"],
            ]) {
                assert.ok(job.dependencies.includes(urnOf(type, name)), name);
            }
        });
    });

    describe("image registry", () => {
        it("runs the Distribution registry on a 5Gi claim, its Service on node port 30500", () => {
            const registry = inputsOf(run, DEPLOYMENT, "image-registry-server");
            assert.deepEqual(registry.spec.template.spec, {
                automountServiceAccountToken: false,
                securityContext: RESTRICTED_POD,
                containers: [
                    {
                        name: "registry",
                        image: "docker.io/library/registry:3.0.0",
                        ports: [{ name: "registry", containerPort: 5000 }],
                        readinessProbe: { httpGet: { path: "/", port: 5000 }, periodSeconds: 5 },
                        livenessProbe: { httpGet: { path: "/", port: 5000 }, periodSeconds: 10, failureThreshold: 6 },
                        resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } },
                        securityContext: RESTRICTED_CONTAINER,
                        volumeMounts: [{ name: "data", mountPath: "/var/lib/registry" }],
                    },
                ],
                volumes: [{ name: "data", persistentVolumeClaim: { claimName: "image-registry" } }],
            });
            assert.deepEqual(inputsOf(run, PVC, "image-registry-data").spec, { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "5Gi" } } });
            assert.deepEqual(inputsOf(run, SERVICE, "image-registry-service").spec, {
                type: "NodePort",
                selector: REGISTRY_LABELS,
                ports: [{ name: "registry", port: 5000, targetPort: 5000, nodePort: 30500 }],
            });
        });

        it("is mapped by the node's containerd to the node port over plain HTTP", () => {
            assert.equal(containerdHostsToml(30500), '[host."http://localhost:30500"]\n  capabilities = ["pull", "resolve"]\n');
        });
    });

    describe("Kafka Connect", () => {
        it("builds the S3 sink into the in-cluster registry with Buildah, pushing over plain HTTP without credentials, and reads the store's keys from the Secret", () => {
            const spec = inputsOf(run, KAFKA_CONNECT, "archive-connect-connect").spec;
            assert.deepEqual(spec.build.output, {
                type: "docker",
                image: "image-registry.local-services.svc:5000/kafka-platform/kafka-connect:1.2.0-kafka-4.3.1-abd87b91a304",
                additionalPushOptions: ["--tls-verify=false"],
            });
            assert.deepEqual(spec.build.plugins, [
                {
                    name: "aiven-s3-sink",
                    artifacts: [{ type: "zip", url: "https://github.com/Aiven-Open/cloud-storage-connectors-for-apache-kafka/releases/download/v3.4.2/s3-sink-connector-for-apache-kafka-3.4.2.zip" }],
                },
            ]);
            assert.deepEqual(spec.config, {
                "key.converter": "org.apache.kafka.connect.storage.StringConverter",
                "value.converter": "org.apache.kafka.connect.json.JsonConverter",
                "value.converter.schemas.enable": false,
                "config.storage.replication.factor": 1,
                "offset.storage.replication.factor": 1,
                "status.storage.replication.factor": 1,
                "offset.flush.interval.ms": 30000,
            });
            assert.deepEqual(spec.template, {
                connectContainer: {
                    env: [
                        secretRef("ARCHIVE_S3_ACCESS_KEY_ID", "archive-s3-credentials", "access-key-id"),
                        secretRef("ARCHIVE_S3_SECRET_ACCESS_KEY", "archive-s3-credentials", "secret-access-key"),
                    ],
                },
                podDisruptionBudget: { maxUnavailable: 1 },
            });
            assert.equal(spec.replicas, 1);
            assert.ok(!("rack" in spec));
        });

        it("waits for the registry and the Connect keys in the Kafka namespace", () => {
            const connect = resource(run, KAFKA_CONNECT, "archive-connect-connect");
            for (const [type, name] of [
                [DEPLOYMENT, "image-registry-server"],
                [SERVICE, "image-registry-service"],
                [SECRET, "object-store-connect-keys-kafka"],
            ]) {
                assert.ok(connect.dependencies.includes(urnOf(type, name)), name);
            }
        });

        it("points the same Aiven sink at MinIO: endpoint, region and keys as ${strimzienv:...} placeholders, resolved by the provider Strimzi registers", () => {
            const connector = inputsOf(run, KAFKA_CONNECTOR, "archive-connect-archive-jsonl-shop");
            assert.deepEqual(connector.metadata, {
                name: "archive-jsonl-shop",
                namespace: "kafka",
                labels: { "strimzi.io/cluster": "archive", "kafka-platform.io/team": "shop" },
                annotations: { "pulumi.com/waitFor": '["condition=Ready","jsonpath={.status.connectorStatus.connector.state}=RUNNING"]' },
            });
            assert.deepEqual(connector.spec, {
                class: "io.aiven.kafka.connect.s3.AivenKafkaConnectS3SinkConnector",
                tasksMax: 1,
                autoRestart: { enabled: true },
                config: {
                    topics: "shop.orders",
                    "aws.s3.bucket.name": "kafka-platform-local-archive",
                    "aws.s3.region": "eu-west-1",
                    "aws.s3.endpoint": "http://object-store.local-services.svc:9000",
                    "aws.access.key.id": "${strimzienv:ARCHIVE_S3_ACCESS_KEY_ID}",
                    "aws.secret.access.key": "${strimzienv:ARCHIVE_S3_SECRET_ACCESS_KEY}",
                    "file.name.template":
                        "kafka/shop/{{topic}}/year={{timestamp:unit=yyyy}}/month={{timestamp:unit=MM}}/day={{timestamp:unit=dd}}/hour={{timestamp:unit=HH}}/{{partition:padding=true}}-{{start_offset:padding=true}}.jsonl.gz",
                    "file.name.timestamp.timezone": "UTC",
                    "file.name.timestamp.source": "wallclock",
                    "file.compression.type": "gzip",
                    "file.max.records": 50000,
                    "format.output.type": "jsonl",
                    "format.output.fields": "value",
                    "format.output.fields.value.encoding": "none",
                    "format.output.envelope": false,
                    "errors.tolerance": "all",
                    "errors.log.enable": true,
                    "errors.log.include.messages": false,
                    "errors.deadletterqueue.topic.name": "archive-jsonl-shop-dlq",
                    "errors.deadletterqueue.topic.replication.factor": 1,
                    "errors.deadletterqueue.context.headers.enable": true,
                },
            });
        });

        it("archives the demo topic too, and starts every connector only after the bucket Job", () => {
            const job = urnOf(JOB, "object-store-bucket");
            for (const name of ["archive-connect-archive-jsonl-demo", "archive-connect-archive-jsonl-shop"]) {
                const connector = resource(run, KAFKA_CONNECTOR, name);
                assert.ok(connector.dependencies.includes(job), name);
            }
            assert.equal(inputsOf(run, KAFKA_CONNECTOR, "archive-connect-archive-jsonl-demo").spec.config.topics, "demo.web-activity");
        });

        it("creates the dead-letter topics at the cluster's RF 1", () => {
            assert.deepEqual(inputsOf(run, KAFKA_TOPIC, "archive-connect-archive-jsonl-shop-dlq").spec, {
                topicName: "archive-jsonl-shop-dlq",
                partitions: 1,
                replicas: 1,
                config: { "cleanup.policy": "delete", "retention.ms": 604800000, "min.insync.replicas": 1 },
            });
        });
    });

    describe("demo producer", () => {
        it("is on by default and runs anywhere on the node", () => {
            const producer = inputsOf(run, DEPLOYMENT, "archive-demo-producer");
            assert.equal(producer.metadata.name, "demo-web-activity-producer");
            assert.ok(!("nodeSelector" in producer.spec.template.spec));
        });

        it("is off with archive.demo.enabled: false, and so is its connector", async () => {
            const quiet = await runLocal({ archive: { demo: { enabled: false } } });
            assert.deepEqual(
                quiet.resources.filter((r) => r.type === KAFKA_CONNECTOR).map((r) => r.name),
                ["archive-connect-archive-jsonl-shop"],
            );
            assert.ok(!("demoTopic" in quiet.outputs));
        });
    });

    describe("with local.ephemeralStorage", () => {
        it("claims no volume: the object store and the registry keep their data in emptyDirs of their size", async () => {
            const ephemeral = await runLocal({ local: { ephemeralStorage: true } });
            assert.deepEqual(ephemeral.resources.filter((r) => r.type === PVC), []);
            assert.deepEqual(inputsOf(ephemeral, DEPLOYMENT, "object-store-server").spec.template.spec.volumes[0], { name: "data", emptyDir: { sizeLimit: "5Gi" } });
            assert.deepEqual(inputsOf(ephemeral, DEPLOYMENT, "image-registry-server").spec.template.spec.volumes, [{ name: "data", emptyDir: { sizeLimit: "5Gi" } }]);
        });
    });

    it("uses the stack's region for MinIO and the sink alike", async () => {
        const other = await runLocal({ region: "us-east-1" });
        assert.deepEqual(inputsOf(other, DEPLOYMENT, "object-store-server").spec.template.spec.containers[0].env[2], { name: "MINIO_SITE_REGION", value: "us-east-1" });
        assert.equal(inputsOf(other, KAFKA_CONNECTOR, "archive-connect-archive-jsonl-shop").spec.config["aws.s3.region"], "us-east-1");
    });
});
