import { strict as assert } from "assert";
import { ofType, resource } from "../support/harness";
import { CHART_TYPE, inputsOf, NAMESPACE_TYPE, stackRuns } from "../kafka/support";

const pemOf = (b64: unknown) => Buffer.from(String(b64), "base64").toString();

describe("Strimzi Drain Cleaner", () => {
    const runs = stackRuns(["prod", "local"]);

    it("installs the pinned official chart in legacy mode, on the system nodes, for evictions in the Kafka namespace only", () => {
        const chart = inputsOf(runs.prod, CHART_TYPE, "drain-cleaner-chart");
        const values = chart.values as Record<string, unknown>;
        const secret = values.secret as Record<string, unknown>;
        assert.deepEqual({ ...chart, values: { ...values, secret: { ...secret, tls_crt: "-", ca_bundle: "-" } } }, {
            chart: "oci://quay.io/strimzi-helm/strimzi-drain-cleaner",
            version: "1.6.0",
            name: "strimzi-drain-cleaner",
            namespace: "strimzi-drain-cleaner",
            values: {
                replicaCount: 1,
                namespace: { create: false, name: "strimzi-drain-cleaner" },
                certManager: { create: false },
                secret: { create: true, tls_crt: "-", tls_key: "[secret]", ca_bundle: "-" },
                env: [
                    { name: "STRIMZI_DRAIN_KAFKA", value: "true" },
                    { name: "STRIMZI_DRAIN_ZOOKEEPER", value: "false" },
                    { name: "STRIMZI_DENY_EVICTION", value: "false" },
                    { name: "STRIMZI_CERTIFICATE_WATCH_ENABLED", value: "true" },
                    { name: "STRIMZI_CERTIFICATE_WATCH_NAMESPACE", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } },
                    { name: "STRIMZI_CERTIFICATE_WATCH_POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
                ],
                resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
                podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
                securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, readOnlyRootFilesystem: true },
                nodeSelector: { "kafka-platform.io/node-pool": "system" },
                webhook: {
                    failurePolicy: "Ignore",
                    timeoutSeconds: 5,
                    namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: ["kafka"] }] },
                },
            },
        });
        assert.match(pemOf(secret.tls_crt), /^-----BEGIN CERTIFICATE-----\n/);
        assert.match(pemOf(secret.ca_bundle), /^-----BEGIN CERTIFICATE-----\n/);
        assert.notEqual(secret.tls_crt, secret.ca_bundle, "the webhook serves its own certificate, signed by the CA in caBundle");
    });

    it("serves the webhook with a certificate for the chart's Service, signed by a CA of its own and renewed before it expires", () => {
        assert.deepEqual(inputsOf(runs.prod, "tls:index/certRequest:CertRequest", "drain-cleaner-webhook").dnsNames, [
            "strimzi-drain-cleaner",
            "strimzi-drain-cleaner.strimzi-drain-cleaner",
            "strimzi-drain-cleaner.strimzi-drain-cleaner.svc",
        ]);
        const cert = inputsOf(runs.prod, "tls:index/locallySignedCert:LocallySignedCert", "drain-cleaner-webhook");
        assert.deepEqual([cert.validityPeriodHours, cert.earlyRenewalHours, cert.allowedUses], [8760, 1440, ["digital_signature", "key_encipherment", "server_auth"]]);
        const ca = inputsOf(runs.prod, "tls:index/selfSignedCert:SelfSignedCert", "drain-cleaner-ca");
        assert.deepEqual([ca.isCaCertificate, ca.validityPeriodHours, ca.allowedUses], [true, 87600, ["cert_signing", "crl_signing"]]);
    });

    it("runs in a namespace of its own under the restricted Pod Security Standard, once the system nodes exist", () => {
        assert.deepEqual(inputsOf(runs.prod, NAMESPACE_TYPE, "drain-cleaner-ns").metadata, {
            name: "strimzi-drain-cleaner",
            labels: { "pod-security.kubernetes.io/enforce": "restricted" },
        });
        const chart = resource(runs.prod, CHART_TYPE, "drain-cleaner-chart");
        assert.ok(chart.dependencies.includes(resource(runs.prod, "aws:eks/nodeGroup:NodeGroup", "cluster-system").urn));
        assert.ok(chart.dependencies.includes(resource(runs.prod, NAMESPACE_TYPE, "drain-cleaner-ns").urn));
    });

    it("is not installed on a local cluster, whose one node is never drained", () => {
        assert.deepEqual(ofType(runs.local, "kafka-platform:strimzi:DrainCleaner"), []);
    });
});
