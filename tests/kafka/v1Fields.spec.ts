import { strict as assert } from "assert";
import { ProgramRun } from "../support/harness";
import { runPatched, stackRuns } from "./support";
import { fieldsOutside, V1_FIELDS_BY_KIND } from "./strimziV1Fields";

const STRIMZI_PREFIX = "kubernetes:kafka.strimzi.io/v1:";

function strimziManifests(run: ProgramRun): { kind: string; name: string; manifest: Record<string, unknown> }[] {
    return run.resources
        .filter((r) => r.type.startsWith(STRIMZI_PREFIX))
        .map((r) => ({ kind: r.type.slice(STRIMZI_PREFIX.length), name: r.name, manifest: r.inputs }));
}

describe("rendered Strimzi resources use only v1 fields", () => {
    const runs = stackRuns(["dev", "staging", "prod"]);

    it("the allow-list catches fields v1 removed and misspelt fields", () => {
        const stale = { apiVersion: "kafka.strimzi.io/v1", kind: "Kafka", metadata: { name: "x" }, spec: { kafka: { replicas: 3, storage: { type: "ephemeral" }, listeners: [{ name: "tls", port: 9093, type: "internal", tls: true, authentification: { type: "tls" } }] } } };
        assert.deepEqual(fieldsOutside(stale, V1_FIELDS_BY_KIND.Kafka), [
            "spec.kafka.replicas",
            "spec.kafka.storage.type",
            "spec.kafka.listeners[].authentification.type",
        ]);
    });

    for (const stack of ["dev", "staging", "prod"]) {
        it(`${stack}: a Kafka and two node pools, every field in the v1 allow-list`, () => {
            const manifests = strimziManifests(runs[stack]);
            assert.deepEqual(manifests.map((m) => `${m.kind}/${m.name}`).sort(), ["Kafka/kafka-kafka", "KafkaNodePool/kafka-broker", "KafkaNodePool/kafka-controller"]);
            for (const m of manifests) {
                assert.equal(m.manifest.apiVersion, "kafka.strimzi.io/v1");
                assert.deepEqual(fieldsOutside(m.manifest, V1_FIELDS_BY_KIND[m.kind]), [], `${m.kind}/${m.name}`);
            }
        });
    }

    it("variants (ephemeral dev storage, SCRAM external listener, CPU limits) stay inside the allow-list", async () => {
        const run = await runPatched("dev", {
            kafka: {
                brokers: { storage: { type: "ephemeral" }, resources: { limits: { cpu: "2" } } },
                controllers: { storage: { type: "ephemeral" } },
                listeners: { external: { enabled: true, authentication: "scram-sha-512", allowedCidrs: ["10.40.0.0/16"] } },
            },
        });
        for (const m of strimziManifests(run)) {
            assert.deepEqual(fieldsOutside(m.manifest, V1_FIELDS_BY_KIND[m.kind]), [], `${m.kind}/${m.name}`);
        }
    });
});
