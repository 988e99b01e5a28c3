import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { PROJECT_ROOT } from "../../automation/harness/stackFiles";
import { archiveBucketBaseName } from "../../components/archive/bucket";
import { LOCAL_DEFAULTS, LOCAL_REFUSED, localSchema } from "../../components/config/local";
import { OBJECT_STORE_NAME, ROOT_SECRET_KEYS, ROOT_SECRET_NAME, ROOT_USER } from "../../components/local/objectStoreManifests";
import { containerdHostsToml, registryHost } from "../../components/local/registryManifests";

const read = (file: string) => fs.readFileSync(path.join(PROJECT_ROOT, file), "utf8");
const readme = read("README.md");
const localDoc = read("docs/local.md");
const configDoc = read("docs/config.md");

function section(doc: string, heading: string): string {
    const start = doc.indexOf(`\n${heading}\n`);
    assert.ok(start >= 0, `no section ${heading}`);
    const rest = doc.slice(start + heading.length + 2);
    const next = rest.search(/\n## /);
    return next < 0 ? rest : rest.slice(0, next);
}

/** Lines of the shell blocks of a document, without leading whitespace or comments. */
function commands(doc: string): string[] {
    return [...doc.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1].split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#")));
}

describe("the local stack's docs", () => {
    const tryIt = section(readme, "## Try it locally");
    const steps = commands(tryIt);
    const clusterName = LOCAL_DEFAULTS.context.replace(/^kind-/, "");
    const node = `${clusterName}-control-plane`;
    const hostsDir = `/etc/containerd/certs.d/${registryHost(LOCAL_DEFAULTS.namespace)}`;
    const bucket = archiveBucketBaseName("kafka-platform-local");

    it("README has a Try it locally section that creates the kind cluster of the stack's context, logs in locally and runs pulumi up -s local", () => {
        assert.ok(LOCAL_DEFAULTS.context.startsWith("kind-"));
        for (const command of [`kind create cluster --name ${clusterName}`, "pulumi login --local", "pulumi stack select local --create", "pulumi up -s local", `kind delete cluster --name ${clusterName}`]) {
            assert.ok(steps.includes(command), command);
        }
    });

    it("writes exactly the containerd mirror entry the registry's defaults need, in README and docs/local.md alike", () => {
        const mkdir = `docker exec ${node} mkdir -p "${hostsDir}"`;
        const write = steps.find((s) => s.startsWith("printf "));
        assert.ok(steps.includes(mkdir));
        assert.ok(write);
        const format = /^printf '([^']*)'/.exec(write)![1].replace(/\\n/g, "\n");
        assert.equal(format, containerdHostsToml(LOCAL_DEFAULTS.registry.nodePort));
        assert.ok(write.endsWith(`| docker exec -i ${node} cp /dev/stdin "${hostsDir}/hosts.toml"`));
        const documented = commands(localDoc);
        assert.ok(documented.includes(mkdir) && documented.includes(write));
    });

    it("shows how to list the bucket with the root user's Secret through a port-forward, in README and docs/local.md alike", () => {
        const forward = `kubectl --context ${LOCAL_DEFAULTS.context} -n ${LOCAL_DEFAULTS.namespace} port-forward svc/${OBJECT_STORE_NAME} 9000:9000 9001:9001 &`;
        const credentials =
            `export MC_HOST_local="http://${ROOT_USER}:$(kubectl --context ${LOCAL_DEFAULTS.context} -n ${LOCAL_DEFAULTS.namespace} get secret ${ROOT_SECRET_NAME}` +
            ` -o jsonpath='{.data.${ROOT_SECRET_KEYS.password}}' | base64 -d)@localhost:9000"`;
        const list = `mc ls --recursive local/${bucket}/kafka/demo/`;
        for (const command of [forward, credentials, list]) {
            assert.ok(steps.includes(command), command);
            assert.ok(commands(localDoc).includes(command), command);
        }
        assert.match(readme, /\(docs\/local\.md\)/);
    });

    it("docs/local.md documents every key of the local section with its default", () => {
        const reference = section(localDoc, "## Config reference (`kafka-platform:local`)");
        const keys = Object.entries(localSchema.shape).flatMap(([k, v]) => {
            const shape = (v as { shape?: Record<string, unknown> }).shape;
            return shape ? Object.keys(shape).map((s) => `${k}.${s}`) : [k];
        });
        for (const key of keys) {
            assert.ok(reference.includes(`| \`${key}\` |`), key);
            assert.ok(configDoc.includes(`| \`${key}\` |`), `docs/config.md: ${key}`);
        }
        for (const value of [LOCAL_DEFAULTS.context, LOCAL_DEFAULTS.namespace, LOCAL_DEFAULTS.objectStore.image, LOCAL_DEFAULTS.objectStore.clientImage, LOCAL_DEFAULTS.registry.image]) {
            assert.ok(reference.includes(`\`${value}\``), value);
        }
    });

    it("docs/local.md lists every key a local stack refuses", () => {
        const refused = section(localDoc, "## What local refuses");
        for (const [keyPath] of LOCAL_REFUSED) {
            assert.ok(refused.includes(`\`${keyPath.join(".")}\``), keyPath.join("."));
        }
    });

    it("docs/config.md lists local as an environment", () => {
        assert.ok(configDoc.includes("| `environment` | `dev` \\| `staging` \\| `prod` \\| `local` |"));
    });
});
