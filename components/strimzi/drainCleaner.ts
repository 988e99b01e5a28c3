import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import { drainCleanerDnsNames, DRAIN_CLEANER_CHART, renderDrainCleanerValues } from "./drainCleanerValues";

export interface DrainCleanerArgs {
    /** Version of the strimzi-drain-cleaner chart (cluster.drainCleaner.chartVersion). */
    chartVersion: string;
    /** Namespace it runs in. */
    namespace: string;
    /** Namespaces of the Kafka clusters whose pods' evictions it hands to the operator. */
    kafkaNamespaces: string[];
    provider: k8s.Provider;
    /** The nodes it is scheduled on. */
    nodes: pulumi.Resource[];
}

/** The webhook CA outlives many serving certificates, so renewing one never touches the webhook's caBundle. */
const CA_VALIDITY_HOURS = 10 * 365 * 24;
const CERT_VALIDITY_HOURS = 365 * 24;
/** Within 60 days of expiry the next `pulumi up` issues a new certificate; Drain Cleaner reloads it (certificate watch). */
const CERT_EARLY_RENEWAL_HOURS = 60 * 24;

/**
 * Strimzi Drain Cleaner from its official OCI chart, on the system nodes: when a node drain (an
 * EKS node group update, a node rotation) asks to evict a Kafka pod, it marks the pod for the
 * Strimzi operator, which rolls it only when its partitions stay in sync, instead of the eviction
 * taking it down as soon as the PodDisruptionBudget allows. The webhook's TLS certificate is issued
 * here (a private CA and a serving certificate for the chart's Service), not by cert-manager.
 */
export class DrainCleaner extends pulumi.ComponentResource {
    readonly chart: k8s.helm.v4.Chart;

    constructor(name: string, args: DrainCleanerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kafka-platform:strimzi:DrainCleaner", name, {}, opts);
        const o = { parent: this };

        const namespace = new k8s.core.v1.Namespace(`${name}-ns`, {
            metadata: { name: args.namespace, labels: { "pod-security.kubernetes.io/enforce": "restricted" } },
        }, { ...o, provider: args.provider });

        const caKey = new tls.PrivateKey(`${name}-ca`, { algorithm: "ECDSA", ecdsaCurve: "P256" }, o);
        const ca = new tls.SelfSignedCert(`${name}-ca`, {
            privateKeyPem: caKey.privateKeyPem,
            subject: { commonName: `${args.namespace} Drain Cleaner webhook CA` },
            isCaCertificate: true,
            validityPeriodHours: CA_VALIDITY_HOURS,
            allowedUses: ["cert_signing", "crl_signing"],
        }, o);
        const key = new tls.PrivateKey(`${name}-webhook`, { algorithm: "ECDSA", ecdsaCurve: "P256" }, o);
        const request = new tls.CertRequest(`${name}-webhook`, {
            privateKeyPem: key.privateKeyPem,
            subject: { commonName: drainCleanerDnsNames(args.namespace)[2] },
            dnsNames: drainCleanerDnsNames(args.namespace),
        }, o);
        const cert = new tls.LocallySignedCert(`${name}-webhook`, {
            certRequestPem: request.certRequestPem,
            caPrivateKeyPem: caKey.privateKeyPem,
            caCertPem: ca.certPem,
            validityPeriodHours: CERT_VALIDITY_HOURS,
            earlyRenewalHours: CERT_EARLY_RENEWAL_HOURS,
            allowedUses: ["digital_signature", "key_encipherment", "server_auth"],
        }, o);

        const base64 = (pem: pulumi.Output<string>) => pem.apply((text) => Buffer.from(text).toString("base64"));
        const values = renderDrainCleanerValues(args.namespace, args.kafkaNamespaces, {
            certificate: base64(cert.certPem),
            // The chart puts the key into its Secret; in the values it stays a Pulumi secret.
            privateKey: pulumi.secret(base64(key.privateKeyPem)),
            caCertificate: base64(ca.certPem),
        });
        this.chart = new k8s.helm.v4.Chart(`${name}-chart`, {
            chart: DRAIN_CLEANER_CHART,
            version: args.chartVersion,
            name: "strimzi-drain-cleaner",
            namespace: namespace.metadata.name,
            values,
        }, { ...o, provider: args.provider, dependsOn: [namespace, ...args.nodes] });

        this.registerOutputs({});
    }
}
