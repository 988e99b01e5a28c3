import { strict as assert } from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.join(__dirname, "..", "..");

/**
 * The CLI's nodejs language host starts a pack as `node <@pulumi/pulumi>/cmd/run-policy-pack
 * <engine address> <pack dir>` in the pack's folder, and reads the analyzer's port from the first
 * line of stdout (@pulumi/policy 1.21 server.js prints it once the gRPC server listens).
 */
function startPack(): Promise<{ port: string; stderr: string }> {
    const entry = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [ROOT] });
    const packDir = path.join(ROOT, "policies");
    const child = spawn(process.execPath, [entry, "127.0.0.1:0", packDir], { cwd: packDir, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    return new Promise((resolve, reject) => {
        const done = (err?: Error) => {
            child.kill();
            const port = stdout.split("\n")[0].trim();
            if (err) {
                reject(err);
            } else {
                resolve({ port, stderr });
            }
        };
        child.stdout.on("data", (d: Buffer) => {
            stdout += d.toString();
            if (stdout.includes("\n")) {
                done();
            }
        });
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.on("exit", (code) => done(new Error(`run-policy-pack exited with ${code} before serving: ${stderr}`)));
    });
}

describe("the policy pack as the Pulumi CLI loads it", () => {
    it("installs with the project's runtime dependencies, so `npm ci --omit=dev` can run it", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as Record<string, Record<string, string>>;
        const pack = JSON.parse(fs.readFileSync(path.join(ROOT, "policies", "package.json"), "utf8")) as Record<string, Record<string, string>>;
        assert.equal(pkg.dependencies["@pulumi/policy"], pack.dependencies["@pulumi/policy"]);
        assert.equal(pkg.devDependencies["@pulumi/policy"], undefined);
    });

    it("starts its analyzer through @pulumi/pulumi's run-policy-pack entry point", async function () {
        this.timeout(120000);
        const { port, stderr } = await startPack();
        assert.match(port, /^\d+$/, `expected the analyzer's port on stdout; stderr: ${stderr}`);
    });
});
