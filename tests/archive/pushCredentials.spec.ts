import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ArchiveRun, manifest, runArchive, STRIMZI, TEAM_TOPICS } from "./fixture";
import { resource } from "../support/harness";
import { AWS_CLI_IMAGE, REFRESH_HOURS, refreshScript } from "../../components/archive/pushCredentialsManifests";

/** ECR login tokens are valid for 12 hours (ECR GetAuthorizationToken). */
const ECR_TOKEN_HOURS = 12;

type PodSpec = {
    serviceAccountName: string;
    containers: { image: string; command: string[]; env: { name: string; value: string }[] }[];
    nodeSelector?: Record<string, string>;
};

describe("the ECR push secret and what keeps it fresh", () => {
    let prod: ArchiveRun;
    before(async () => {
        prod = await runArchive({ stack: "prod", topics: TEAM_TOPICS });
    });
    const inputs = (type: string, name: string) => resource(prod, type, name).inputs as Record<string, any>;

    it("gives the build the Secret as its push secret", () => {
        const build = manifest(resource(prod, STRIMZI("KafkaConnect"), "archive-connect-connect")).spec.build as { output: { pushSecret: string } };
        assert.equal(build.output.pushSecret, "archive-push-credentials");
    });

    it("creates the Secret empty, with the type Strimzi mounts, and leaves its data to the jobs", () => {
        const secret = resource(prod, "kubernetes:core/v1:Secret", "archive-push-secret");
        assert.equal(secret.inputs.type, "kubernetes.io/dockerconfigjson");
        assert.deepEqual((secret.inputs.metadata as Record<string, unknown>).name, "archive-push-credentials");
        assert.deepEqual(secret.ignoreChanges.sort(), ["data", "stringData"]);
    });

    it("runs the jobs as a service account with the build role, which may rewrite that one Secret and nothing else", () => {
        assert.deepEqual(inputs("kubernetes:core/v1:ServiceAccount", "archive-push-account").metadata.annotations, {
            "eks.amazonaws.com/role-arn": prod.outputs.buildRoleArn,
        });
        assert.deepEqual(inputs("kubernetes:rbac.authorization.k8s.io/v1:Role", "archive-push-role").rules, [
            { apiGroups: [""], resources: ["secrets"], resourceNames: ["archive-push-credentials"], verbs: ["patch"] },
        ]);
        assert.deepEqual(inputs("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", "archive-push-binding").subjects, [
            { kind: "ServiceAccount", name: "archive-push-credentials", namespace: "kafka" },
        ]);
    });

    it("writes a token before the first build and refreshes it well inside the token's 12 hours", () => {
        const job = inputs("kubernetes:batch/v1:Job", "archive-push-initial");
        const cron = inputs("kubernetes:batch/v1:CronJob", "archive-push-refresh");
        assert.equal(cron.spec.schedule, `17 */${REFRESH_HOURS} * * *`);
        assert.equal(cron.spec.concurrencyPolicy, "Forbid");
        assert.ok(2 * REFRESH_HOURS <= ECR_TOKEN_HOURS, "one failed run must still leave a valid token");
        for (const spec of [job.spec.template.spec, cron.spec.jobTemplate.spec.template.spec] as PodSpec[]) {
            assert.equal(spec.serviceAccountName, "archive-push-credentials");
            assert.deepEqual(spec.nodeSelector, { "kafka-platform.io/node-pool": "system" });
            const [container] = spec.containers;
            assert.equal(container.image, AWS_CLI_IMAGE);
            assert.deepEqual(container.command, ["/bin/bash", "-c", refreshScript()]);
            assert.deepEqual(
                Object.fromEntries(container.env.map((e) => [e.name, e.value])),
                { AWS_REGION: "eu-central-1", REGISTRY: "123456789012.dkr.ecr.eu-central-1.amazonaws.com", NAMESPACE: "kafka", SECRET: "archive-push-credentials", HOME: "/tmp" },
            );
        }
    });

    it("makes the KafkaConnect wait for the first token", () => {
        const connect = resource(prod, STRIMZI("KafkaConnect"), "archive-connect-connect");
        assert.ok(connect.dependencies.includes(resource(prod, "kubernetes:batch/v1:Job", "archive-push-initial").urn));
    });

    it("writes a docker config Buildah can log in with, and never prints the token (the script run in bash with stand-ins for aws and curl)", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "push-credentials-"));
        const bin = path.join(dir, "bin");
        fs.mkdirSync(bin);
        const token = "eyJwYXlsb2FkIjoiZXhhbXBsZSJ9";
        fs.writeFileSync(path.join(bin, "aws"), `#!/bin/bash\n[ "$*" = "ecr get-login-password --region eu-central-1" ] || exit 3\necho ${token}\n`, { mode: 0o755 });
        fs.writeFileSync(path.join(bin, "curl"), `#!/bin/bash\nprintf '%s\\n' "$@" > "${dir}/curl-args"\n`, { mode: 0o755 });
        const sa = path.join(dir, "sa");
        const script = refreshScript().replace("SA=/var/run/secrets/kubernetes.io/serviceaccount", `SA=${sa}`);
        fs.mkdirSync(sa);
        fs.writeFileSync(path.join(sa, "token"), "service-account-token");
        fs.writeFileSync(path.join(sa, "ca.crt"), "");
        const out = execFileSync("/bin/bash", ["-c", script], {
            env: { HOME: dir, PATH: `${bin}:/usr/bin:/bin`, AWS_REGION: "eu-central-1", REGISTRY: "123456789012.dkr.ecr.eu-central-1.amazonaws.com", NAMESPACE: "kafka", SECRET: "archive-push-credentials" },
            encoding: "utf8",
        });
        assert.equal(out, "refreshed the registry token in Secret archive-push-credentials\n");
        const args = fs.readFileSync(path.join(dir, "curl-args"), "utf8").trim().split("\n");
        assert.equal(args[args.length - 1], "https://kubernetes.default.svc/api/v1/namespaces/kafka/secrets/archive-push-credentials");
        assert.ok(args.includes("Authorization: Bearer service-account-token") && args.includes("Content-Type: application/merge-patch+json"));
        // The one request the Role allows (verb patch); no read of the Secret.
        assert.equal(args[args.indexOf("-X") + 1], "PATCH");
        assert.equal(args.filter((a) => a.startsWith("https://")).length, 1);
        const body = JSON.parse(args[args.indexOf("--data") + 1]);
        const config = JSON.parse(Buffer.from(body.data[".dockerconfigjson"], "base64").toString("utf8"));
        assert.deepEqual(config, { auths: { "123456789012.dkr.ecr.eu-central-1.amazonaws.com": { auth: Buffer.from(`AWS:${token}`).toString("base64") } } });
        fs.rmSync(dir, { recursive: true, force: true });
    });
});
