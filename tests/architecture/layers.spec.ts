import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { PROJECT_ROOT } from "../../automation/harness/stackFiles";

/**
 * The layers of components/, lowest first: a folder may import only from the folders listed for it.
 * Config is the bottom (every part reads it, it reads no part); stacks are the top (they compose the
 * parts and nothing imports them). A new part gets a row here, which is where its place is decided.
 */
const ALLOWED: Record<string, readonly string[]> = {
    config: [],
    shared: [],
    network: ["config", "shared"],
    cluster: ["config", "shared"],
    strimzi: ["config", "shared"],
    kafka: ["config", "shared", "strimzi"],
    teams: ["config", "shared", "strimzi", "kafka"],
    archive: ["config", "shared", "strimzi", "kafka"],
    observability: ["config", "shared", "strimzi", "kafka"],
    local: ["config", "shared", "strimzi", "kafka", "archive"],
    stacks: ["config", "shared", "network", "cluster", "strimzi", "kafka", "teams", "archive", "observability", "local"],
};

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+"(\.{1,2}\/[^"]+)"/g;

function sourceFiles(dir: string): string[] {
    return fs.readdirSync(path.join(PROJECT_ROOT, dir), { withFileTypes: true }).flatMap((e) => {
        const rel = `${dir}/${e.name}`;
        if (e.isDirectory()) return e.name === "node_modules" ? [] : sourceFiles(rel);
        return e.name.endsWith(".ts") ? [rel] : [];
    });
}

/** Each relative import of a file, resolved to a path from the project root. */
function importsOf(file: string): string[] {
    const text = fs.readFileSync(path.join(PROJECT_ROOT, file), "utf8");
    return [...text.matchAll(IMPORT)].map((m) => path.posix.normalize(path.posix.join(path.posix.dirname(file), m[1])));
}

function topFolder(p: string): string {
    return p.split("/")[0];
}

describe("the layers of the source tree", () => {
    it("gives every folder under components/ a row in the layer table", () => {
        const folders = fs.readdirSync(path.join(PROJECT_ROOT, "components"), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
        assert.deepEqual(folders.filter((f) => !(f in ALLOWED)), []);
        assert.deepEqual(fs.readdirSync(path.join(PROJECT_ROOT, "components")).filter((f) => f.endsWith(".ts")), [], "components/ holds folders only");
    });

    it("lets each part of components/ import only from the parts below it", () => {
        const violations = sourceFiles("components").flatMap((file) => {
            const part = file.split("/")[1];
            return importsOf(file)
                .filter((target) => {
                    if (topFolder(target) !== "components") return true;
                    const targetPart = target.split("/")[1];
                    return targetPart !== part && !ALLOWED[part].includes(targetPart);
                })
                .map((target) => `${file} -> ${target}`);
        });
        assert.deepEqual(violations, []);
    });

    it("keeps the low layers' own files self-contained: Strimzi's types import nothing of ours", () => {
        assert.deepEqual(importsOf("components/strimzi/types.ts"), []);
    });

    it("keeps the policy pack standalone: policies/ imports nothing outside itself", () => {
        const outside = sourceFiles("policies").flatMap((file) => importsOf(file).filter((t) => topFolder(t) !== "policies").map((t) => `${file} -> ${t}`));
        assert.deepEqual(outside, []);
    });

    it("keeps automation/ and the tests out of the program: index.ts reads only config and the stacks", () => {
        assert.deepEqual(
            importsOf("index.ts").map((t) => t.split("/").slice(0, 2).join("/")),
            ["components/config", "components/stacks", "components/stacks", "components/stacks"],
        );
    });

    it("checks a real import graph: the table is not vacuous", () => {
        const edges = sourceFiles("components").flatMap(importsOf);
        assert.ok(edges.includes("components/config/errors"), "config's error module is imported");
        assert.ok(importsOf("components/stacks/platform.ts").some((t) => t.startsWith("components/cluster/")));
    });
});
