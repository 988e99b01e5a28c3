import { strict as assert } from "assert";
import { eksControlPlaneLogging, eksEndpointRestricted, eksPolicies, eksSecretsEncryption, eksSupportedVersion } from "../../policies/rules/eks";
import { resourceMessages, testUrn, UNKNOWN_INPUT, validateResource } from "../support/policyArgs";
import { awsEksCluster, EKS_CLUSTER, EKS_COMPONENT, eksComponent, Obj } from "../support/policyFixtures";

function edited(base: Obj, edit: (o: Obj) => void): Obj {
    edit(base);
    return base;
}

const component = (edit: (o: Obj) => void) => edited(eksComponent(), edit);
const cluster = (edit: (o: Obj) => void) => edited(awsEksCluster(), edit);

describe("EKS policies", () => {
    describe("judge what the engine analyzes", () => {
        const componentUrn = testUrn(EKS_COMPONENT, "cluster-eks", "kafka-platform:cluster:EksCluster");
        const openChild = { name: "c", vpcConfig: { subnetIds: ["subnet-1"] } };

        it("pass the prod component's inputs and a hardened aws.eks.Cluster", async () => {
            for (const policy of eksPolicies) {
                assert.deepEqual(await resourceMessages(policy, EKS_COMPONENT, eksComponent()), [], policy.name);
                assert.deepEqual(await resourceMessages(policy, EKS_CLUSTER, awsEksCluster()), [], policy.name);
            }
        });

        it("leave the component alone when its registration carries no options, as @pulumi/eks 4.3.0's provider (SDK 3.173) sends it", async () => {
            for (const policy of eksPolicies) {
                assert.deepEqual(
                    await validateResource(policy, EKS_COMPONENT, {}),
                    { messages: [], notApplicable: "the eks:index:Cluster registration carries no options (its provider's SDK sends none); judged on its aws:eks/cluster:Cluster child" },
                    policy.name,
                );
            }
        });

        it("judge the aws:eks/cluster:Cluster child of an eks:index:Cluster, where pulumi-eks puts the settings", async () => {
            const outcome = await validateResource(eksSecretsEncryption, EKS_CLUSTER, openChild, { name: "cluster-eks-eksCluster", parent: componentUrn });
            assert.deepEqual(outcome, {
                messages: ['encryptionConfig is not set, so Kubernetes Secrets sit in etcd without KMS envelope encryption; set encryptionConfig: { resources: ["secrets"], provider: { keyArn: <KMS key ARN> } }.'],
            });
            const byUrnOnly = await validateResource(eksSupportedVersion, EKS_CLUSTER, openChild, { urn: testUrn(EKS_CLUSTER, "cluster-eks-eksCluster", EKS_COMPONENT) });
            assert.deepEqual(byUrnOnly.messages, ["version is not set, so EKS picks whatever version is its default on the day the cluster is created; set it to one of 1.32, 1.33, 1.34 or 1.35."]);
        });

        it("say what they cannot judge when a guarded setting is unknown, after reporting what they can", async () => {
            const unknownKey = cluster((c) => (c.encryptionConfig = UNKNOWN_INPUT));
            assert.deepEqual(await validateResource(eksSecretsEncryption, EKS_CLUSTER, unknownKey), {
                messages: [],
                notApplicable: "cannot judge during preview: encryptionConfig is unknown until the update; pulumi up judges it before applying",
            });
            const openAndUnknown = cluster((c) => Object.assign(c.vpcConfig, { endpointPublicAccess: true, publicAccessCidrs: ["0.0.0.0/0", UNKNOWN_INPUT] }));
            assert.deepEqual(await validateResource(eksEndpointRestricted, EKS_CLUSTER, openAndUnknown), {
                messages: ['vpcConfig.publicAccessCidrs includes "0.0.0.0/0", the whole internet; list only office or VPN ranges of /16 or narrower, or set vpcConfig.endpointPublicAccess: false.'],
                notApplicable: "cannot judge during preview: vpcConfig.publicAccessCidrs[1] is unknown until the update; pulumi up judges it before applying",
            });
        });
    });

    describe("policy eks-endpoint-restricted", () => {
        const check = (type: string, props: Obj, config?: Record<string, unknown>) => resourceMessages(eksEndpointRestricted, type, props, { config });

        it("passes a private endpoint, and a public one limited to narrow ranges", async () => {
            assert.deepEqual(await check(EKS_COMPONENT, component((c) => Object.assign(c, { endpointPublicAccess: false, publicAccessCidrs: undefined }))), []);
            assert.deepEqual(await check(EKS_COMPONENT, eksComponent(), { minPublicCidrPrefixLength: 28 }), []);
        });

        it("reports a public endpoint with no CIDRs (EKS then allows 0.0.0.0/0), set or by default", async () => {
            assert.deepEqual(await check(EKS_COMPONENT, component((c) => delete c.publicAccessCidrs)), [
                "The API endpoint is public (endpointPublicAccess is true) and publicAccessCidrs is not set, so EKS opens it to 0.0.0.0/0; set publicAccessCidrs to your office or VPN ranges, or endpointPublicAccess: false.",
            ]);
            assert.deepEqual(await check(EKS_CLUSTER, cluster((c) => delete c.vpcConfig.endpointPublicAccess)), [
                "The API endpoint is public (vpcConfig.endpointPublicAccess is not set; EKS's default is public) and vpcConfig.publicAccessCidrs is not set, so EKS opens it to 0.0.0.0/0; set vpcConfig.publicAccessCidrs to your office or VPN ranges, or vpcConfig.endpointPublicAccess: false.",
            ]);
        });

        it("reports 0.0.0.0/0 and ranges wider than the configured prefix", async () => {
            assert.deepEqual(await check(EKS_COMPONENT, component((c) => (c.publicAccessCidrs = ["198.51.100.16/28", "0.0.0.0/0"]))), [
                'publicAccessCidrs includes "0.0.0.0/0", the whole internet; list only office or VPN ranges of /16 or narrower, or set endpointPublicAccess: false.',
            ]);
            assert.deepEqual(await check(EKS_COMPONENT, component((c) => (c.publicAccessCidrs = ["10.0.0.0/16"])), { minPublicCidrPrefixLength: 24 }), [
                'publicAccessCidrs includes "10.0.0.0/16"; list only office or VPN ranges of /24 or narrower, or set endpointPublicAccess: false.',
            ]);
        });

        it("reports any public endpoint when the config forbids one", async () => {
            assert.deepEqual(await check(EKS_COMPONENT, eksComponent(), { allowPublicAccess: false }), [
                "The API endpoint is public (endpointPublicAccess is true); set endpointPublicAccess: false with private access on, and reach the API from inside the VPC.",
            ]);
        });

        it("cannot judge unknown values, and says so", async () => {
            assert.deepEqual(await validateResource(eksEndpointRestricted, EKS_COMPONENT, component((c) => (c.publicAccessCidrs = UNKNOWN_INPUT))), {
                messages: [],
                notApplicable: "cannot judge during preview: publicAccessCidrs is unknown until the update; pulumi up judges it before applying",
            });
            assert.deepEqual(await validateResource(eksEndpointRestricted, EKS_COMPONENT, component((c) => (c.endpointPublicAccess = UNKNOWN_INPUT))), {
                messages: [],
                notApplicable: "cannot judge during preview: endpointPublicAccess is unknown until the update; pulumi up judges it before applying",
            });
        });
    });

    describe("policy eks-control-plane-logging", () => {
        const check = (props: Obj, config?: Record<string, unknown>) => resourceMessages(eksControlPlaneLogging, EKS_COMPONENT, props, { config });

        it("reports missing log types, or none at all", async () => {
            assert.deepEqual(await check(component((c) => (c.enabledClusterLogTypes = ["api"]))), [
                "enabledClusterLogTypes enables only api; add audit and authenticator so API calls and logins are recorded in CloudWatch.",
            ]);
            assert.deepEqual(await check(component((c) => delete c.enabledClusterLogTypes)), [
                "enabledClusterLogTypes enables no log type; add api, audit and authenticator so API calls and logins are recorded in CloudWatch.",
            ]);
        });

        it("takes the required types from the config", async () => {
            const twoTypes = component((c) => (c.enabledClusterLogTypes = ["api", "audit"]));
            assert.deepEqual(await check(twoTypes, { requiredLogTypes: ["api", "audit"] }), []);
            assert.equal((await check(twoTypes)).length, 1);
        });

        it("cannot judge unknown log types, and says so", async () => {
            assert.deepEqual(await validateResource(eksControlPlaneLogging, EKS_COMPONENT, component((c) => (c.enabledClusterLogTypes = UNKNOWN_INPUT))), {
                messages: [],
                notApplicable: "cannot judge during preview: enabledClusterLogTypes is unknown until the update; pulumi up judges it before applying",
            });
        });
    });

    describe("policy eks-secrets-encryption", () => {
        it("reports a component without a key, and accepts a key that is unknown during a preview", async () => {
            assert.deepEqual(await resourceMessages(eksSecretsEncryption, EKS_COMPONENT, component((c) => delete c.encryptionConfigKeyArn)), [
                "encryptionConfigKeyArn is not set, so Kubernetes Secrets sit in etcd without KMS envelope encryption; set it to the ARN of a KMS key with rotation on.",
            ]);
            assert.deepEqual(await resourceMessages(eksSecretsEncryption, EKS_COMPONENT, component((c) => (c.encryptionConfigKeyArn = UNKNOWN_INPUT))), []);
        });

        it("reports an aws.eks.Cluster without encryptionConfig, or one that leaves out secrets or the key", async () => {
            assert.deepEqual(await resourceMessages(eksSecretsEncryption, EKS_CLUSTER, cluster((c) => delete c.encryptionConfig)), [
                'encryptionConfig is not set, so Kubernetes Secrets sit in etcd without KMS envelope encryption; set encryptionConfig: { resources: ["secrets"], provider: { keyArn: <KMS key ARN> } }.',
            ]);
            assert.deepEqual(await resourceMessages(eksSecretsEncryption, EKS_CLUSTER, cluster((c) => (c.encryptionConfig.resources = []))), [
                'encryptionConfig.resources does not include "secrets"; add it.',
            ]);
            assert.deepEqual(await resourceMessages(eksSecretsEncryption, EKS_CLUSTER, cluster((c) => delete c.encryptionConfig.provider)), [
                "encryptionConfig.provider.keyArn is not set; set it to the ARN of a KMS key with rotation on.",
            ]);
        });
    });

    describe("policy eks-supported-version", () => {
        const check = (props: Obj, config?: Record<string, unknown>) => resourceMessages(eksSupportedVersion, EKS_COMPONENT, props, { config });

        it("reports an unpinned version and one outside the supported list", async () => {
            assert.deepEqual(await check(component((c) => delete c.version)), [
                "version is not set, so EKS picks whatever version is its default on the day the cluster is created; set it to one of 1.32, 1.33, 1.34 or 1.35.",
            ]);
            assert.deepEqual(await check(component((c) => (c.version = "1.29"))), ['version is "1.29"; use one of 1.32, 1.33, 1.34 or 1.35.']);
        });

        it("takes the supported versions from the config", async () => {
            assert.deepEqual(await check(component((c) => (c.version = "1.29")), { supportedVersions: ["1.29", "1.30"] }), []);
            assert.deepEqual(await check(eksComponent(), { supportedVersions: ["1.35"] }), ['version is "1.34"; use 1.35.']);
        });
    });
});
