import { strict as assert } from "assert";
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { evaluateForEnvironment, evaluatePolicies, loadPackConfig, PolicyConfigError, resolvePackConfig } from "../../../automation/policies/runner";
import { RecordedResource, SECRET_PLACEHOLDER, UNKNOWN_PLACEHOLDER } from "../../../automation/harness/recorder";
import { POLICIES } from "../../../policies/catalog";
import { EKS_COMPONENT, eksComponent, Obj, STORAGE_CLASS, storageClass } from "../../support/policyFixtures";

const STACK_URN = "urn:pulumi:prod::kafka-platform::pulumi:pulumi:Stack::kafka-platform-prod";
const COMPONENT_URN = "urn:pulumi:prod::kafka-platform::kafka-platform:cluster:EksCluster::cluster";

function recorded(type: string, name: string, inputs: Obj, extra: Partial<RecordedResource> = {}): RecordedResource {
    return {
        urn: `urn:pulumi:prod::kafka-platform::kafka-platform:cluster:EksCluster$${type}::${name}`,
        type,
        name,
        parent: COMPONENT_URN,
        custom: true,
        inputs,
        dependencies: [],
        protect: false,
        retainOnDelete: false,
        deleteBeforeReplace: false,
        ignoreChanges: [],
        ...extra,
    };
}

const stack = recorded("pulumi:pulumi:Stack", "kafka-platform-prod", {}, { urn: STACK_URN, parent: undefined, custom: false });
const component = recorded("kafka-platform:cluster:EksCluster", "cluster", {}, { urn: COMPONENT_URN, parent: STACK_URN, custom: false });
const openEks = recorded(EKS_COMPONENT, "cluster-eks", { ...eksComponent(), publicAccessCidrs: ["0.0.0.0/0"] }, { custom: false });
const plainClass = recorded(STORAGE_CLASS, "cluster-gp3", { ...storageClass(), parameters: { type: "gp3" } });
const wildcardPolicy = recorded("aws:iam/rolePolicy:RolePolicy", "sink", {
    role: "sink",
    policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] }),
});

const OPEN_ENDPOINT = 'publicAccessCidrs includes "0.0.0.0/0", the whole internet; list only office or VPN ranges of /16 or narrower, or set endpointPublicAccess: false.';
const PLAIN_CLASS = 'StorageClass gp3 (ebs.csi.aws.com) does not set parameters.encrypted: "true", so its volumes are unencrypted unless the account encrypts EBS by default; set it.';
const WILDCARD = 'RolePolicy sink: statement 0 allows "s3:*", which grants every s3 action on every resource ("*"); list only the actions the workload needs.';

describe("in-process policy runner", () => {
    describe("pack config", () => {
        it("starts each policy from its schema defaults and the pack's level", () => {
            const resolved = resolvePackConfig({});
            assert.deepEqual(resolved.get("kafka-min-brokers"), { enforcementLevel: "mandatory", properties: { minBrokers: 3 } });
            assert.deepEqual(resolved.get("s3-bucket-versioning"), { enforcementLevel: "mandatory", properties: {} });
            assert.equal(resolved.size, POLICIES.length);
        });

        it('applies "all" first, then each policy\'s own level and settings over the defaults', () => {
            const resolved = resolvePackConfig({
                all: "advisory",
                "kafka-min-brokers": { enforcementLevel: "mandatory", minBrokers: 5 },
                "eks-endpoint-restricted": { minPublicCidrPrefixLength: 24 },
                "s3-bucket-versioning": "disabled",
            });
            assert.deepEqual(resolved.get("kafka-min-brokers"), { enforcementLevel: "mandatory", properties: { minBrokers: 5 } });
            assert.deepEqual(resolved.get("eks-endpoint-restricted"), { enforcementLevel: "advisory", properties: { allowPublicAccess: true, minPublicCidrPrefixLength: 24 } });
            assert.deepEqual(resolved.get("s3-bucket-versioning"), { enforcementLevel: "disabled", properties: {} });
            assert.equal(resolved.get("iam-no-wildcard-actions")?.enforcementLevel, "advisory");
        });

        it("refuses unknown policies and settings, bad levels and values the schema does not allow, all at once", () => {
            const bad = {
                "kafka-min-broker": "mandatory",
                "kafka-min-brokers": { minBrokers: 0, maxBrokers: 9 },
                "s3-bucket-versioning": "strict",
                "eks-control-plane-logging": { enforcementLevel: "blocking", requiredLogTypes: ["api", "kubelet"] },
                "kafka-storage-min-size": { minBrokerVolumeGi: "100Gi" },
            } as never;
            assert.throws(
                () => resolvePackConfig(bad, { configSource: "policies/config/prod.json" }),
                (e: unknown) => {
                    assert.ok(e instanceof PolicyConfigError);
                    assert.equal(
                        e.message,
                        [
                            "invalid policy pack config policies/config/prod.json (7 problems):",
                            "  - kafka-min-broker: no policy of pack kafka-platform has this name",
                            "  - kafka-min-brokers.maxBrokers: unknown setting; this policy takes minBrokers",
                            "  - kafka-min-brokers.minBrokers: must be >= 1 (got 0)",
                            "  - kafka-storage-min-size.minBrokerVolumeGi: must be number (got \"100Gi\")",
                            '  - s3-bucket-versioning: must be one of advisory, mandatory, remediate, disabled or an object (got "strict")',
                            '  - eks-control-plane-logging.enforcementLevel: must be one of advisory, mandatory, remediate, disabled (got "blocking")',
                            '  - eks-control-plane-logging.requiredLogTypes[1]: must be one of "api", "audit", "authenticator", "controllerManager", "scheduler" (got "kubelet")',
                        ].join("\n"),
                    );
                    return true;
                },
            );
        });

        it("reads policies/config/<env>.json and names the configs there are when one is missing", () => {
            assert.deepEqual(loadPackConfig("prod")["kafka-min-brokers"], { enforcementLevel: "mandatory", minBrokers: 3 });
            assert.throws(() => loadPackConfig("qa"), { message: 'no policy pack config for environment "qa": policies/config/qa.json does not exist (configs: dev, local, prod, staging)' });
        });
    });

    describe("evaluation", () => {
        const resources = [stack, component, openEks, plainClass, wildcardPolicy];

        it("reports each violation with its policy, level, severity, resource and message", async () => {
            const violations = await evaluatePolicies(resources, {});
            assert.deepEqual(violations, [
                { policy: "eks-endpoint-restricted", enforcementLevel: "mandatory", severity: "critical", urn: openEks.urn, message: OPEN_ENDPOINT },
                { policy: "ebs-storage-class-encrypted", enforcementLevel: "mandatory", severity: "high", urn: plainClass.urn, message: PLAIN_CLASS },
                { policy: "iam-no-wildcard-actions", enforcementLevel: "mandatory", severity: "critical", urn: wildcardPolicy.urn, message: WILDCARD },
            ]);
        });

        it("applies each policy's enforcement level from the config: advisory, disabled, and remediate as mandatory", async () => {
            const violations = await evaluatePolicies(resources, {
                "eks-endpoint-restricted": { enforcementLevel: "advisory", minPublicCidrPrefixLength: 8 },
                "ebs-storage-class-encrypted": "disabled",
                "iam-no-wildcard-actions": "remediate",
            });
            assert.deepEqual(
                violations.map((v) => [v.policy, v.enforcementLevel, v.message]),
                [
                    ["eks-endpoint-restricted", "advisory", OPEN_ENDPOINT.replace("/16", "/8")],
                    ["iam-no-wildcard-actions", "mandatory", WILDCARD],
                ],
            );
        });

        it("treats recorded unknowns and secrets as unknown: the checks that need them cannot judge", async () => {
            const unknownCidrs = recorded(EKS_COMPONENT, "cluster-eks", { ...eksComponent(), publicAccessCidrs: UNKNOWN_PLACEHOLDER }, { custom: false });
            const secretPolicy = recorded("aws:iam/rolePolicy:RolePolicy", "sink", { role: "sink", policy: SECRET_PLACEHOLDER });
            assert.deepEqual(await evaluatePolicies([stack, component, unknownCidrs, secretPolicy], {}), []);
        });

        it("reports a policy that reads an unknown value unguarded as the engine does: advisory, cannot run during preview", async () => {
            const unguarded: ResourceValidationPolicy = {
                name: "reads-blindly",
                description: "Reads a value without guarding against unknowns.",
                severity: "low",
                validateResource: (args, report) => {
                    if ((args.props.publicAccessCidrs as string[]).length > 5) {
                        report("too many");
                    }
                },
            };
            const unknownCidrs = recorded(EKS_COMPONENT, "cluster-eks", { publicAccessCidrs: UNKNOWN_PLACEHOLDER }, { custom: false });
            assert.deepEqual(await evaluatePolicies([unknownCidrs], {}, { policies: [unguarded] }), [
                {
                    policy: "reads-blindly",
                    enforcementLevel: "advisory",
                    severity: "low",
                    urn: unknownCidrs.urn,
                    message: "can't run policy 'reads-blindly' during preview: string value at .publicAccessCidrs can't be known during preview",
                },
            ]);
        });

        it("gives stack policies every resource with its parent and dependencies, and its config", async () => {
            const seen: string[] = [];
            const probe: StackValidationPolicy = {
                name: "probe",
                description: "Describes the stack it is given.",
                severity: "medium",
                configSchema: { properties: { prefix: { type: "string", default: "seen" } } },
                validateStack: (args, report) => {
                    const { prefix } = args.getConfig<{ prefix: string }>();
                    for (const r of args.resources) {
                        seen.push(`${prefix} ${r.name} parent=${r.parent?.name ?? "-"} deps=${r.dependencies.map((d) => d.name).join(",")}`);
                    }
                    report("about the stack");
                },
            };
            const dependent = recorded(STORAGE_CLASS, "cluster-gp3", storageClass(), { dependencies: [openEks.urn, "urn:pulumi:prod::kafka-platform::other::not-recorded"] });
            const violations = await evaluatePolicies([stack, component, openEks, dependent], { probe: { prefix: "got" } }, { policies: [probe] });
            assert.deepEqual(seen, [
                "got kafka-platform-prod parent=- deps=",
                "got cluster parent=kafka-platform-prod deps=",
                "got cluster-eks parent=cluster deps=",
                "got cluster-gp3 parent=cluster deps=cluster-eks",
            ]);
            assert.deepEqual(violations, [{ policy: "probe", enforcementLevel: "mandatory", severity: "medium", message: "about the stack" }]);
        });

        it("fails the evaluation, naming the policy and resource, when a policy throws", async () => {
            const broken: ResourceValidationPolicy = {
                name: "broken",
                description: "Throws.",
                severity: "low",
                validateResource: () => {
                    throw new Error("boom");
                },
            };
            await assert.rejects(evaluatePolicies([openEks], {}, { policies: [broken] }), { message: `policy broken failed on ${openEks.urn}: boom` });
        });

        it("refuses a policy without a severity", async () => {
            const unrated: ResourceValidationPolicy = { name: "unrated", description: "Has no severity.", validateResource: () => undefined };
            await assert.rejects(evaluatePolicies([openEks], {}, { policies: [unrated] }), { message: "policy unrated has no severity" });
        });

        it("evaluates with an environment's config file", async () => {
            const violations = await evaluateForEnvironment([stack, component, openEks], "dev");
            assert.deepEqual(violations, [
                {
                    policy: "eks-endpoint-restricted",
                    enforcementLevel: "advisory",
                    severity: "critical",
                    urn: openEks.urn,
                    message: 'publicAccessCidrs includes "0.0.0.0/0", the whole internet; list only office or VPN ranges of /8 or narrower, or set endpointPublicAccess: false.',
                },
            ]);
        });
    });
});
