import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { loadPackConfig, resolvePackConfig } from "../../automation/policies/runner";
import { PROJECT_ROOT } from "../../automation/harness/stackFiles";
import { REQUIRED_PROD_LOG_TYPES, SUPPORTED_KUBERNETES_VERSIONS } from "../../components/config/cluster";
import { PACK_NAME, POLICIES } from "../../policies/catalog";

const POLICY_DIR = path.join(PROJECT_ROOT, "policies");
const ENVIRONMENTS = ["dev", "staging", "prod"];

function readJson(file: string): Record<string, unknown> {
    return JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, file), "utf8")) as Record<string, unknown>;
}

describe("the policy pack", () => {
    describe("each rule", () => {
        it("has a unique kebab-case name, a description, a severity, remediation steps and a config schema", () => {
            const names = POLICIES.map((p) => p.name);
            assert.equal(new Set(names).size, names.length);
            for (const p of POLICIES) {
                assert.match(p.name, /^[a-z0-9]+(-[a-z0-9]+)+$/, p.name);
                assert.ok(p.description.length > 20 && p.description.endsWith("."), `${p.name}: description`);
                assert.ok(["low", "medium", "high", "critical"].includes(p.severity ?? ""), `${p.name}: severity`);
                assert.ok((p.remediationSteps ?? "").length > 40, `${p.name}: remediation steps`);
                assert.ok(p.configSchema, `${p.name}: config schema`);
                assert.ok(!("enforcementLevel" in p.configSchema.properties), `${p.name}: the analyzer refuses a schema property named enforcementLevel`);
                assert.equal(p.enforcementLevel, undefined, `${p.name}: levels come from the environment's config`);
            }
        });

        it("has schema defaults its own schema accepts", () => {
            assert.doesNotThrow(() => resolvePackConfig({}));
        });

        it("covers everything the issue asks for", () => {
            assert.deepEqual(
                POLICIES.map((p) => p.name),
                [
                    "kafka-min-brokers",
                    "kafka-default-replication-factor",
                    "kafka-min-insync-replicas",
                    "kafka-internal-topic-replication",
                    "kafka-unclean-leader-election",
                    "kafka-rack-awareness",
                    "kafka-topic-replication",
                    "kafka-no-ephemeral-storage",
                    "kafka-storage-delete-claim",
                    "kafka-storage-min-size",
                    "kafka-storage-class",
                    "kafka-retention-fits-storage",
                    "kafka-listener-security",
                    "kafka-authorization",
                    "kafka-user-acl-team-scope",
                    "kafka-drains-wait-for-sync",
                    "kafka-alerting",
                    "kafka-team-lag-watched",
                    "kubernetes-crds-protected",
                    "ebs-storage-class-encrypted",
                    "s3-bucket-encryption",
                    "s3-bucket-versioning",
                    "s3-public-access-block",
                    "s3-bucket-owner-enforced",
                    "s3-tls-only-policy",
                    "s3-abort-multipart-uploads",
                    "eks-endpoint-restricted",
                    "eks-control-plane-logging",
                    "eks-secrets-encryption",
                    "eks-supported-version",
                    "eks-team-role-no-cluster-access",
                    "ec2-imds-hop-limit",
                    "eks-addon-version-pinned",
                    "iam-no-wildcard-actions",
                    "iam-no-admin-managed-policies",
                    "kms-key-use-through-services",
                ],
            );
        });

        it("supports the Kubernetes versions the stack config allows, and requires prod's log types", () => {
            const byName = new Map(POLICIES.map((p) => [p.name, p]));
            assert.deepEqual(byName.get("eks-supported-version")?.configSchema?.properties.supportedVersions.default, [...SUPPORTED_KUBERNETES_VERSIONS]);
            for (const env of ENVIRONMENTS) {
                assert.deepEqual(resolvePackConfig(loadPackConfig(env)).get("eks-supported-version")?.properties.supportedVersions, [...SUPPORTED_KUBERNETES_VERSIONS], env);
            }
            assert.deepEqual(resolvePackConfig(loadPackConfig("prod")).get("eks-control-plane-logging")?.properties.requiredLogTypes, [...REQUIRED_PROD_LOG_TYPES]);
        });
    });

    describe("environment configs", () => {
        const levels = (env: string) => {
            const resolved = resolvePackConfig(loadPackConfig(env), { configSource: `policies/config/${env}.json` });
            const byLevel: Record<string, string[]> = {};
            for (const [name, c] of resolved) {
                (byLevel[c.enforcementLevel] ??= []).push(name);
            }
            return byLevel;
        };

        it("name every rule explicitly, so none falls back to the pack's default silently", () => {
            for (const env of ENVIRONMENTS) {
                assert.deepEqual(Object.keys(loadPackConfig(env)).sort(), POLICIES.map((p) => p.name).sort(), env);
            }
        });

        it("prod: every rule mandatory", () => {
            assert.deepEqual(levels("prod"), { mandatory: POLICIES.map((p) => p.name) });
        });

        it("staging: mandatory except the capacity and cost rules, and a receiver for its alerts", () => {
            assert.deepEqual(levels("staging").advisory, ["kafka-retention-fits-storage", "kafka-alerting", "s3-abort-multipart-uploads"]);
            assert.equal(levels("staging").disabled, undefined);
        });

        it("dev: advisory except access control and encryption; ephemeral storage, volumes deleted with their claims, unprotected CRDs and alerts to nobody allowed", () => {
            const dev = levels("dev");
            // Pods reaching the node role's credentials is not a dev-only risk: the hop limit is mandatory everywhere.
            assert.deepEqual(dev.mandatory, [
                "kafka-listener-security",
                "kafka-authorization",
                "kafka-user-acl-team-scope",
                "s3-public-access-block",
                "s3-tls-only-policy",
                "eks-secrets-encryption",
                "eks-team-role-no-cluster-access",
                "ec2-imds-hop-limit",
                "iam-no-wildcard-actions",
                "iam-no-admin-managed-policies",
                "kms-key-use-through-services",
            ]);
            // dev's CRDs are retained on delete but not protected, so the stack can be destroyed.
            assert.deepEqual(dev.disabled, ["kafka-no-ephemeral-storage", "kafka-storage-delete-claim", "kafka-alerting", "kubernetes-crds-protected"]);
        });

        it("relax thresholds from prod to dev", () => {
            const setting = (env: string, policy: string, key: string) => resolvePackConfig(loadPackConfig(env)).get(policy)?.properties[key];
            assert.deepEqual(
                ENVIRONMENTS.map((env) => [
                    setting(env, "kafka-min-brokers", "minBrokers"),
                    setting(env, "kafka-topic-replication", "minReplicationFactor"),
                    setting(env, "kafka-storage-min-size", "minBrokerVolumeGi"),
                    setting(env, "kafka-storage-class", "requireRetain"),
                    setting(env, "eks-endpoint-restricted", "minPublicCidrPrefixLength"),
                    setting(env, "s3-bucket-encryption", "allowedAlgorithms"),
                ]),
                [
                    [1, 1, 10, false, 8, ["AES256", "aws:kms", "aws:kms:dsse"]],
                    [3, 3, 50, true, 16, ["aws:kms", "aws:kms:dsse"]],
                    [3, 3, 100, true, 24, ["aws:kms", "aws:kms:dsse"]],
                ],
            );
        });
    });

    describe("as a CrossGuard pack the Pulumi CLI runs", () => {
        it("has a PulumiPolicy.yaml for the nodejs runtime with TypeScript", () => {
            const project = parse(fs.readFileSync(path.join(POLICY_DIR, "PulumiPolicy.yaml"), "utf8")) as Record<string, unknown>;
            assert.deepEqual(project.runtime, { name: "nodejs", options: { typescript: true } });
            assert.equal(typeof project.description, "string");
        });

        it("has its own package.json with a version, index.ts as main, and the SDK versions the project pins", () => {
            const pack = readJson("policies/package.json");
            const root = readJson("package.json") as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
            assert.match(String(pack.version), /^\d+\.\d+\.\d+$/);
            assert.equal(pack.main, "index.ts");
            assert.deepEqual(pack.dependencies, { "@pulumi/policy": root.dependencies["@pulumi/policy"], "@pulumi/pulumi": root.dependencies["@pulumi/pulumi"] });
            for (const tool of ["typescript", "ts-node", "@types/node"]) {
                assert.equal((pack.devDependencies as Record<string, string>)[tool], root.devDependencies[tool], tool);
            }
        });

        it("has an index.ts that only builds the PolicyPack from the catalog (it is type-checked, never imported)", () => {
            const index = fs.readFileSync(path.join(POLICY_DIR, "index.ts"), "utf8");
            assert.deepEqual(index.match(/^import .*$/gm), ['import { PolicyPack } from "@pulumi/policy";', 'import { PACK_DESCRIPTION, PACK_ENFORCEMENT_LEVEL, PACK_NAME, POLICIES } from "./catalog";']);
            assert.equal(index.match(/new PolicyPack\(/g)?.length, 1);
            assert.match(PACK_NAME, /^[a-zA-Z0-9-_.]{1,100}$/);
        });

        it("is type-checked by npm test through the root tsconfig", () => {
            const tsconfig = readJson("tsconfig.json") as { include: string[]; exclude: string[] };
            assert.ok(tsconfig.include.includes("policies/**/*.ts"));
            assert.ok(tsconfig.exclude.includes("policies/node_modules"));
        });
    });

    describe("docs/policies.md", () => {
        const doc = fs.readFileSync(path.join(PROJECT_ROOT, "docs", "policies.md"), "utf8");

        it("describes every rule with its severity, its levels and its settings per environment as the configs set them", () => {
            const resolved = ENVIRONMENTS.map((env) => resolvePackConfig(loadPackConfig(env)));
            for (const p of POLICIES) {
                const section = doc.split(/^#### /m).find((s) => s.startsWith(`\`${p.name}\``));
                assert.ok(section, `docs/policies.md has no section for ${p.name}`);
                const levels = resolved.map((r) => r.get(p.name)!.enforcementLevel).join(" / ");
                assert.ok(section.includes(`Severity: **${p.severity}**. Enforcement (dev / staging / prod): ${levels}.`), `${p.name}: severity and levels`);
                for (const key of Object.keys(p.configSchema?.properties ?? {})) {
                    const values = resolved.map((r) => `\`${JSON.stringify(r.get(p.name)!.properties[key])}\``).join(" / ");
                    assert.ok(section.includes(`- \`${key}\`: ${values}.`), `${p.name}.${key}: ${values}`);
                }
            }
        });

        it("is linked from the README", () => {
            assert.match(fs.readFileSync(path.join(PROJECT_ROOT, "README.md"), "utf8"), /\(docs\/policies\.md\)/);
        });
    });
});
